import { cookies } from "next/headers";
import { AppHeader } from "@/components/shell/app-header";
import { ACTIVE_ORG_COOKIE, getSessionUser } from "@/lib/auth/guards";
import { listUserOrganizations } from "@/lib/orgs/list-user-organizations";

/**
 * The signed-in app shell. Guarding is done by each page (orgPage/userPage know their own path for
 * the sign-in callback); signed out, the shell renders nothing around the page's redirect.
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  if (!user) return <>{children}</>;
  const orgs = await listUserOrganizations(user.id);
  const wanted = (await cookies()).get(ACTIVE_ORG_COOKIE)?.value;
  const active = orgs.find((o) => o.id === wanted) ?? orgs[0] ?? null;
  return (
    <div className="min-h-screen">
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <AppHeader user={user} orgs={orgs} activeOrgId={active?.id ?? null} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
