import type { PlanCard } from "@/lib/billing-ui/plan-cards";
import { Badge, cn } from "@/components/ui";

/** One plan in a comparison: price for the interval, trial, limits, features. */
export function PlanCardView({ plan, interval, selected, current, children }: { plan: PlanCard; interval: "month" | "year"; selected?: boolean; current?: boolean; children?: React.ReactNode }) {
  const price = plan.priceLabel[interval] ?? plan.priceLabel.month;
  return (
    <div
      data-testid={`plan-${plan.key}`}
      className={cn(
        "flex h-full flex-col rounded-lg border bg-white p-4",
        selected ? "border-brand-600 ring-2 ring-brand-600" : plan.highlighted ? "border-brand-200" : "border-slate-200",
      )}
    >
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-base font-semibold text-slate-900">{plan.name}</h3>
        {current ? <Badge tone="success">Current plan</Badge> : plan.highlighted ? <Badge tone="brand">Popular</Badge> : null}
      </div>
      <p className="mt-1 text-sm text-slate-500">{plan.description}</p>
      <PriceLine label={price} />
      {interval === "year" && plan.yearlyNote ? <p className="text-xs font-medium text-emerald-700">{plan.yearlyNote}</p> : null}
      {interval === "year" && plan.prices.year === null && !plan.free ? <p className="text-xs text-slate-500">Monthly only</p> : null}
      {plan.trialLabel ? <p className="mt-1 text-sm font-medium text-brand-700">{plan.trialLabel}</p> : null}
      <ul className="mt-3 space-y-1 text-sm text-slate-700">
        {plan.limits.map((l) => (
          <li key={l.metric}>
            <span className="text-slate-500">{l.name}:</span> <span className="font-medium">{l.label}</span>
            {l.overage && l.overage !== "hard limit" ? <span className="block text-xs text-slate-500">{l.overage}</span> : null}
          </li>
        ))}
        {plan.credits ? <li className="font-medium">{plan.credits}</li> : null}
      </ul>
      <ul className="mt-3 space-y-1 text-sm">
        {plan.features.map((f) => (
          <li key={f.key} className={f.included ? "text-slate-700" : "text-slate-400 line-through"}>
            <span aria-hidden="true">{f.included ? "✓ " : "– "}</span>
            {f.name}
            {f.included ? null : <span className="sr-only"> (not included)</span>}
          </li>
        ))}
      </ul>
      {children ? <div className="mt-auto pt-4">{children}</div> : null}
    </div>
  );
}

/** "$499/month" → a large amount and a small unit, so four cards fit side by side. */
function PriceLine({ label }: { label: string | null }) {
  if (!label) return null;
  const slash = label.indexOf("/");
  const amount = slash === -1 ? label : label.slice(0, slash);
  const unit = slash === -1 ? "" : label.slice(slash);
  return (
    <p className="mt-3 flex flex-wrap items-baseline gap-x-0.5 text-slate-900">
      <span className="text-2xl font-semibold tracking-tight">{amount}</span>
      {unit ? <span className="text-sm font-medium text-slate-500">{unit}</span> : null}
    </p>
  );
}
