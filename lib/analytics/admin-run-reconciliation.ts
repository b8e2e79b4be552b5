import "server-only";
import { db } from "@/db";
import { record, type Actor } from "@/lib/events/record";
import { runReconciliation } from "@/lib/jobs/ops-reconcile";

/** "Reconcile now" from the health page: one reconciler run; audited as admin.reconcile_requested. */
export async function adminRunReconciliation(actor: Actor) {
  const run = await runReconciliation();
  await record(db, {
    actor,
    orgId: null,
    action: "admin.reconcile_requested",
    target: run.id,
    before: null,
    after: { status: run.status, orgsChecked: run.orgsChecked, driftCount: run.driftCount, fixedCount: run.fixedCount, errorCount: run.errorCount },
  });
  return run;
}
