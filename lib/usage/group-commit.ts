import { sql } from "drizzle-orm";
import { db, getDbKind } from "@/db";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { execRows, num } from "./exec-rows";

/** One event ready to write: validated, with its period resolved. */
export type IngestRow = {
  orgId: string;
  metric: string;
  kind: "sum" | "gauge";
  quantity: number;
  key: string;
  ts: Date;
  periodStart: Date;
  periodEnd: Date;
  properties: Record<string, unknown> | null;
  /** The counter was already incremented (withUsage/consumeQuota): store the event, do not count it again. */
  counted?: boolean;
};

export type CounterChange = { orgId: string; metric: string; periodStart: Date; before: number; after: number };

type Pending = { rows: IngestRow[]; resolve: (isNew: boolean[]) => void; reject: (err: unknown) => void };

const MAX_ROWS_PER_FLUSH = 5_000;
type Listener = (changes: CounterChange[]) => void;
const state = globalThis as unknown as {
  __usageGroupCommit?: { queue: Pending[]; queuedRows: number; inFlight: number; scheduled: boolean; listeners: Map<string, Listener> };
};
const gc = (state.__usageGroupCommit ??= { queue: [] as Pending[], queuedRows: 0, inFlight: 0, scheduled: false, listeners: new Map<string, Listener>() });

/** Called after each flush commits with the sum counters it moved (threshold alerts hook in here). */
export function onCountersChanged(name: string, fn: Listener) {
  gc.listeners.set(name, fn);
}

const maxInFlight = () => (getDbKind() === "pglite" ? 1 : env.USAGE_INGEST_CONCURRENCY);

/**
 * Group commit: every caller's rows wait in one queue; a flusher takes everything queued (up to
 * 5,000 rows) and writes it in ONE transaction — one multi-row INSERT … ON CONFLICT DO NOTHING
 * RETURNING for the events and one upsert per counter kind — and answers each caller only after
 * COMMIT. Up to N flushes run at once on Postgres (1 on PGlite); rows are sorted so concurrent
 * flushes lock keys in the same order and cannot deadlock.
 */
export function enqueueRows(rows: IngestRow[]): Promise<boolean[]> {
  if (rows.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    gc.queue.push({ rows, resolve, reject });
    gc.queuedRows += rows.length;
    schedule();
  });
}

function schedule() {
  if (gc.scheduled || gc.inFlight >= maxInFlight() || gc.queue.length === 0) return;
  gc.scheduled = true;
  // Let callers arriving in the same tick join this flush.
  setImmediate(() => {
    gc.scheduled = false;
    while (gc.inFlight < maxInFlight() && gc.queue.length > 0) {
      const batch: Pending[] = [];
      let n = 0;
      while (gc.queue.length > 0 && (n === 0 || n + gc.queue[0]!.rows.length <= MAX_ROWS_PER_FLUSH)) {
        const p = gc.queue.shift()!;
        n += p.rows.length;
        batch.push(p);
      }
      gc.queuedRows -= n;
      gc.inFlight++;
      void flushWithRetry(batch).finally(() => {
        gc.inFlight--;
        schedule();
      });
    }
  });
}

async function flushWithRetry(batch: Pending[]) {
  for (let attempt = 1; ; attempt++) {
    try {
      const { flags, changes } = await flush(batch.flatMap((p) => p.rows));
      let i = 0;
      for (const p of batch) {
        p.resolve(flags.slice(i, i + p.rows.length));
        i += p.rows.length;
      }
      if (changes.length) for (const l of gc.listeners.values()) l(changes);
      return;
    } catch (err) {
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      if ((code === "40P01" || code === "40001") && attempt < 5) continue;
      logger.error({ err }, "usage flush failed");
      for (const p of batch) p.reject(err);
      return;
    }
  }
}

const dedupeKey = (r: IngestRow) => `${r.orgId}\u0000${r.key}`;
const iso = (d: Date) => d.toISOString();

/**
 * One flush = ONE statement (atomic on its own; answered only after it commits): the multi-row
 * INSERT … ON CONFLICT (org_id, idempotency_key) DO NOTHING RETURNING of the events, and, from
 * the rows actually inserted, the per-period counter upserts (sum: add; gauge: latest value + peak).
 */
async function flush(all: IngestRow[]): Promise<{ flags: boolean[]; changes: CounterChange[] }> {
  // The first occurrence of an (org, key) in the flush is the candidate; later ones are duplicates.
  const firstIndex = new Map<string, number>();
  all.forEach((r, i) => {
    if (!firstIndex.has(dedupeKey(r))) firstIndex.set(dedupeKey(r), i);
  });
  const candidates = [...firstIndex.values()].map((i) => all[i]!);
  candidates.sort((a, b) => (a.orgId < b.orgId ? -1 : a.orgId > b.orgId ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const payload = JSON.stringify(
    candidates.map((r, n) => ({
      n,
      o: r.orgId,
      m: r.metric,
      q: r.quantity,
      k: r.key,
      t: iso(r.ts),
      p: iso(r.periodStart),
      e: iso(r.periodEnd),
      g: r.kind === "gauge",
      c: Boolean(r.counted),
      x: r.properties,
    })),
  );
  const rows = await execRows<{ w: string; o: string; k: string | null; m: string | null; p: Date | string | null; used: unknown; d: unknown }>(
    db,
    sql`with x as (
          select * from jsonb_to_recordset(${payload}::jsonb)
            as x(n bigint, o text, m text, q bigint, k text, t timestamptz, p timestamptz, e timestamptz, g boolean, c boolean, x jsonb)
        ), ins as (
          insert into usage_events (org_id, metric, quantity, idempotency_key, ts, period_start, properties, created_at)
          select o, m, q, k, t, p, x.x, now() from x order by n
          on conflict (org_id, idempotency_key) do nothing
          returning org_id, idempotency_key
        ), fresh as (
          select x.* from x join ins on ins.org_id = x.o and ins.idempotency_key = x.k
        ), sums as (
          select o, m, p, max(e) as e, sum(q) as d from fresh where not g and not c group by o, m, p
        ), sumup as (
          insert into usage_counters (org_id, metric, period_start, period_end, used, peak, updated_at)
          select o, m, p, e, d, d, now() from sums order by o, m, p
          on conflict (org_id, metric, period_start) do update
            set used = usage_counters.used + excluded.used,
                peak = greatest(usage_counters.peak, usage_counters.used + excluded.used),
                updated_at = excluded.updated_at
          returning org_id, metric, period_start, used
        ), gauges as (
          select distinct on (o, m, p) o, m, p, e, q as v, max(q) over (partition by o, m, p) as peak
          from fresh where g and not c order by o, m, p, t desc, n desc
        ), gaugeup as (
          insert into usage_counters (org_id, metric, period_start, period_end, used, peak, updated_at)
          select o, m, p, e, v, peak, now() from gauges order by o, m, p
          on conflict (org_id, metric, period_start) do update
            set used = excluded.used, peak = greatest(usage_counters.peak, excluded.peak), updated_at = excluded.updated_at
          returning 1
        )
        select 'e' as w, org_id as o, idempotency_key as k, null::text as m, null::timestamptz as p, null::bigint as used, null::bigint as d from ins
        union all
        select 's', s.org_id, null, s.metric, s.period_start, s.used, sums.d from sumup s join sums on sums.o = s.org_id and sums.m = s.metric and sums.p = s.period_start
        union all
        select 'g', '', null, null, null, null, (select count(*) from gaugeup)`,
  );
  const inserted = new Set<string>();
  const changes: CounterChange[] = [];
  for (const r of rows) {
    if (r.w === "e") inserted.add(`${r.o}\u0000${r.k}`);
    else if (r.w === "s") {
      const after = num(r.used);
      changes.push({ orgId: r.o, metric: r.m!, periodStart: new Date(r.p!), before: after - num(r.d), after });
    }
  }
  const claimed = new Set<string>();
  const flags = all.map((r) => {
    const k = dedupeKey(r);
    if (!inserted.has(k) || claimed.has(k)) return false;
    claimed.add(k);
    return true;
  });
  return { flags, changes };
}
