import "server-only";
import { z } from "zod";
import type { Actor } from "@/lib/audit/write-audit";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";

export const adminCancelSubscriptionSchema = z.object({
  orgId: z.string().min(1).max(100),
  subscriptionId: z.string().min(1).max(100),
  /** period_end: stop renewing (the customer keeps access until the period ends); now: end immediately. */
  mode: z.enum(["period_end", "now"]),
  reason: z.string().trim().min(3, "give a reason (at least 3 characters)").max(500),
});
export type AdminCancelSubscriptionInput = z.infer<typeof adminCancelSubscriptionSchema>;

/** An admin cancels an organisation's subscription: the customers' cancel path, with the admin as actor. */
export async function adminCancelSubscription(input: AdminCancelSubscriptionInput, actor: Actor) {
  const p = adminCancelSubscriptionSchema.parse(input);
  const out = await cancelSubscription({ orgId: p.orgId, subscriptionId: p.subscriptionId, when: p.mode, reason: p.reason, actor });
  return out.sync;
}
