import type { ReactNode } from "react";

/** One overview figure: label, value, a short definition and (optionally) its 12-month chart. */
export function StatCard({ label, value, hint, chart }: { label: string; value: string; hint?: string; chart?: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</h2>
      <p className="mt-1 text-2xl font-semibold tabular-nums text-slate-900">{value}</p>
      {hint ? <p className="mt-1 text-xs text-slate-500">{hint}</p> : null}
      {chart ? <div className="mt-3">{chart}</div> : null}
    </section>
  );
}
