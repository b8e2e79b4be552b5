import "server-only";
import { desc, sql } from "drizzle-orm";
import { db } from "@/db";
import { reconciliationRuns } from "@/db/schema";
import { nowMs } from "@/lib/clock";
import { circuitState, type CircuitStateName } from "@/lib/stripe/call-stripe";
import { n, rows, ts } from "./rows";

/** Webhook failures in the last hour at or above this make the check fail (503). */
export const WEBHOOK_FAILURE_LIMIT = 10;
/** A reconciler that has not finished a run for this long makes the check fail (it runs hourly). */
export const RECONCILER_STALE_MS = 3 * 3_600_000;

export type BillingHealth = {
  status: "ok" | "failing";
  problems: string[];
  database: "ok" | "unavailable";
  queue: { depth: number | null; pendingWebhooks: number | null };
  reconciler: { lastRunAt: string | null; status: string | null; driftCount: number | null };
  webhooks: { failedLastHour: number | null };
  stripe: { circuit: CircuitStateName };
};

/**
 * The operational health of billing (GET /api/health/billing): counts and states only, never customer
 * data. `failing` (→ 503) when the database is unreachable, the Stripe circuit breaker is open, webhook
 * failures in the last hour reach WEBHOOK_FAILURE_LIMIT, or the reconciler's last run is stale.
 */
export async function getBillingHealth(): Promise<BillingHealth> {
  const problems: string[] = [];
  const out: BillingHealth = {
    status: "ok",
    problems,
    database: "ok",
    queue: { depth: null, pendingWebhooks: null },
    reconciler: { lastRunAt: null, status: null, driftCount: null },
    webhooks: { failedLastHour: null },
    stripe: { circuit: circuitState() },
  };
  try {
    const hourAgo = new Date(nowMs() - 3_600_000);
    const [r] = await rows(
      db,
      sql`select
        (select count(*) from stripe_events where status = 'failed' and coalesce(processing_started_at, received_at) >= ${ts(hourAgo)}) as failed,
        (select count(*) from stripe_events where status in ('pending', 'processing')) as pending,
        to_regclass('pgboss.job') is not null as has_boss`,
    );
    out.webhooks.failedLastHour = n(r?.failed);
    out.queue.pendingWebhooks = n(r?.pending);
    if (r?.has_boss === true || r?.has_boss === "t") {
      const [q] = await rows(db, sql`select count(*) as depth from pgboss.job where state in ('created', 'retry')`);
      out.queue.depth = n(q?.depth);
    } else {
      out.queue.depth = 0;
    }
    const [run] = await db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt)).limit(1);
    if (run) {
      out.reconciler = { lastRunAt: (run.finishedAt ?? run.startedAt).toISOString(), status: run.status, driftCount: run.driftCount };
      if (nowMs() - (run.finishedAt ?? run.startedAt).getTime() > RECONCILER_STALE_MS) problems.push("reconciler has not run in the last 3 hours");
    }
  } catch {
    out.database = "unavailable";
    problems.push("database unavailable");
  }
  if (out.stripe.circuit === "open" || out.stripe.circuit === "isolated") problems.push("Stripe circuit breaker is open");
  if ((out.webhooks.failedLastHour ?? 0) >= WEBHOOK_FAILURE_LIMIT) problems.push(`${out.webhooks.failedLastHour} webhook failures in the last hour`);
  out.status = problems.length ? "failing" : "ok";
  return out;
}
