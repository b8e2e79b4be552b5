/**
 * The one definition of Stripe's subscription statuses and what each means to Billing Kit
 * (docs/BILLING.md §2, §3, §8). Every query, page and job asks here instead of listing statuses.
 *
 * - current:    the organisation has this subscription (not ended): there is at most one to show, change
 *               or cancel, and no second one may be created beside it.
 * - changeable: plan / interval changes and cancelling are allowed (an `incomplete` subscription never
 *               had its first payment: it is completed or replaced by a new checkout, not changed).
 * - billed:     it renews and its usage is invoiced (overage reported, "next invoice" estimated).
 * - overdue:    a payment is owed: plan and interval changes wait until it is paid (cancelling does not).
 * - trial:      the free trial (§2): every plan or interval change applies at once, nothing is charged,
 *               and usage past the allowances is never billed (not reported to Stripe's meters).
 * - access:     whose limits apply — `plan` (its plan), `grace` (its plan until the grace period ends,
 *               then the Free plan's limits, restricted), `restricted` (Free limits, still its
 *               subscription), `none` (Free plan; the subscription gives nothing).
 */
export type SubscriptionState = { current: boolean; changeable: boolean; billed: boolean; overdue: boolean; trial: boolean; access: "plan" | "grace" | "restricted" | "none" };

export const SUBSCRIPTION_STATES = {
  trialing: { current: true, changeable: true, billed: true, overdue: false, trial: true, access: "plan" },
  active: { current: true, changeable: true, billed: true, overdue: false, trial: false, access: "plan" },
  past_due: { current: true, changeable: true, billed: true, overdue: true, trial: false, access: "grace" },
  unpaid: { current: true, changeable: true, billed: false, overdue: true, trial: false, access: "restricted" },
  paused: { current: true, changeable: true, billed: false, overdue: false, trial: false, access: "restricted" },
  incomplete: { current: true, changeable: false, billed: false, overdue: false, trial: false, access: "none" },
  incomplete_expired: { current: false, changeable: false, billed: false, overdue: false, trial: false, access: "none" },
  canceled: { current: false, changeable: false, billed: false, overdue: false, trial: false, access: "none" },
} as const satisfies Record<string, SubscriptionState>;

export type SubscriptionStatus = keyof typeof SUBSCRIPTION_STATES;

const ENDED: SubscriptionState = { current: false, changeable: false, billed: false, overdue: false, trial: false, access: "none" };

/** What a status means (an unknown status is treated as ended). */
export function subscriptionState(status: string | null | undefined): SubscriptionState {
  return (status && (SUBSCRIPTION_STATES as Record<string, SubscriptionState>)[status]) || ENDED;
}

const statusesWhere = (pred: (s: SubscriptionState) => boolean) =>
  (Object.entries(SUBSCRIPTION_STATES) as [SubscriptionStatus, SubscriptionState][]).filter(([, s]) => pred(s)).map(([k]) => k);

/** Statuses of an organisation's current (not ended) subscription. */
export const CURRENT_STATUSES: readonly SubscriptionStatus[] = statusesWhere((s) => s.current);
/** Statuses that renew and have their usage invoiced. */
export const BILLED_STATUSES: readonly SubscriptionStatus[] = statusesWhere((s) => s.billed);
/** Statuses that can give (or have given) a plan's limits: everything but `none`. */
export const PLAN_BEARING_STATUSES: readonly SubscriptionStatus[] = statusesWhere((s) => s.access !== "none");

export const isCurrentStatus = (status: string | null | undefined) => subscriptionState(status).current;
export const isChangeableStatus = (status: string | null | undefined) => subscriptionState(status).changeable;
export const isOverdueStatus = (status: string | null | undefined) => subscriptionState(status).overdue;
export const isTrialStatus = (status: string | null | undefined) => subscriptionState(status).trial;
export const isBilledStatus = (status: string | null | undefined) => subscriptionState(status).billed;
