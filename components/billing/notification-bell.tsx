import { getNotificationBell } from "@/lib/billing-ui/notifications";
import { NotificationMenu } from "./notification-menu";

/**
 * The in-app notifications bell with the unread count (quota thresholds, low credits, trial ending,
 * payment failed). A server component: mount it in the (app) header with the active org id.
 */
export async function NotificationBell({ orgId }: { orgId: string }) {
  const bell = await getNotificationBell(orgId);
  return <NotificationMenu orgId={orgId} unread={bell.unread} items={bell.items} />;
}
