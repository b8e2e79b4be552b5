import Link from "next/link";
import { AdminNav } from "@/components/admin/admin-nav";
import { AdvanceTimeForm } from "@/components/admin/advance-time-form";
import { getSessionUser } from "@/lib/auth/guards";
import { now } from "@/lib/clock";
import { stripeMode } from "@/lib/stripe/client";

/**
 * The admin console shell. Each page guards itself with adminPage (layouts do not re-run on every
 * navigation); for anyone but a platform admin the shell renders nothing around the page's 403.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await getSessionUser();
  if (!user?.isAdmin) return <>{children}</>;
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-col gap-3 px-4 py-3 sm:px-6 xl:flex-row xl:items-center xl:justify-between">
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <Link href="/admin" className="shrink-0 whitespace-nowrap text-base font-semibold text-slate-900">
              Admin console
            </Link>
            <AdminNav />
          </div>
          <div className="flex flex-wrap items-center gap-4">
            {stripeMode() === "sandbox" ? <AdvanceTimeForm now={now().toISOString()} /> : null}
            <Link href="/billing" className="text-sm font-medium text-brand-700 hover:underline">
              Back to the app
            </Link>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
