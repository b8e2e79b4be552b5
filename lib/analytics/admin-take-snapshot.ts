import "server-only";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { takeSnapshot } from "./take-snapshot";

/** "Refresh figures now": today's snapshot and rollup (idempotent); audited as admin.snapshot_taken. */
export async function adminTakeSnapshot(actor: Actor) {
  const res = await takeSnapshot();
  await record(db, { actor, orgId: null, action: "admin.snapshot_taken", target: `metrics_daily:${res.day}`, before: null, after: { subscriptions: res.subscriptions, mrrCents: res.rollup.mrrCents } });
  return res;
}
