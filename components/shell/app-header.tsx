import Link from "next/link";
import { signOutAction } from "@/app/(auth)/sign-out/actions";
import { Badge } from "@/components/ui";
import { Menu, menuItemClass } from "@/components/ui/menu";
import type { SessionUser } from "@/lib/auth/guards";
import type { UserOrg } from "@/lib/orgs/list-user-organizations";
import { NotificationBell } from "@/components/billing/notification-bell";
import { NavLink } from "./nav-link";

/** The top bar of the signed-in app: brand, organisation switcher, main links, user menu. */
export function AppHeader({ user, orgs, activeOrgId }: { user: SessionUser; orgs: UserOrg[]; activeOrgId: string | null }) {
  const active = orgs.find((o) => o.id === activeOrgId) ?? null;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5 sm:px-6">
        <Link href="/billing" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-md bg-brand-600 text-xs font-bold text-white">
            B
          </span>
          <span className="hidden sm:inline">Billing Kit</span>
        </Link>
        <span aria-hidden="true" className="hidden text-slate-300 sm:inline">
          /
        </span>
        <Menu
          ariaLabel={active ? `Organisation: ${active.name}. Switch organisation` : "Choose an organisation"}
          label={<span className="max-w-[10rem] truncate sm:max-w-[14rem]">{active?.name ?? "No organisation"}</span>}
        >
          <p className="px-3 pt-2 pb-1 text-xs font-medium uppercase tracking-wide text-slate-400">Organisations</p>
          <ul>
            {orgs.map((o) => (
              <li key={o.id}>
                <a href={`/orgs/${o.id}`} className={menuItemClass} aria-current={o.id === active?.id ? "true" : undefined}>
                  <span className="truncate">{o.name}</span>
                  {o.id === active?.id ? <Badge tone="brand">current</Badge> : <span className="text-xs text-slate-400">{o.role}</span>}
                </a>
              </li>
            ))}
          </ul>
          <div className="my-1 border-t border-slate-100" />
          <Link href="/orgs/new" className={menuItemClass}>
            + New organisation
          </Link>
        </Menu>
        <div className="ml-auto flex items-center gap-2 sm:order-last">
          {activeOrgId ? <NotificationBell orgId={activeOrgId} /> : null}
          <Menu
            align="right"
            ariaLabel="Account menu"
            label={
              <span aria-hidden="true" className="grid h-7 w-7 place-items-center rounded-full bg-slate-200 text-xs font-semibold text-slate-700 uppercase">
                {(user.name ?? user.email).slice(0, 1)}
              </span>
            }
          >
            <div className="px-3 py-2">
              <p className="truncate text-sm font-medium text-slate-900">{user.name ?? "Signed in"}</p>
              <p className="truncate text-xs text-slate-500">{user.email}</p>
            </div>
            <div className="my-1 border-t border-slate-100" />
            <Link href="/account" className={menuItemClass}>
              Your account
            </Link>
            <form action={signOutAction}>
              <button type="submit" className={menuItemClass}>
                Sign out
              </button>
            </form>
          </Menu>
        </div>
        <nav aria-label="Main" className="order-last -mx-1 flex w-full gap-1 overflow-x-auto sm:order-none sm:mx-0 sm:w-auto">
          <NavLink href="/billing">Billing</NavLink>
          <NavLink href="/settings">Settings</NavLink>
          {user.isAdmin ? <NavLink href="/admin">Admin</NavLink> : null}
        </nav>
      </div>
    </header>
  );
}
