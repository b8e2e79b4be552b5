import "server-only";
import { eq } from "drizzle-orm";
import { db } from "@/db";
import { notifications, organizations } from "@/db/schema";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { queueEmail, sendQueuedEmail } from "./email-deliveries";

export type NoticeInput = {
  orgId: string;
  kind: string;
  title: string;
  body: string;
  /** Unique across all notifications: a second notice with the same key does nothing. */
  dedupeKey: string;
  /** Also email the organisation's billing email (a retried job: lib/notifications/email-deliveries.ts). */
  email?: boolean;
};

/**
 * Write an in-app notification once per dedupe key and, with `email`, queue its email in the same
 * transaction (so a notification never exists without its email, nor twice). Returns true when it was
 * new. Called by the domain-event fan-out (lib/notifications/event-subscriber.ts): changes announce
 * themselves with record() (lib/events/record.ts), not by calling this.
 */
export async function writeNotice(input: NoticeInput): Promise<boolean> {
  const { created, emailId } = await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(notifications)
      .values({ id: newId("ntf"), orgId: input.orgId, kind: input.kind, title: input.title, body: input.body, dedupeKey: input.dedupeKey, createdAt: now() })
      .onConflictDoNothing({ target: notifications.dedupeKey })
      .returning({ id: notifications.id });
    if (inserted.length === 0) return { created: false, emailId: null };
    if (!input.email) return { created: true, emailId: null };
    const [org] = await tx.select({ email: organizations.billingEmail }).from(organizations).where(eq(organizations.id, input.orgId));
    if (!org?.email) return { created: true, emailId: null };
    const emailId = await queueEmail(tx, { orgId: input.orgId, to: org.email, subject: input.title, text: input.body, dedupeKey: `notice:${input.dedupeKey}` });
    return { created: true, emailId };
  });
  if (emailId) await sendQueuedEmail(emailId);
  return created;
}
