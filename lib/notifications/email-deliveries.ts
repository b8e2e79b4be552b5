import "server-only";
import { and, asc, count, eq, inArray, lt, lte, or, sql } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { emailDeliveries, type EmailDeliveryRow } from "@/db/schema";
import { now, nowMs } from "@/lib/clock";
import { transportEmail } from "@/lib/email/send-email";
import { newId } from "@/lib/ids";
import { enqueue } from "@/lib/jobs/enqueue";
import { EMAIL_JOB } from "@/lib/jobs/domain-event-job";
import { logger } from "@/lib/log";

/** Attempts before an email is `dead` (1 + the email job's 8 retries). */
export const MAX_EMAIL_ATTEMPTS = 9;
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 60 * 60_000;

/** Delay before retry n (1-based): 30 s, 1 min, 2 min, … capped at an hour. */
export const emailRetryDelayMs = (attempt: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, attempt - 1));

/**
 * Queue an email, in the caller's transaction, once per dedupe key. Returns its id when new (then call
 * `sendQueuedEmail(id)` after the commit), null when that key was already queued.
 */
export async function queueEmail(
  tx: DbOrTx,
  msg: { orgId: string | null; to: string; subject: string; text: string; dedupeKey: string },
): Promise<string | null> {
  const at = now();
  const [row] = await tx
    .insert(emailDeliveries)
    .values({ id: newId("eml"), orgId: msg.orgId, dedupeKey: msg.dedupeKey, to: msg.to, subject: msg.subject, text: msg.text, nextAttemptAt: at, createdAt: at })
    .onConflictDoNothing({ target: emailDeliveries.dedupeKey })
    .returning({ id: emailDeliveries.id });
  return row?.id ?? null;
}

/** Hand a queued email to the email job (one queued job per email). */
export function sendQueuedEmail(emailId: string) {
  return enqueue(EMAIL_JOB, { emailId }, { singletonKey: emailId });
}

export type EmailOutcome =
  | { status: "sent" | "not_configured" }
  | { status: "skipped"; reason: "not_found" | "done" | "in_progress" }
  | { status: "retry" | "dead"; error: string };

/**
 * One attempt at an email: claimed with a conditional UPDATE (pending|retry → sending) so concurrent
 * attempts send it once; a failure puts it back to `retry` with its next attempt time (backoff), or
 * `dead` after MAX_EMAIL_ATTEMPTS — never dropped silently.
 */
export async function deliverEmail(emailId: string): Promise<EmailOutcome> {
  const [row]: EmailDeliveryRow[] = await db
    .update(emailDeliveries)
    .set({ status: "sending", attempts: sql`${emailDeliveries.attempts} + 1`, sendStartedAt: now() })
    .where(and(eq(emailDeliveries.id, emailId), inArray(emailDeliveries.status, ["pending", "retry"])))
    .returning();
  if (!row) {
    const [existing] = await db.select({ status: emailDeliveries.status }).from(emailDeliveries).where(eq(emailDeliveries.id, emailId));
    return { status: "skipped", reason: !existing ? "not_found" : existing.status === "sending" ? "in_progress" : "done" };
  }
  try {
    const sent = await transportEmail({ to: row.to, subject: row.subject, text: row.text });
    await db
      .update(emailDeliveries)
      .set({ status: sent ? "sent" : "not_configured", sentAt: sent ? now() : null, lastError: null })
      .where(eq(emailDeliveries.id, emailId));
    return { status: sent ? "sent" : "not_configured" };
  } catch (err) {
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 1000);
    const dead = row.attempts >= MAX_EMAIL_ATTEMPTS;
    await db
      .update(emailDeliveries)
      .set({ status: dead ? "dead" : "retry", lastError: error, nextAttemptAt: new Date(nowMs() + emailRetryDelayMs(row.attempts)) })
      .where(eq(emailDeliveries.id, emailId));
    logger.warn({ emailId, attempt: row.attempts, dead, err: error }, dead ? "email dead after its last attempt" : "email send failed; will retry");
    return { status: dead ? "dead" : "retry", error };
  }
}

/**
 * Re-queue emails due for a retry, never handed to the job (a crash after the commit) or stuck
 * `sending` (the sender died). Runs with the outbox sweeper, every minute.
 */
export async function sweepEmails(options: { pendingAfterMs?: number; stuckAfterMs?: number; limit?: number } = {}) {
  const t = nowMs();
  const stuck = await db
    .update(emailDeliveries)
    .set({ status: "retry" })
    .where(and(eq(emailDeliveries.status, "sending"), lt(emailDeliveries.sendStartedAt, new Date(t - (options.stuckAfterMs ?? 10 * 60_000)))))
    .returning({ id: emailDeliveries.id });
  const due = await db
    .select({ id: emailDeliveries.id })
    .from(emailDeliveries)
    .where(
      or(
        and(eq(emailDeliveries.status, "pending"), lt(emailDeliveries.createdAt, new Date(t - (options.pendingAfterMs ?? 60_000)))),
        and(eq(emailDeliveries.status, "retry"), lte(emailDeliveries.nextAttemptAt, new Date(t))),
      ),
    )
    .orderBy(asc(emailDeliveries.nextAttemptAt))
    .limit(options.limit ?? 500);
  for (const r of due) await sendQueuedEmail(r.id);
  return { requeued: due.length, unstuck: stuck.length };
}

/** For /admin/health: emails failing (waiting for a retry) and dead, with the latest few. */
export async function getEmailHealth() {
  const counts = await db
    .select({ status: emailDeliveries.status, n: count() })
    .from(emailDeliveries)
    .where(inArray(emailDeliveries.status, ["retry", "dead", "pending", "sending"]))
    .groupBy(emailDeliveries.status);
  const by = Object.fromEntries(counts.map((c) => [c.status, Number(c.n)]));
  const recent = await db
    .select()
    .from(emailDeliveries)
    .where(inArray(emailDeliveries.status, ["retry", "dead"]))
    .orderBy(sql`${emailDeliveries.createdAt} desc`)
    .limit(20);
  return { failing: by.retry ?? 0, dead: by.dead ?? 0, queued: (by.pending ?? 0) + (by.sending ?? 0), recent };
}
