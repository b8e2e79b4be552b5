import "server-only";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { db } from "@/db";
import { invoices, organizations, paymentMethods, reconciliationRuns, stripeCustomers, subscriptions, type ReconciliationRun } from "@/db/schema";
import type { Scope } from "@/lib/analytics/scope";
import type { Actor } from "@/lib/audit/write-audit";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { logger } from "@/lib/log";

const JOB: Actor = { type: "job", id: "ops-reconcile" };

/** The fields compared per mirror table: what matters for billing decisions and money. */
const FIELDS = {
  stripe_customers: ["email", "defaultPaymentMethodId", "balanceCents", "deleted"],
  subscriptions: ["status", "planKey", "interval", "priceId", "quantity", "amountCents", "currentPeriodEnd", "trialEnd", "cancelAtPeriodEnd", "canceledAt"],
  invoices: ["status", "totalCents", "amountDueCents", "amountPaidCents", "paidAt"],
  payment_methods: ["brand", "last4", "expMonth", "expYear", "isDefault"],
} as const;
type Table = keyof typeof FIELDS;
type Snapshot = Record<Table, Map<string, Record<string, unknown>>>;

export type Difference = {
  table: Table;
  id: string;
  /** missing: in Stripe, not in our mirror (a missed webhook); changed: fields differ; extra: in the mirror, not in Stripe. */
  kind: "missing" | "changed" | "extra";
  fields?: Record<string, { mirror: unknown; stripe: unknown }>;
};
export type OrgReport = { orgId: string; customerId: string; differences: Difference[]; fixed: boolean; error: string | null };

const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? null);

async function mirrorOf(orgId: string): Promise<Snapshot> {
  const pick = (table: Table, list: Record<string, unknown>[]) =>
    new Map(list.map((r) => [String(r.id), Object.fromEntries(FIELDS[table].map((f) => [f, norm(r[f])]))]));
  const [c, s, i, p] = await Promise.all([
    db.select().from(stripeCustomers).where(eq(stripeCustomers.orgId, orgId)),
    db.select().from(subscriptions).where(eq(subscriptions.orgId, orgId)),
    db.select().from(invoices).where(eq(invoices.orgId, orgId)),
    db.select().from(paymentMethods).where(eq(paymentMethods.orgId, orgId)),
  ]);
  return {
    stripe_customers: pick("stripe_customers", c),
    subscriptions: pick("subscriptions", s),
    invoices: pick("invoices", i),
    payment_methods: pick("payment_methods", p),
  };
}

/** Differences between the mirror before a sync and after it (= what Stripe holds). */
export function diffMirror(before: Snapshot, after: Snapshot): Difference[] {
  const out: Difference[] = [];
  for (const table of Object.keys(FIELDS) as Table[]) {
    for (const [id, stripe] of after[table]) {
      const mirror = before[table].get(id);
      if (!mirror) {
        out.push({ table, id, kind: "missing" });
        continue;
      }
      const fields: Difference["fields"] = {};
      for (const f of FIELDS[table]) if (JSON.stringify(mirror[f]) !== JSON.stringify(stripe[f])) fields[f] = { mirror: mirror[f], stripe: stripe[f] };
      if (Object.keys(fields).length) out.push({ table, id, kind: "changed", fields });
    }
    for (const id of before[table].keys()) if (!after[table].has(id)) out.push({ table, id, kind: "extra" });
  }
  return out;
}

/**
 * The reconciler (hourly): for every organisation with a Stripe customer, re-read Stripe through
 * syncStripeCustomer (which repairs the mirror and audits each changed row) and record what differed
 * and what was fixed in `reconciliation_runs` (shown on /admin/health and /api/health/billing).
 */
export async function runReconciliation(options: Scope = {}): Promise<ReconciliationRun> {
  const id = newId("rec");
  await db.insert(reconciliationRuns).values({ id, startedAt: now(), status: "running" });
  const orgs = await db
    .select({ id: organizations.id, customerId: organizations.stripeCustomerId })
    .from(organizations)
    .where(and(isNotNull(organizations.stripeCustomerId), ...(options.orgIds ? [inArray(organizations.id, options.orgIds.length ? options.orgIds : ["-"])] : [])))
    .orderBy(organizations.id);
  const report: OrgReport[] = [];
  for (const org of orgs) {
    const customerId = org.customerId!;
    try {
      const before = await mirrorOf(org.id);
      await syncStripeCustomer(customerId, { actor: JOB });
      const after = await mirrorOf(org.id);
      const differences = diffMirror(before, after);
      // "extra" rows are not removed by a sync (Stripe no longer lists them): report, not fixed.
      const fixed = differences.length > 0 && differences.every((d) => d.kind !== "extra");
      if (differences.length) report.push({ orgId: org.id, customerId, differences, fixed, error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      logger.warn({ orgId: org.id, err: message }, "reconcile failed for organisation");
      report.push({ orgId: org.id, customerId, differences: [], fixed: false, error: message.slice(0, 500) });
    }
  }
  const drift = report.filter((r) => r.differences.length > 0);
  const errors = report.filter((r) => r.error);
  const [run] = await db
    .update(reconciliationRuns)
    .set({
      finishedAt: now(),
      status: errors.length ? "error" : drift.length ? "drift" : "ok",
      orgsChecked: orgs.length,
      driftCount: drift.reduce((a, r) => a + r.differences.length, 0),
      fixedCount: drift.reduce((a, r) => a + r.differences.filter((d) => d.kind !== "extra").length, 0),
      errorCount: errors.length,
      report,
    })
    .where(eq(reconciliationRuns.id, id))
    .returning();
  if (drift.length) logger.warn({ runId: id, orgs: drift.length }, "reconciler repaired drift");
  return run!;
}
