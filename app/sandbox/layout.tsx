import { sandboxOr404 } from "./_lib/sandbox";

export const dynamic = "force-dynamic";

/** Stand-ins for Stripe's hosted pages. Only in sandbox mode (no STRIPE_SECRET_KEY). */
export default async function SandboxLayout({ children }: { children: React.ReactNode }) {
  await sandboxOr404();
  return (
    <div className="min-h-screen bg-slate-50">
      <div role="note" className="bg-amber-400 px-4 py-2 text-center text-sm font-semibold text-amber-950">
        Sandbox — no real money. This page stands in for Stripe; use a test card such as 4242 4242 4242 4242.
      </div>
      <main className="mx-auto max-w-3xl px-4 py-10">{children}</main>
    </div>
  );
}
