import { stripeMode } from "@/lib/stripe/client";

/** A clear, always-visible note that no real money moves (sandbox) or that Stripe runs in test mode. */
export function SandboxBanner() {
  const mode = stripeMode();
  if (mode === "live") return null;
  return (
    <div role="note" data-testid="sandbox-banner" className="border-b border-amber-300 bg-amber-100 px-4 py-2 text-center text-sm text-amber-950">
      {mode === "sandbox" ? (
        <>
          <strong>Sandbox mode</strong> — payments run against the offline Stripe sandbox; no real money moves. Use test card{" "}
          <code className="font-mono">4242 4242 4242 4242</code>.
        </>
      ) : (
        <>
          <strong>Stripe test mode</strong> — no real charges. Use Stripe&apos;s test cards.
        </>
      )}
    </div>
  );
}
