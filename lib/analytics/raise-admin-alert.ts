import "server-only";
import { db, type DbOrTx } from "@/db";
import { adminAlerts } from "@/db/schema";
import { nowMs } from "@/lib/clock";
import { newId } from "@/lib/ids";

export type AdminAlertInput = { kind: string; orgId: string | null; title: string; details: unknown; dedupeKey: string };

/** An alert on the admin console's health page, once per `dedupeKey`. Returns whether it is new. */
export async function raiseAdminAlert(input: AdminAlertInput, tx: DbOrTx = db): Promise<boolean> {
  const inserted = await tx
    .insert(adminAlerts)
    .values({ id: newId("alr"), ...input, createdAt: new Date(nowMs()) })
    .onConflictDoNothing({ target: adminAlerts.dedupeKey })
    .returning({ id: adminAlerts.id });
  return inserted.length > 0;
}
