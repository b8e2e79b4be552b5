import { cn } from "@/components/ui";

type Step = { key: string; title: string; number: number; done: boolean; current: boolean };

/** The wizard's progress: an ordered list, the current step marked for screen readers. */
export function Stepper({ steps, position, total }: { steps: Step[]; position: number; total: number }) {
  return (
    <nav aria-label="Onboarding progress" className="mb-6">
      <p className="mb-2 text-sm text-slate-500">
        Step {position} of {total}
      </p>
      <ol className="flex flex-wrap gap-x-4 gap-y-2">
        {steps.map((s) => (
          <li key={s.key} aria-current={s.current ? "step" : undefined} className="flex items-center gap-2 text-sm">
            <span
              aria-hidden="true"
              className={cn(
                "grid h-6 w-6 place-items-center rounded-full text-xs font-semibold",
                s.current ? "bg-brand-600 text-white" : s.done ? "bg-emerald-600 text-white" : "bg-slate-200 text-slate-600",
              )}
            >
              {s.done && !s.current ? "✓" : s.number}
            </span>
            <span className={cn(s.current ? "font-semibold text-slate-900" : "text-slate-600")}>
              {s.title}
              {s.done && !s.current ? <span className="sr-only"> (done)</span> : null}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Card-like frame for one step. */
export function StepFrame({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      <h1 className="text-xl font-semibold tracking-tight text-slate-900">{title}</h1>
      {description ? <p className="mt-1 text-sm text-slate-500">{description}</p> : null}
      <div className="mt-5">{children}</div>
    </section>
  );
}
