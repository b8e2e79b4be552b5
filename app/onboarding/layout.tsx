import type { Metadata } from "next";
import Link from "next/link";
import { SandboxBanner } from "@/components/billing/sandbox-banner";
import { Toaster } from "@/components/billing/toast";

export const metadata: Metadata = { title: "Set up billing" };

/** The wizard's frame: brand, sandbox banner, one centred column (the stepper is in each step). */
export default function OnboardingLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <SandboxBanner />
      <header className="mx-auto flex max-w-3xl items-center justify-between px-4 pt-6 sm:px-6">
        <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-slate-900">
          <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white">
            B
          </span>
          Billing Kit
        </Link>
      </header>
      <main id="main" className="mx-auto max-w-3xl px-4 py-6 sm:px-6">
        {children}
      </main>
      <Toaster />
    </div>
  );
}
