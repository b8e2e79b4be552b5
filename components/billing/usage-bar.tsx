import { cn } from "@/components/ui";
import { formatMoney } from "@/lib/billing-ui/format";
import type { UsageBar } from "@/lib/billing-ui/overview";

/** One metric: used / included with an accessible progress bar and overage in money. */
export function UsageBarView({ bar }: { bar: UsageBar }) {
  return (
    <div data-testid={`usage-${bar.metric}`} data-used={bar.used}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
        <span className="font-medium text-slate-900">{bar.name}</span>
        <span className="text-slate-600" data-testid={`usage-${bar.metric}-label`}>
          {bar.label}
          {bar.percent !== null ? ` (${bar.percent}%)` : ""}
        </span>
      </div>
      {bar.state === "unlimited" ? null : (
        <div
          role="progressbar"
          aria-label={`${bar.name} used`}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(bar.barPercent)}
          aria-valuetext={bar.label}
          className="mt-1.5 h-2.5 w-full overflow-hidden rounded-full bg-slate-200"
        >
          <div className={cn("h-full rounded-full", bar.state === "over" ? "bg-red-600" : bar.state === "warn" ? "bg-amber-500" : "bg-brand-600")} style={{ width: `${bar.barPercent}%` }} />
        </div>
      )}
      {bar.overageUnits > 0 ? (
        <p className="mt-1 text-xs text-red-700">
          {bar.hardLimit ? "Limit reached: further use is blocked until the period resets or you upgrade." : `${bar.overageUnits.toLocaleString("en-US")} over the allowance: ${formatMoney(bar.overageCents)} overage on the next invoice.`}
        </p>
      ) : bar.state === "warn" ? (
        <p className="mt-1 text-xs text-amber-800">Over 80% of the allowance used.</p>
      ) : null}
    </div>
  );
}
