import { and, desc, eq, isNull } from "drizzle-orm";
import { notifications } from "@/db/schema";
import { withOrg } from "@/db/with-org";

/** An organisation's notifications, newest first. */
export async function listNotifications(orgId: string, opts: { unreadOnly?: boolean; limit?: number } = {}) {
  return withOrg(orgId, (tx) =>
    tx
      .select()
      .from(notifications)
      .where(and(eq(notifications.orgId, orgId), opts.unreadOnly ? isNull(notifications.readAt) : undefined))
      .orderBy(desc(notifications.createdAt))
      .limit(opts.limit ?? 50),
  );
}
