import Link from "next/link";

export default function Home() {
  return (
    <main className="mx-auto max-w-3xl px-6 py-24">
      <h1 className="text-4xl font-bold tracking-tight">Billing Kit</h1>
      <p className="mt-4 text-lg text-slate-600">Plans, metering, credits and revenue analytics on Stripe.</p>
      <div className="mt-8 flex gap-3">
        <Link href="/sign-in" className="rounded-md bg-brand-600 px-4 py-2 font-medium text-white hover:bg-brand-700">Sign in</Link>
        <Link href="/sign-up" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">Create an account</Link>
      </div>
      <p className="mt-6 text-sm text-slate-600">
        Building on it? Read the <Link href="/docs/api" className="text-brand-700 underline">API reference</Link>.
      </p>
    </main>
  );
}
