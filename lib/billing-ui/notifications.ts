import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";
import { listNotifications } from "@/lib/notifications/list-notifications";

/** The bell: the newest notifications and how many are unread. */
export async function getNotificationBell(orgId: string, limit = 10) {
  const [items, unread] = await Promise.all([
    listNotifications(orgId, { limit }),
    withOrg(orgId, (tx) => tx.select({ n: count() }).from(notifications).where(and(eq(notifications.orgId, orgId), isNull(notifications.readAt)))),
  ]);
  return {
    unread: Number(unread[0]?.n ?? 0),
    items: items.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, createdAt: n.createdAt.toISOString(), read: n.readAt !== null })),
  };
}

/** Mark some (or all) of an organisation's notifications read. Returns how many changed. */
export async function markNotificationsRead(orgId: string, ids?: string[]) {
  const rows = await withOrg(orgId, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: now() })
      .where(and(eq(notifications.orgId, orgId), isNull(notifications.readAt), ids ? inArray(notifications.id, ids) : undefined))
      .returning({ id: notifications.id }),
  );
  return rows.length;
}
