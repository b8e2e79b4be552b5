import { eq } from "drizzle-orm";
import { db, type DbOrTx } from "@/db";
import { notifications, organizations } from "@/db/schema";
import { now } from "@/lib/clock";
import { sendEmail } from "@/lib/email/send-email";
import { newId } from "@/lib/ids";
import { logger } from "@/lib/log";

export type NotifyInput = {
  orgId: string;
  kind: string;
  title: string;
  body: string;
  /** Unique across all notifications: a second notify with the same key does nothing. */
  dedupeKey: string;
  /** Also email the organisation's billing email (when SMTP is configured). */
  email?: boolean;
};

/**
 * Write an in-app notification once per dedupe key. Returns true when it was new. Pass a transaction
 * to make the notification commit with the change that caused it.
 */
export async function notify(input: NotifyInput, tx: DbOrTx = db): Promise<boolean> {
  const inserted = await tx
    .insert(notifications)
    .values({ id: newId("ntf"), orgId: input.orgId, kind: input.kind, title: input.title, body: input.body, dedupeKey: input.dedupeKey, createdAt: now() })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id });
  if (inserted.length === 0) return false;
  if (input.email) {
    void (async () => {
      const [org] = await db.select({ email: organizations.billingEmail }).from(organizations).where(eq(organizations.id, input.orgId));
      if (org?.email) await sendEmail({ to: org.email, subject: input.title, text: input.body });
    })().catch((err) => logger.warn({ err: (err as Error).message }, "notification email failed"));
  }
  return true;
}
