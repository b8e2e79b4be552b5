import { desc, eq } from "drizzle-orm";
import { db } from "@/db";
import { stripeEvents, subscriptions } from "@/db/schema";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";
import { apiKeyPrefix } from "@/lib/auth/api-key-format";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { resumeSubscription } from "@/lib/billing/resume-subscription";
import { syncStripeCustomer } from "@/lib/billing/sync-stripe-customer";
import { randomBase62 } from "@/lib/ids";
import { getStripe } from "@/lib/stripe/client";
import { sendTestWebhook } from "@/lib/webhooks-out/deliveries";
import { createWebhookEndpoint } from "@/lib/webhooks-out/endpoints";
import type { Persona, World } from "./fixtures";
import { all, form, o, type Entry } from "./harness";

/**
 * THE authorization matrix: one entry per page / server action / route handler (keys as
 * tests/authz/discover.ts names them). o(anon, other, member, admin, platform):
 *   anon      nobody signed in, no API key
 *   other     the owner of organisation B, using org A's ids (session cookie names org A; API calls use B's key)
 *   member    a member of org A            (API calls: org A's key)
 *   admin     an admin of org A            (API calls: org A's key)
 *   platform  ADMIN_EMAILS, member of no organisation (session only, no API key)
 * Another organisation's ids (org ids in URLs, API keys, holds, payment methods) answer 404 / not_found,
 * never 403 and never data. Adding a route means adding its line here.
 */
const sid = () => randomBase62(16);
const A = (w: World) => w.orgA.id;

// ---------- outcome presets ----------
/** A page of the signed-in app for any member of the active organisation (the other org's owner sees their own). */
const ORG_PAGE = o("sign-in", 200, 200, 200, "redirect:/orgs/new");
/** Platform admin console pages. */
const ADMIN_PAGE = o("sign-in", 403, 403, 403, 200);
/** Org-admin server actions called with org A's id. */
const ORG_ADMIN_ACTION = o("unauthenticated", "not_found", "forbidden", "ok", "not_found");
/** Platform-admin server actions. */
const PLATFORM_ACTION = o("unauthenticated", "forbidden", "forbidden", "forbidden", "ok");
/** API-key routes reading the key's own organisation (org B's key reads org B). */
const KEY_READ = o(401, 200, 200, 200, 401);

async function freshCardA(w: World) {
  const stripe = getStripe();
  const pm = await stripe.paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2041, cvc: "123" } });
  await stripe.paymentMethods.attach(pm.id, { customer: w.orgA.customerId });
  await syncStripeCustomer(w.orgA.customerId);
  return pm.id;
}
/** A fresh PaymentMethod from the sandbox's card form (what the card forms hand to the app's actions). */
async function cardFormPaymentMethod() {
  const pm = await getStripe().paymentMethods.create({ type: "card", card: { number: "4242424242424242", exp_month: 12, exp_year: 2041, cvc: "123" } });
  return pm.id;
}
const sys = { type: "system" as const, id: null };
const isA = (p: Persona) => p === "member" || p === "admin";
/** Org A's subscription set to cancel at the period end (for resume) … */
async function ensureCancelling(w: World) {
  await cancelSubscription({ orgId: w.orgA.id, when: "period_end", actor: sys }).catch(() => undefined);
}
/** … or renewing (for cancel and plan changes): earlier rows of the matrix may have changed it. */
async function ensureRenewing(w: World) {
  await resumeSubscription({ orgId: w.orgA.id, actor: sys }).catch(() => undefined);
}
/** A plan org A is not on, so a plan change is a real change (an upgrade or a downgrade). */
async function otherPlan(w: World): Promise<string> {
  await ensureRenewing(w);
  const [s] = await db.select({ planKey: subscriptions.planKey }).from(subscriptions).where(eq(subscriptions.id, w.orgA.subscriptionId));
  return s?.planKey === "enterprise" ? "pro" : "enterprise";
}
/** A fresh webhook endpoint of org A (a closed local port: deliveries fail fast; at most 20 per organisation) … */
const freshEndpointA = async (w: World) =>
  (await createWebhookEndpoint({ orgId: A(w), actor: sys, url: "http://127.0.0.1:9/authz", eventTypes: ["*"] })).endpoint.id;
/** … one shared by the rows that do not delete it … */
const sharedEndpoints = new Map<string, Promise<string>>(); // by org A's id: the scope tests call with copies of the world
const endpointA = (w: World) => {
  if (!sharedEndpoints.has(A(w))) sharedEndpoints.set(A(w), freshEndpointA(w));
  return sharedEndpoints.get(A(w))!;
};
/** … and a delivery of it to re-send. */
const freshDeliveryA = async (w: World) => sendTestWebhook({ orgId: A(w), actor: sys, endpointId: await endpointA(w) });
const someoneElse = (w: World) => `authz_nobody_${w.tag}_${sid().toLowerCase()}@example.com`;

export const MATRIX: Record<string, Entry> = {
  // ======================= pages =======================
  "page /": { expect: all(200) },
  "page /sign-in": { expect: o(200, "redirect:/billing", "redirect:/billing", "redirect:/billing", "redirect:/billing") },
  "page /sign-up": { expect: o(200, "redirect:/billing", "redirect:/billing", "redirect:/billing", "redirect:/billing") },
  "page /sign-out": { expect: all(200) },
  "page /forgot-password": { expect: all(200) },
  "page /docs/api": { expect: all(200), note: "the public API reference" },
  "page /reset-password": { expect: all(200), page: () => ({ searchParams: { token: "A".repeat(32) } }) },
  "page /verify-email": { expect: all(200), page: () => ({ searchParams: { token: "A".repeat(32) } }) },
  "page /billing": { expect: ORG_PAGE },
  "page /billing/credits": { expect: ORG_PAGE },
  "page /billing/invoices": { expect: ORG_PAGE },
  // A credit-pack receipt: redirects to the charge's receipt for the active organisation's own session; another's or an unknown id is a 404.
  "page /billing/invoices/receipt/[sessionId]": { expect: o("sign-in", 404, 404, 404, "redirect:/orgs/new"), page: () => ({ params: { sessionId: "cs_authz_not_a_session" } }) },
  "page /billing/payment-methods": { expect: ORG_PAGE },
  "page /billing/plans": { expect: ORG_PAGE },
  "page /billing/usage": { expect: ORG_PAGE },
  "page /settings": { expect: ORG_PAGE },
  "page /settings/api-keys": {
    expect: ORG_PAGE,
    // Members may open the page but not list the keys: org A's key prefix is not in what they get.
    mustNotSee: (w, p) => (p === "member" ? [apiKeyPrefix(w.orgA.key)] : []),
  },
  "page /settings/members": { expect: ORG_PAGE },
  // Members may open the page but see no endpoints (owners and admins manage them).
  "page /settings/webhooks": { expect: ORG_PAGE },
  // Your own account (any signed-in person, with or without an organisation).
  "page /account": { expect: o("sign-in", 200, 200, 200, 200) },
  // The link emailed to a new address: the token is the credential, the same page for everyone.
  "page /confirm-email": { expect: all(200), page: () => ({ searchParams: { token: "A".repeat(32) } }) },
  "page /admin": { expect: ADMIN_PAGE },
  "page /admin/audit": { expect: ADMIN_PAGE },
  "page /admin/health": { expect: ADMIN_PAGE },
  "page /admin/invoices": { expect: ADMIN_PAGE },
  "page /admin/organizations": { expect: ADMIN_PAGE },
  "page /admin/organizations/[id]": { expect: ADMIN_PAGE, page: (w) => ({ params: { id: A(w) } }) },
  "page /admin/webhooks": { expect: ADMIN_PAGE },
  "page /invite/[token]": {
    expect: all(200),
    leakOk: true, // the invitation page names the inviting organisation, to whoever holds the link
    page: async (w) => ({ params: { token: await w.inviteToken(someoneElse(w)) } }),
  },
  "page /onboarding": { expect: o("sign-in", "redirect:/onboarding/customer", "redirect:/billing", "redirect:/billing", "redirect:/onboarding/start") },
  "page /onboarding/start": { expect: o("sign-in", "redirect:/onboarding/customer", "redirect:/billing", "redirect:/billing", 200) },
  "page /onboarding/customer": { expect: o("sign-in", 200, "redirect:/billing", "redirect:/billing", "redirect:/onboarding/start") },
  "page /onboarding/payment": { expect: o("sign-in", "redirect:/onboarding/customer", "redirect:/billing", "redirect:/billing", "redirect:/onboarding/start") },
  "page /onboarding/plan": { expect: o("sign-in", "redirect:/onboarding/customer", "redirect:/billing", "redirect:/billing", "redirect:/onboarding/start") },
  "page /onboarding/subscription": { expect: o("sign-in", "redirect:/onboarding/customer", "redirect:/billing", "redirect:/billing", "redirect:/onboarding/start") },
  "page /onboarding/complete": { expect: o("sign-in", "redirect:/onboarding/customer", "redirect:/billing", 200, "redirect:/onboarding/start") },
  "page /orgs/[orgId]": { expect: o("sign-in", 404, 200, 200, 404), page: (w) => ({ params: { orgId: A(w) } }) },
  "page /orgs/new": { expect: o("sign-in", 200, 200, 200, 200) },
  // Sandbox hosted pages are capability URLs (like Stripe's): an unknown id is a 404 for everyone.
  "page /sandbox/authenticate/[id]": { expect: all(200), page: () => ({ params: { id: `pi_${sid()}` } }) },
  "page /sandbox/checkout/[id]": { expect: all(404), page: () => ({ params: { id: `cs_${sid()}` } }) },
  "page /sandbox/invoices/[id]": {
    // The sandbox's hosted_invoice_url is /sandbox/invoices/<invoice id>: whoever holds the link sees it (as with
    // Stripe's hosted invoice page). Org B can never learn org A's invoice ids from the app (see the API rows).
    expect: all(200),
    leakOk: true,
    note: "hardening suggestion in the report: put an unguessable token in the hosted URL instead of the bare id",
    page: (w) => ({ params: { id: w.orgA.invoiceId } }),
  },
  "page /sandbox/portal/[id]": { expect: all(404), page: () => ({ params: { id: `bps_${sid()}` } }) },

  // ======================= server actions =======================
  "action /billing#previewChangeAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), planKey: await otherPlan(w), interval: "month" }] },
  "action /billing#changePlanAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), planKey: await otherPlan(w), interval: "month", requestId: `authz-${sid()}` }] },
  "action /billing#cancelAction": {
    expect: ORG_ADMIN_ACTION,
    args: async (w, p) => {
      if (p === "admin") await ensureRenewing(w);
      return [{ orgId: A(w), reason: "authz" }];
    },
  },
  "action /billing#resumeAction": {
    expect: ORG_ADMIN_ACTION,
    args: async (w, p) => {
      if (p === "admin") await ensureCancelling(w);
      return [{ orgId: A(w) }];
    },
  },
  "action /billing#portalAction": {
    // BUG (reported): a form action with no ActionResult lets the guard's AppError escape (a 500 error page);
    // it must answer like a page: sign-in redirect / 404 / 403.
    expect: o("sign-in", "404", "403", "redirect:/sandbox/portal/*", "404"),
    args: (w) => [form({ orgId: A(w) })],
  },
  "action /billing#buyPackAction": { expect: ORG_ADMIN_ACTION, args: (w) => [{ orgId: A(w), packKey: "pack_1000", requestId: `authz-${sid()}` }] },
  "action /billing#thresholdAction": { expect: ORG_ADMIN_ACTION, args: (w) => [null, form({ orgId: A(w), threshold: "100" })] },
  "action /billing#addCardAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), paymentMethodId: await cardFormPaymentMethod(), makeDefault: false }] },
  "action /billing#setDefaultCardAction": { expect: ORG_ADMIN_ACTION, args: (w) => [{ orgId: A(w), paymentMethodId: w.orgA.paymentMethodId }] },
  "action /billing#removeCardAction": {
    expect: ORG_ADMIN_ACTION,
    args: async (w, p) => [{ orgId: A(w), paymentMethodId: p === "admin" ? await freshCardA(w) : w.orgA.paymentMethodId }],
  },
  "action /billing#markNotificationsReadAction": { expect: o("unauthenticated", "not_found", "ok", "ok", "not_found"), args: (w) => [{ orgId: A(w) }] },
  "action /billing#startCheckoutAction": {
    expect: o("unauthenticated", "not_found", "forbidden", "already_subscribed", "not_found"),
    args: (w) => [{ orgId: A(w), planKey: "pro", interval: "month", requestId: `authz-${sid()}` }],
  },
  "action /settings#updateBillingDetailsAction": { expect: ORG_ADMIN_ACTION, args: (w) => [null, form({ orgId: A(w), companyName: "Alpha Billing Co", billingEmail: "billing@alpha-authz.test", country: "GB" })] },
  "action /settings#renameOrgAction": { expect: ORG_ADMIN_ACTION, args: (w) => [null, form({ orgId: A(w), name: `Alpha Authz ${w.tag}` })] },
  "action /settings/api-keys#createApiKeyAction": { expect: ORG_ADMIN_ACTION, args: (w) => [null, form({ orgId: A(w), name: "authz key" })] },
  "action /settings/api-keys#revokeApiKeyAction": {
    // The other organisation's owner names their OWN organisation and org A's key id: still not_found.
    expect: ORG_ADMIN_ACTION,
    args: async (w, p) => [{ orgId: p === "other" ? w.orgB.id : A(w), keyId: await w.freshKeyA() }],
  },
  // Outbound webhooks (issue 16 §2): owners and admins.
  "action /settings/webhooks#createWebhookEndpointAction": {
    expect: ORG_ADMIN_ACTION,
    args: (w) => {
      const f = form({ orgId: A(w), url: "http://127.0.0.1:9/authz-new" });
      f.append("eventTypes", "*");
      return [null, f];
    },
  },
  "action /settings/webhooks#setWebhookEnabledAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), endpointId: await endpointA(w), enabled: false }] },
  "action /settings/webhooks#rotateWebhookSecretAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), endpointId: await endpointA(w) }] },
  "action /settings/webhooks#deleteWebhookEndpointAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), endpointId: await freshEndpointA(w) }] },
  "action /settings/webhooks#sendTestWebhookAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), endpointId: await endpointA(w) }] },
  "action /settings/webhooks#resendWebhookDeliveryAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), deliveryId: await freshDeliveryA(w) }] },
  "action /settings/members#inviteMemberAction": {
    expect: ORG_ADMIN_ACTION,
    args: (w) => [null, form({ orgId: A(w), email: someoneElse(w), role: "member" })],
  },
  // Team management (issue 14): owners and admins; another organisation's owner and the platform admin get not_found.
  // Owner-only rules (an admin cannot touch an owner, nobody removes the last owner) are checked as owner vs admin
  // in authz-matrix.db.test.ts ("team management: owner vs admin").
  "action /settings/members#removeMemberAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), userId: await w.freshMemberA() }] },
  "action /settings/members#changeRoleAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), userId: await w.freshMemberA(), role: "admin" }] },
  "action /settings/members#revokeInvitationAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), invitationId: await w.freshInvitationA() }] },
  "action /settings/members#resendInvitationAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), invitationId: await w.freshInvitationA() }] },
  // Any member may leave (afterCall puts org A's member and admin back); a non-member has nothing to leave.
  "action /settings/members#leaveOrgAction": { expect: o("unauthenticated", "not_found", "ok", "ok", "not_found"), args: (w) => [{ orgId: A(w) }] },
  // Account settings: the signed-in person's own account; the current password is checked after the guard
  // (a wrong one here, so the personas keep theirs).
  "action /account#changePasswordAction": {
    expect: o("unauthenticated", "wrong_password", "wrong_password", "wrong_password", "wrong_password"),
    args: () => [null, form({ currentPassword: "not the password", newPassword: "a new long password" })],
  },
  "action /account#requestEmailChangeAction": {
    expect: o("unauthenticated", "wrong_password", "wrong_password", "wrong_password", "wrong_password"),
    args: (w) => [null, form({ currentPassword: "not the password", newEmail: someoneElse(w) })],
  },
  "action /confirm-email#confirmEmailChangeAction": { expect: all("redirect:/confirm-email?error"), args: () => [form({ token: "A".repeat(32) })] },
  "action /sign-in#signInAction": { expect: all("redirect:/billing"), args: () => [null, form({ email: "someone@example.com", password: "password123" })], note: "signIn is stubbed: the redirect proves the action is public" },
  "action /sign-out#signOutAction": { expect: all("returned") },
  // Revokes the caller's own sessions only (each mocked request is a fresh sign-in, so later rows are unaffected).
  "action /sign-out#signOutEverywhereAction": { expect: all("returned") },
  // No enumeration: the same answer for any address (this one has no account, so nothing is sent).
  "action /forgot-password#requestResetAction": { expect: all("redirect:/forgot-password?sent"), args: (w) => [form({ email: someoneElse(w) })] },
  "action /reset-password#resetPasswordAction": { expect: all("redirect:/reset-password?error&token"), args: () => [form({ token: "A".repeat(32), password: "long enough password" })] },
  // A link is the credential, not the session: an unknown token is refused for everyone alike.
  "action /verify-email#verifyEmailAction": { expect: all("redirect:/verify-email?error"), args: () => [form({ token: "A".repeat(32) })] },
  "action /verify-email#resendVerificationAction": { expect: o("unauthenticated", "ok", "ok", "ok", "ok"), args: () => [null, form({})] },
  "action /sign-up#signUpAction": {
    expect: all("redirect:/onboarding"),
    args: (w) => [null, form({ name: "New person", email: someoneElse(w), password: "password123" })],
  },
  "action /admin#adjustCreditsAction": { expect: PLATFORM_ACTION, args: (w) => [{ orgId: A(w), kind: "grant", amount: 5, reason: "authz matrix", idempotencyKey: `authz-${sid()}` }] },
  "action /admin#syncCustomerAction": { expect: PLATFORM_ACTION, args: (w) => [{ orgId: A(w) }] },
  // Org A already has a subscription, so the platform admin passes the guard and is refused by the rule.
  "action /admin#compPlanAction": { expect: o("unauthenticated", "forbidden", "forbidden", "forbidden", "already_subscribed"), args: (w) => [{ orgId: A(w), planKey: "pro", reason: "authz matrix" }] },
  "action /admin#cancelSubscriptionAction": {
    expect: PLATFORM_ACTION,
    args: async (w, p) => {
      if (p === "platform") await ensureRenewing(w);
      return [{ orgId: A(w), subscriptionId: w.orgA.subscriptionId, mode: "period_end", reason: "authz matrix" }];
    },
  },
  "action /admin#replayEventAction": {
    expect: PLATFORM_ACTION,
    args: async () => {
      const [ev] = await db.select({ id: stripeEvents.id }).from(stripeEvents).orderBy(desc(stripeEvents.receivedAt)).limit(1);
      return [{ eventId: ev!.id }];
    },
  },
  "action /admin#replayFailedEventsAction": { expect: PLATFORM_ACTION, args: () => [{}] },
  "action /admin#reconcileNowAction": { expect: PLATFORM_ACTION, args: () => [{}] },
  "action /admin#takeSnapshotAction": { expect: PLATFORM_ACTION, args: () => [{}] },
  "action /admin#advanceClockAction": { expect: PLATFORM_ACTION, args: () => [{ advance: "1m" }] },
  "action /invite/[token]#acceptInviteAction": {
    // A token addressed to someone else's email is refused to everyone signed in.
    expect: o("unauthenticated", "invitation_wrong_account", "invitation_wrong_account", "invitation_wrong_account", "invitation_wrong_account"),
    args: async (w) => [null, form({ token: await w.inviteToken(someoneElse(w)) })],
  },
  "action /onboarding#startAction": {
    // The form carries a client-chosen organisation id (double-submit safety). Naming org A's id must not
    // reach org A: the other organisation's owner and the platform admin are refused.
    // BUG (reported): a plain member of org A can (re)start its onboarding (writes its onboarding session); must be forbidden.
    expect: o("unauthenticated", "conflict", "forbidden", "redirect:/onboarding/customer", "conflict"),
    args: (w) => [null, form({ name: "Authz onboarding", orgId: A(w) })],
  },
  "action /onboarding#billingDetailsAction": {
    expect: o("unauthenticated", "not_found", "forbidden", "redirect:/onboarding/payment", "not_found"),
    args: (w) => [null, form({ orgId: A(w), companyName: `Alpha Authz ${w.tag}`, billingEmail: "billing@example.com", country: "US" })],
  },
  "action /onboarding#saveCardAction": { expect: ORG_ADMIN_ACTION, args: async (w) => [{ orgId: A(w), paymentMethodId: await cardFormPaymentMethod() }] },
  "action /onboarding#skipPaymentAction": {
    // BUG (reported): same as portalAction.
    expect: o("sign-in", "404", "403", "redirect:/onboarding/plan", "404"),
    args: (w) => [form({ orgId: A(w) })],
  },
  "action /onboarding#createSetupIntentAction": { expect: ORG_ADMIN_ACTION, args: (w) => [{ orgId: A(w), attemptId: `authz-${sid()}` }] },
  "action /onboarding#confirmSetupIntentAction": { expect: o("unauthenticated", "not_found", "forbidden", "not_found", "not_found"), args: (w) => [{ orgId: A(w), setupIntentId: `seti_${sid()}` }] },
  "action /onboarding#checkDiscountAction": { expect: ORG_ADMIN_ACTION, args: (w) => [{ orgId: A(w), planKey: "pro", code: "WELCOME10" }] },
  "action /onboarding#choosePlanAction": {
    expect: o("unauthenticated", "not_found", "forbidden", "redirect:/onboarding/subscription", "not_found"),
    args: (w) => [null, form({ orgId: A(w), planKey: "pro", interval: "month" })],
  },
  "action /onboarding#confirmSubscriptionAction": {
    expect: o("unauthenticated", "not_found", "forbidden", "redirect:/onboarding/complete", "not_found"),
    args: (w) => [null, form({ orgId: A(w) })],
  },
  "action /onboarding#completeAction": { expect: ORG_ADMIN_ACTION, args: (w) => [{ orgId: A(w) }] },
  "action /orgs/[orgId]#switchOrgAction": {
    expect: o("sign-in", "404", "redirect:/settings", "redirect:/settings", "404"),
    args: (w) => [form({ orgId: A(w) })],
  },
  "action /orgs/new#createOrgAction": { expect: o("unauthenticated", "redirect:/settings?created", "redirect:/settings?created", "redirect:/settings?created", "redirect:/settings?created"), args: () => [null, form({ name: "Authz new org" })] },
  // Sandbox hosted-page actions: capability ids, the same for everyone; an unknown id goes back to the page with an error.
  // The sandbox's card form stands in for Stripe.js (publishable key, no session): anyone may turn a test card into a PaymentMethod.
  "action /sandbox/card#createCardPaymentMethodAction": { expect: all("ok"), args: () => [form({ attemptId: `authz-${sid()}`, number: "4242424242424242", expiry: "12/40", cvc: "123" })] },
  "action /sandbox/authenticate/[id]#decide": { expect: all("redirect:/sandbox/authenticate/*?status"), args: () => [form({ intentId: `pi_${sid()}`, decision: "approve" })] },
  "action /sandbox/checkout/[id]#payCheckout": {
    expect: all("redirect:/sandbox/checkout/*?error"),
    args: () => [form({ sessionId: `cs_${sid()}`, number: "4242424242424242", expiry: "12/40", cvc: "123", name: "x" })],
  },
  // …but a portal session only reaches its own customer: org B's session naming org A's subscription or card is refused.
  "action /sandbox/portal/[id]#switchPlan": {
    expect: all("redirect:/sandbox/portal/*?error"),
    args: async (w) => [form({ sessionId: w.orgB.portalSessionId, subscriptionId: w.orgA.subscriptionId, priceId: (await getCatalogIds()).priceId("enterprise", "month") })],
  },
  "action /sandbox/portal/[id]#cancelSubscription": { expect: all("redirect:/sandbox/portal/*?error"), args: (w) => [form({ sessionId: w.orgB.portalSessionId, subscriptionId: w.orgA.subscriptionId })] },
  "action /sandbox/portal/[id]#resumeSubscription": { expect: all("redirect:/sandbox/portal/*?error"), args: (w) => [form({ sessionId: w.orgB.portalSessionId, subscriptionId: w.orgA.subscriptionId })] },
  "action /sandbox/portal/[id]#addCard": { expect: all("redirect:/sandbox/portal/*?error"), args: () => [form({ sessionId: `bps_${sid()}`, number: "4242424242424242", expiry: "12/40", cvc: "123" })] },
  "action /sandbox/portal/[id]#makeDefault": { expect: all("redirect:/sandbox/portal/*?error"), args: (w) => [form({ sessionId: w.orgB.portalSessionId, paymentMethodId: w.orgA.paymentMethodId })] },
  "action /sandbox/portal/[id]#removeCard": { expect: all("redirect:/sandbox/portal/*?error"), args: (w) => [form({ sessionId: w.orgB.portalSessionId, paymentMethodId: w.orgA.paymentMethodId })] },

  // ======================= route handlers =======================
  "GET /api/admin/health": { expect: o(401, 403, 403, 403, 200), auth: "session" },
  "GET /api/admin/stats": { expect: o(401, 403, 403, 403, 200), auth: "session" },
  "GET /api/auth/[...nextauth]": { expect: all(200), route: () => ({ params: { nextauth: ["providers"] } }) },
  "POST /api/auth/[...nextauth]": { expect: all(302), route: () => ({ params: { nextauth: ["signout"] }, raw: "", headers: { "content-type": "application/x-www-form-urlencoded" } }), note: "no CSRF token: Auth.js refuses with a redirect" },
  "GET /api/billing/config": { expect: all(200) },
  "GET /api/billing/plans": { expect: all(200) },
  "GET /api/health": { expect: all(200) },
  "GET /api/v1/openapi.json": { expect: all(200), note: "the public API description" },
  "GET /api/health/billing": { expect: all(200) },
  "GET /api/onboarding/status": { expect: o(401, 404, 200, 200, 404), auth: "session", route: (w) => ({ query: { org_id: A(w) } }) },
  "GET /api/orgs/[orgId]": { expect: o(401, 404, 200, 200, 404), auth: "session", route: (w) => ({ params: { orgId: A(w) } }) },
  "PATCH /api/orgs/[orgId]": { expect: o(401, 404, 403, 200, 404), auth: "session", route: (w) => ({ params: { orgId: A(w) }, body: { name: `Alpha Authz ${w.tag}` } }) },
  "GET /api/orgs/[orgId]/api-keys": { expect: o(401, 404, 403, 200, 404), auth: "session", route: (w) => ({ params: { orgId: A(w) } }) },
  "POST /api/orgs/[orgId]/api-keys": { expect: o(401, 404, 403, 201, 404), auth: "session", route: (w) => ({ params: { orgId: A(w) }, body: { name: "authz" } }) },
  "DELETE /api/orgs/[orgId]/api-keys/[keyId]": {
    // The other organisation's owner names their OWN organisation and org A's key id: 404.
    expect: o(401, 404, 403, 200, 404),
    auth: "session",
    route: async (w, p) => ({ params: { orgId: p === "other" ? w.orgB.id : A(w), keyId: await w.freshKeyA() } }),
  },
  "GET /sandbox/invoices/[id]/pdf": {
    // The sandbox's invoice_pdf, a capability URL like the hosted invoice page (same note).
    expect: all(200),
    leakOk: true,
    route: (w) => ({ params: { id: w.orgA.invoiceId } }),
  },
  "GET /api/sandbox/clock": { expect: o(401, 403, 403, 403, 200), auth: "session" },
  "POST /api/sandbox/clock": { expect: o(401, 403, 403, 403, 200), auth: "session", route: () => ({ body: { advance: "1m" } }) },
  "POST /api/webhooks/stripe": { expect: all(400), route: () => ({ body: { id: "evt_x", type: "customer.updated" } }), note: "no Stripe-Signature: refused for everyone (the signature is the only credential)" },
  "POST /api/v1/billing/checkout": { expect: o(401, 201, 409, 409, 401), auth: "key", scope: "billing:write", route: () => ({ body: { plan: "pro", interval: "month" } }) },
  "POST /api/v1/billing/credit-checkout": { expect: o(401, 201, 201, 201, 401), auth: "key", scope: "billing:write", route: () => ({ body: { pack: "pack_1000" } }) },
  "POST /api/v1/billing/discounts/validate": { expect: KEY_READ, auth: "key", scope: "billing:read", route: () => ({ body: { code: "WELCOME10" } }) },
  "GET /api/v1/billing/invoices": {
    // Org B paging with org A's invoice id as the cursor learns nothing (the cursor is looked up in B's own invoices).
    expect: KEY_READ,
    auth: "key", scope: "billing:read",
    route: (w, p) => (p === "other" ? { query: { cursor: w.orgA.invoiceId } } : {}),
  },
  "GET /api/v1/billing/payment-methods": { expect: KEY_READ, auth: "key", scope: "billing:read" },
  "POST /api/v1/billing/portal": { expect: o(401, 201, 201, 201, 401), auth: "key", scope: "billing:write", route: () => ({ body: {} }) },
  "POST /api/v1/billing/preview": {
    // Org B has no subscription: 409 about its OWN organisation, nothing about org A's.
    expect: o(401, 409, 200, 200, 401),
    auth: "key", scope: "billing:read",
    route: async (w, p) => ({ body: { plan: isA(p) ? await otherPlan(w) : "enterprise", interval: "month" } }),
  },
  "GET /api/v1/billing/spend-cap": { expect: KEY_READ, auth: "key", scope: "billing:read" },
  "PUT /api/v1/billing/spend-cap": { expect: KEY_READ, auth: "key", scope: "billing:write", route: () => ({ body: { spend_cap_cents: 100_000 } }) },
  "GET /api/v1/webhook-endpoints": { expect: KEY_READ, auth: "key", scope: "billing:read" },
  "POST /api/v1/webhook-endpoints": {
    expect: o(401, 201, 201, 201, 401),
    auth: "key",
    scope: "billing:write",
    route: () => ({ body: { url: "http://127.0.0.1:9/authz-api", event_types: ["invoice.paid"] } }),
  },
  "PATCH /api/v1/webhook-endpoints/[id]": {
    expect: o(401, 404, 200, 200, 401),
    auth: "key",
    scope: "billing:write",
    route: async (w) => ({ params: { id: await endpointA(w) }, body: { enabled: true } }),
  },
  "DELETE /api/v1/webhook-endpoints/[id]": {
    expect: o(401, 404, 200, 200, 401),
    auth: "key",
    scope: "billing:write",
    route: async (w) => ({ params: { id: await freshEndpointA(w) } }),
  },
  "POST /api/v1/webhook-endpoints/[id]/rotate-secret": {
    expect: o(401, 404, 200, 200, 401),
    auth: "key",
    scope: "billing:write",
    route: async (w) => ({ params: { id: await endpointA(w) } }),
  },
  "POST /api/v1/webhook-endpoints/[id]/test": {
    expect: o(401, 404, 202, 202, 401),
    auth: "key",
    scope: "billing:write",
    route: async (w) => ({ params: { id: await endpointA(w) } }),
  },
  "GET /api/v1/webhook-endpoints/[id]/deliveries": {
    expect: o(401, 404, 200, 200, 401),
    auth: "key",
    scope: "billing:read",
    route: async (w) => ({ params: { id: await endpointA(w) } }),
  },
  "POST /api/v1/webhook-endpoints/[id]/deliveries/[deliveryId]/resend": {
    expect: o(401, 404, 202, 202, 401),
    auth: "key",
    scope: "billing:write",
    route: async (w) => ({ params: { id: await endpointA(w), deliveryId: await freshDeliveryA(w) } }),
  },
  "GET /api/v1/billing/status": { expect: KEY_READ, auth: "key", scope: "billing:read" },
  "GET /api/v1/billing/subscription": { expect: KEY_READ, auth: "key", scope: "billing:read" },
  "PATCH /api/v1/billing/subscription": {
    expect: o(401, 409, 200, 200, 401),
    auth: "key", scope: "billing:write",
    route: async (w, p) => ({ body: { plan: isA(p) ? await otherPlan(w) : "enterprise", interval: "month" } }),
  },
  "POST /api/v1/billing/subscription/cancel": {
    expect: o(401, 409, 200, 200, 401),
    auth: "key", scope: "billing:write",
    route: async (w, p) => {
      if (isA(p)) await ensureRenewing(w);
      return { body: {} };
    },
  },
  "POST /api/v1/billing/subscription/resume": {
    expect: o(401, 409, 200, 200, 401),
    auth: "key", scope: "billing:write",
    route: async (w, p) => {
      if (isA(p)) await ensureCancelling(w);
      return {};
    },
  },
  "GET /api/v1/check": { expect: KEY_READ, auth: "key", scope: "usage:read", route: () => ({ query: { metric: "api_calls" } }) },
  "POST /api/v1/credits/consume": { expect: KEY_READ, auth: "key", scope: "credits:write", route: () => ({ body: { amount: 1, idempotency_key: `authz-${sid()}` } }) },
  "POST /api/v1/credits/holds": { expect: o(401, 201, 201, 201, 401), auth: "key", scope: "credits:write", route: () => ({ body: { amount: 1, idempotency_key: `authz-${sid()}` } }) },
  "POST /api/v1/credits/holds/[id]/commit": { expect: o(401, 404, 200, 200, 401), auth: "key", scope: "credits:write", route: async (w) => ({ params: { id: await w.freshHold() }, body: { amount: 5 } }) },
  "POST /api/v1/credits/holds/[id]/release": { expect: o(401, 404, 200, 200, 401), auth: "key", scope: "credits:write", route: async (w) => ({ params: { id: await w.freshHold() } }) },
  "GET /api/v1/credits": { expect: KEY_READ, auth: "key", scope: "usage:read" },
  "GET /api/v1/export/csv": { expect: o(401, 403, 200, 200, 401), auth: "key", scope: "usage:write" },
  "GET /api/v1/export/pdf": { expect: o(401, 403, 200, 200, 401), auth: "key", scope: "usage:write" },
  "GET /api/v1/me": { expect: KEY_READ, auth: "key", scope: null },
  "GET /api/v1/signals": { expect: KEY_READ, auth: "key", scope: "usage:write" },
  "GET /api/v1/signals/history/[symbol]": { expect: KEY_READ, auth: "key", scope: "usage:write", route: () => ({ params: { symbol: "AAPL" } }) },
  "POST /api/v1/usage": { expect: KEY_READ, auth: "key", scope: "usage:write", route: () => ({ body: { metric: "api_calls", quantity: 1, idempotency_key: `authz-${sid()}` } }) },
  "GET /api/v1/usage/summary": { expect: KEY_READ, auth: "key", scope: "usage:read" },
};

export type { Persona };
