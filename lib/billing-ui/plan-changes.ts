import type { Catalog, Interval } from "@/lib/billing/catalog-schema";
import { planChangeKind } from "@/lib/billing/plan-change-kind";
import { formatNumber } from "./format";
import { limitLabel } from "./plan-cards";

export type PlanAction = { kind: "current" | "upgrade" | "downgrade" | "checkout" | "unavailable"; label: string };

/**
 * What the button on a plan card does for this organisation. `kind` is lib/billing's planChangeKind —
 * "upgrade" applies now (its preview shows what is charged now), "downgrade" at the period end — so the
 * card, the preview and the change agree (a higher plan at a shorter interval is scheduled: Pro yearly
 * → Enterprise monthly; during a trial every change applies now). The label names the plan's direction.
 */
export function planAction(
  catalog: Catalog,
  current: { planKey: string; interval: string; subscribed: boolean; status?: string | null },
  target: { planKey: string; interval: Interval },
): PlanAction {
  const plans = catalog.plans;
  const from = plans.findIndex((p) => p.key === current.planKey);
  const to = plans.findIndex((p) => p.key === target.planKey);
  const plan = plans[to];
  if (!plan) return { kind: "unavailable", label: "Unavailable" };
  const free = plan.prices.monthly === 0 && plan.prices.yearly === null;
  if (target.interval === "year" && plan.prices.yearly === null && !free) return { kind: "unavailable", label: "Monthly only" };
  if (!current.subscribed) {
    if (free) return current.planKey === plan.key ? { kind: "current", label: "Current plan" } : { kind: "unavailable", label: "Included" };
    return { kind: "checkout", label: `Subscribe to ${plan.name}` };
  }
  if (free) return { kind: "unavailable", label: "Cancel to switch" };
  const kind = planChangeKind(current, target, plans);
  if (kind === "none") return { kind: "current", label: "Current plan" };
  if (to === from) return { kind, label: target.interval === "year" ? "Switch to yearly" : "Switch to monthly" };
  return { kind, label: `${to > from ? "Upgrade" : "Downgrade"} to ${plan.name}` };
}

/** What cancelling loses: each limit and feature the plan has above the free plan. */
export function whatYouLose(catalog: Catalog, planKey: string): string[] {
  const plan = catalog.plans.find((p) => p.key === planKey);
  const free = catalog.plans.find((p) => p.key === "free");
  if (!plan || !free || plan.key === "free") return [];
  const out: string[] = [];
  for (const m of catalog.metrics) {
    const a = plan.limits[m.key]?.included ?? null;
    const b = free.limits[m.key]?.included ?? null;
    if (a === b) continue;
    out.push(`${m.name}: ${limitLabel(a, m.unit)} → ${limitLabel(b, m.unit)}`);
  }
  for (const f of catalog.features) if (plan.entitlements.includes(f.key) && !free.entitlements.includes(f.key)) out.push(`${f.name}`);
  if (plan.includedCredits > 0) out.push(`${formatNumber(plan.includedCredits)} included credits each period`);
  return out;
}
