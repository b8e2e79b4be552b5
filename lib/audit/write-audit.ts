import { auditLog, type ActorType } from "@/db/schema";
import type { DbOrTx } from "@/db";
import { now } from "@/lib/clock";

export type Actor = { type: ActorType; id: string | null };

export const SYSTEM_ACTOR: Actor = { type: "system", id: null };

export type AuditEntry = {
  actor: Actor;
  orgId: string | null;
  action: string;
  target?: string | null;
  before?: unknown;
  after?: unknown;
  requestId?: string | null;
};

/** Append one audit row, in the caller's transaction so it commits (or not) with the change. */
export async function writeAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    at: now(),
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    orgId: entry.orgId,
    action: entry.action,
    target: entry.target ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    requestId: entry.requestId ?? null,
  });
}
