import { NavLink } from "@/components/shell/nav-link";

const LINKS = [
  { href: "/admin", label: "Overview", exact: true },
  { href: "/admin/organizations", label: "Organisations" },
  { href: "/admin/invoices", label: "Invoices" },
  { href: "/admin/health", label: "Health" },
  { href: "/admin/webhooks", label: "Webhooks" },
  { href: "/admin/audit", label: "Audit log" },
];

/** The admin console's navigation. */
export function AdminNav() {
  return (
    <nav aria-label="Admin" className="flex flex-wrap gap-1">
      {LINKS.map((l) => (
        <NavLink key={l.href} href={l.href} exact={l.exact}>
          {l.label}
        </NavLink>
      ))}
    </nav>
  );
}
