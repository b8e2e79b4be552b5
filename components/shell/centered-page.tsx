import Link from "next/link";

/** A single centred column with the brand on top: sign-in style pages outside the app shell. */
export function CenteredPage({ children, wide = false }: { children: React.ReactNode; wide?: boolean }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Link href="/" className="mb-8 flex items-center gap-2 text-lg font-semibold tracking-tight text-slate-900">
        <span aria-hidden="true" className="grid h-8 w-8 place-items-center rounded-md bg-brand-600 text-sm font-bold text-white">
          B
        </span>
        Billing Kit
      </Link>
      <div className={wide ? "w-full max-w-lg" : "w-full max-w-sm"}>{children}</div>
    </main>
  );
}
