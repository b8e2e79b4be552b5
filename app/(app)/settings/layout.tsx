import { NavLink } from "@/components/shell/nav-link";

export default function SettingsLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-6 md:flex-row md:gap-10">
      <nav aria-label="Settings" className="-mx-1 flex gap-1 overflow-x-auto md:mx-0 md:w-48 md:shrink-0 md:flex-col">
        <NavLink href="/settings" exact variant="side">
          Organisation
        </NavLink>
        <NavLink href="/settings/members" variant="side">
          Members
        </NavLink>
        <NavLink href="/settings/api-keys" variant="side">
          API keys
        </NavLink>
        <NavLink href="/settings/webhooks" variant="side">
          Webhooks
        </NavLink>
      </nav>
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
