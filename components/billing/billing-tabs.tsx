import { NavLink } from "@/components/shell/nav-link";

const TABS = [
  ["/billing", "Overview", true],
  ["/billing/plans", "Plans", false],
  ["/billing/usage", "Usage", false],
  ["/billing/credits", "Credits", false],
  ["/billing/invoices", "Invoices", false],
  ["/billing/payment-methods", "Payment methods", false],
] as const;

/** The dashboard's tabs: each its own URL (links, so they work without script and keep history). */
export function BillingTabs() {
  return (
    <nav aria-label="Billing" className="-mx-1 mb-6 flex gap-1 overflow-x-auto border-b border-slate-200 pb-2">
      {TABS.map(([href, label, exact]) => (
        <NavLink key={href} href={href} exact={exact}>
          {label}
        </NavLink>
      ))}
    </nav>
  );
}
