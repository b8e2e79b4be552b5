import "server-only";
import type Stripe from "stripe";
import { and, eq, isNull, notInArray, sql } from "drizzle-orm";
import { db, getDbHandle, type Tx } from "@/db";
import { advisoryKey } from "@/db/advisory-key";
import { invoices, organizations, paymentMethods, stripeCustomers, subscriptions } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import type { EventInput } from "@/lib/events/schema";
import { now } from "@/lib/clock";
import { serialiser } from "@/lib/serialise";
import { logger } from "@/lib/log";
import { callStripe } from "@/lib/stripe/call-stripe";
import { invalidateOrgPlan } from "./resolve-org-plan";
import { mapInvoice, mapPaymentMethod, mapSubscription, pastDueSinceFromInvoices, stripeIdOf } from "./stripe-mirror-map";

export type SyncResult = {
  customerId: string;
  orgId: string | null;
  deleted: boolean;
  subscriptions: number;
  invoices: number;
  paymentMethods: number;
  /** Audit actions written (one per mirror row that changed). */
  changes: string[];
};

export type SyncOptions = { actor?: Actor; requestId?: string | null };

/**
 * How much newer than an event's arrival a sync's Stripe read must be to stand for that event: clocks
 * of different instances may differ slightly, and a sync that read Stripe "at" the arrival instant
 * may have read just before it.
 */
export const SYNC_FRESHNESS_MARGIN_MS = 1_000;

const JOB_ACTOR: Actor = { type: "job", id: null };
const MAX_PAGES = 20;

/**
 * THE writer of the Stripe mirror. Re-reads the customer, its subscriptions (latest invoice and
 * discounts expanded), invoices and card payment methods from Stripe, then upserts all of it in ONE
 * transaction with an audit row per changed row. Because it always re-reads Stripe (and calls for one
 * customer are serialised), out-of-order and duplicate webhooks converge to Stripe's current state.
 */
export async function syncStripeCustomer(customerId: string, options: SyncOptions = {}): Promise<SyncResult> {
  // Coalescing: a sync of this customer that is queued behind a running one has not read Stripe yet,
  // so it will see everything that happened before this call — join it instead of queueing another.
  const waiting = joinable.get(customerId);
  if (waiting) return waiting;
  const run: Promise<SyncResult> = serialised(customerId, async () => {
    if (joinable.get(customerId) === run) joinable.delete(customerId);
    return syncNow(customerId, options);
  });
  joinable.set(customerId, run);
  return run.finally(() => {
    if (joinable.get(customerId) === run) joinable.delete(customerId);
  });
}

/**
 * The mirror of this customer as of a sync that read Stripe after `since` (plus a margin), or null
 * when the mirror is older: an event received at `since` needs no sync of its own when one read
 * Stripe after it arrived — under a burst, one sync answers every event of the customer queued
 * before it started (issue 15: Stripe calls per event ≤ 1).
 */
export async function mirrorSyncedSince(customerId: string, since: Date): Promise<SyncResult | null> {
  const [row] = await db
    .select({ orgId: stripeCustomers.orgId, deleted: stripeCustomers.deleted, syncedAt: stripeCustomers.syncedAt })
    .from(stripeCustomers)
    .where(eq(stripeCustomers.id, customerId));
  if (!row || row.syncedAt.getTime() <= since.getTime() + SYNC_FRESHNESS_MARGIN_MS) return null;
  return { customerId, orgId: row.orgId, deleted: row.deleted, subscriptions: 0, invoices: 0, paymentMethods: 0, changes: [] };
}

async function syncNow(customerId: string, options: SyncOptions): Promise<SyncResult> {
  const handle = await getDbHandle();
  let readAt = now();
  // The organisation: the mirror knows it for every customer it has seen (no Stripe request); a new
  // customer is read once to find its metadata.org_id.
  let first: CustomerRead | null = null;
  let orgId = await orgByCustomerId(customerId);
  if (!orgId) {
    first = await readCustomer(customerId);
    orgId = await orgForCustomer(customerId, first.deleted ? null : (first.customer as Stripe.Customer));
  }
  const result: SyncResult = { customerId, orgId, deleted: first?.deleted ?? false, subscriptions: 0, invoices: 0, paymentMethods: 0, changes: [] };
  if (!orgId) {
    logger.warn({ customerId }, "stripe customer has no organisation (metadata.org_id missing); mirror not written");
    return result;
  }
  const org = orgId;
  if (handle.kind === "pglite") {
    // One connection in one process: the in-process chain above already serialises; Stripe is read
    // outside the transaction (the sandbox shares the connection).
    const state = await readState(customerId, first ?? (await readCustomer(customerId)));
    result.deleted = state.deleted;
    await withOrg(org, (tx) => writeMirror(tx, org, state, options, result, readAt));
    return finish(org, result);
  }
  // Postgres, any number of processes: a transaction-scoped advisory lock per customer, then read
  // Stripe and write, so the last writer always wrote the newest state.
  await withOrg(org, async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${advisoryKey(customerId)})`);
    readAt = now();
    const state = await readState(customerId, await readCustomer(customerId));
    result.deleted = state.deleted;
    await writeMirror(tx, org, state, options, result, readAt);
  });
  return finish(org, result);
}

function finish(orgId: string, result: SyncResult) {
  invalidateOrgPlan(orgId);
  return result;
}

type CustomerRead = { customer: Stripe.Customer | Stripe.DeletedCustomer; deleted: boolean };
type StripeState = CustomerRead & { subs: Stripe.Subscription[]; invs: Stripe.Invoice[]; pms: Stripe.PaymentMethod[] };

async function readCustomer(customerId: string): Promise<CustomerRead> {
  const customer = await callStripe("customers.retrieve", (s, o) => s.customers.retrieve(customerId, {}, o));
  return { customer, deleted: Boolean((customer as Stripe.DeletedCustomer).deleted) };
}

async function readState(customerId: string, c: CustomerRead): Promise<StripeState> {
  if (c.deleted) return { ...c, subs: [], invs: [], pms: [] };
  const [subs, invs, pms] = await Promise.all([
    listAll<Stripe.Subscription>("subscriptions.list", (s, o, after) =>
      s.subscriptions.list({ customer: customerId, status: "all", limit: 100, expand: ["data.latest_invoice", "data.discounts", "data.discounts.source.coupon"], ...(after ? { starting_after: after } : {}) }, o),
    ),
    listAll<Stripe.Invoice>("invoices.list", (s, o, after) => s.invoices.list({ customer: customerId, limit: 100, ...(after ? { starting_after: after } : {}) }, o)),
    listAll<Stripe.PaymentMethod>("paymentMethods.list", (s, o, after) =>
      s.customers.listPaymentMethods(customerId, { type: "card", limit: 100, ...(after ? { starting_after: after } : {}) }, o),
    ),
  ]);
  return { ...c, subs, invs, pms };
}

async function writeMirror(tx: Tx, orgId: string, state: StripeState, options: SyncOptions, result: SyncResult, readAt: Date): Promise<void> {
  const actor = options.actor ?? JOB_ACTOR;
  const customerId = result.customerId;
  const { deleted, subs, invs, pms } = state;
  const cust = deleted ? null : (state.customer as Stripe.Customer);
  const defaultPm = stripeIdOf(cust?.invoice_settings?.default_payment_method) ?? null;
  const at = now();
  const audit = (t: Tx, action: string, target: string, before: unknown, after: unknown, event?: EventInput) => {
    result.changes.push(action);
    return record(t, { actor, orgId, action, target, before, after, requestId: options.requestId ?? null, ...(event ? { event } : {}) });
  };
  // Customer
  const [prevCust] = await tx.select().from(stripeCustomers).where(eq(stripeCustomers.id, customerId));
  const custRow = {
    id: customerId,
    orgId,
    email: cust?.email ?? prevCust?.email ?? null,
    name: cust?.name ?? prevCust?.name ?? null,
    defaultPaymentMethodId: defaultPm,
    balanceCents: cust?.balance ?? 0,
    currency: cust?.currency ?? null,
    deleted,
    // The customer row's synced_at is when this sync began reading Stripe: the mirror is at least as new
    // as that instant (mirrorSyncedSince relies on it).
    syncedAt: readAt,
  };
  await tx.insert(stripeCustomers).values(custRow).onConflictDoUpdate({ target: stripeCustomers.id, set: custRow });
  const custView = (r: typeof custRow | undefined) => r && { email: r.email, name: r.name, defaultPaymentMethodId: r.defaultPaymentMethodId, balanceCents: Number(r.balanceCents), deleted: r.deleted };
  if (changed(custView(prevCust), custView(custRow))) await audit(tx, prevCust ? "customer.updated" : "customer.created", customerId, custView(prevCust) ?? null, custView(custRow));
  await tx.update(organizations).set({ stripeCustomerId: customerId }).where(and(eq(organizations.id, orgId), isNull(organizations.stripeCustomerId)));

  // Subscriptions
  const prevSubs = new Map((await tx.select().from(subscriptions).where(eq(subscriptions.customerId, customerId))).map((r) => [r.id, r]));
  for (const sub of subs) {
    const m = mapSubscription(sub);
    const prev = prevSubs.get(m.id);
    const pastDueSince = m.status === "past_due" ? pastDueStart(m.id, invs, prev, at) : null;
    const row = { ...m, orgId, customerId, pastDueSince, syncedAt: at };
    await tx.insert(subscriptions).values(row).onConflictDoUpdate({ target: subscriptions.id, set: row });
    result.subscriptions++;
    if (!prev || changed(subView(prev), subView(row))) {
      await audit(tx, prev ? statusAction(prev.status, row.status) : "subscription.created", m.id, prev ? subView(prev) : null, subView(row), subscriptionEvent(prev, row, at));
    }
  }
  // A subscription Stripe no longer returns (customer deleted) is over.
  for (const prev of prevSubs.values()) {
    if (subs.some((s) => s.id === prev.id) || prev.status === "canceled") continue;
    await tx.update(subscriptions).set({ status: "canceled", endedAt: prev.endedAt ?? at, pastDueSince: null, syncedAt: at }).where(eq(subscriptions.id, prev.id));
    await audit(tx, "subscription.canceled", prev.id, subView(prev), { ...subView(prev), status: "canceled" }, subscriptionEvent(prev, { ...prev, status: "canceled", endedAt: prev.endedAt ?? at }, at));
  }

  // Invoices
  const prevInv = new Map((await tx.select().from(invoices).where(eq(invoices.customerId, customerId))).map((r) => [r.id, r]));
  for (const inv of invs) {
    const m = mapInvoice(inv);
    const prev = prevInv.get(m.id);
    const row = { ...m, orgId, customerId, syncedAt: at };
    await tx.insert(invoices).values(row).onConflictDoUpdate({ target: invoices.id, set: row });
    result.invoices++;
    if (!prev || changed(invView(prev), invView(row))) await audit(tx, prev ? `invoice.${row.status}` : "invoice.created", m.id, prev ? invView(prev) : null, invView(row));
  }

  // Payment methods (the customer's current set replaces the mirror's)
  const prevPm = new Map((await tx.select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId))).map((r) => [r.id, r]));
  const keep = pms.map((p) => p.id);
  for (const pm of pms) {
    const m = mapPaymentMethod(pm);
    const prev = prevPm.get(m.id);
    const row = { ...m, orgId, customerId, isDefault: m.id === defaultPm, syncedAt: at };
    await tx.insert(paymentMethods).values(row).onConflictDoUpdate({ target: paymentMethods.id, set: row });
    result.paymentMethods++;
    if (!prev || changed(pmView(prev), pmView(row))) await audit(tx, prev ? "payment_method.updated" : "payment_method.attached", m.id, prev ? pmView(prev) : null, pmView(row));
  }
  const gone = [...prevPm.values()].filter((p) => !keep.includes(p.id));
  if (gone.length) {
    await tx.delete(paymentMethods).where(and(eq(paymentMethods.customerId, customerId), keep.length ? notInArray(paymentMethods.id, keep) : undefined));
    for (const p of gone) await audit(tx, "payment_method.detached", p.id, pmView(p), null);
  }
}

/**
 * When the subscription became past due (docs/BILLING.md §8): its failed invoice's first attempt per
 * Stripe, or the time recorded for this episode if earlier — never the time this sync noticed, which
 * may be days late (a webhook processed after a long clock move, a sync that failed) and would start
 * the grace period late. The sync time only when Stripe's invoices do not say.
 */
function pastDueStart(subscriptionId: string, invs: Stripe.Invoice[], prev: typeof subscriptions.$inferSelect | undefined, at: Date): Date {
  const recorded = prev?.status === "past_due" ? prev.pastDueSince : null;
  const fromStripe = pastDueSinceFromInvoices(subscriptionId, invs);
  if (recorded && fromStripe) return recorded < fromStripe ? recorded : fromStripe;
  return recorded ?? fromStripe ?? at;
}

async function orgByCustomerId(customerId: string): Promise<string | null> {
  const [byId] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.stripeCustomerId, customerId));
  return byId?.id ?? null;
}

/** organizations.stripe_customer_id first, then the customer's metadata.org_id (if that org exists). */
async function orgForCustomer(customerId: string, customer: Stripe.Customer | null): Promise<string | null> {
  const byId = await orgByCustomerId(customerId);
  if (byId) return byId;
  const metaOrg = customer?.metadata?.org_id;
  if (!metaOrg) return null;
  const [byMeta] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, metaOrg));
  return byMeta?.id ?? null;
}

async function listAll<T extends { id?: string }>(
  operation: string,
  page: (s: Stripe, o: { idempotencyKey?: string; timeout?: number }, after?: string) => Promise<Stripe.ApiList<T>>,
): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const res = await callStripe(operation, (s, o) => page(s, o, after));
    out.push(...res.data);
    if (!res.has_more || res.data.length === 0) break;
    after = res.data[res.data.length - 1].id;
  }
  return out;
}

function statusAction(before: string, after: string) {
  return before === after ? "subscription.updated" : `subscription.${after}`;
}

type SubLike = Pick<typeof subscriptions.$inferSelect, "status" | "planKey" | "interval" | "amountCents" | "quantity" | "currentPeriodStart" | "currentPeriodEnd" | "trialEnd" | "cancelAtPeriodEnd" | "canceledAt" | "pastDueSince" | "discount" | "pendingChange" | "latestInvoiceId">;
const iso = (v: Date | null | undefined) => (v ? v.toISOString() : null);
function subView(r: SubLike) {
  return {
    status: r.status,
    planKey: r.planKey,
    interval: r.interval,
    amountCents: Number(r.amountCents),
    quantity: r.quantity,
    currentPeriodStart: iso(r.currentPeriodStart),
    currentPeriodEnd: iso(r.currentPeriodEnd),
    trialEnd: iso(r.trialEnd),
    cancelAtPeriodEnd: r.cancelAtPeriodEnd,
    canceledAt: iso(r.canceledAt),
    pastDueSince: iso(r.pastDueSince),
    discount: r.discount ?? null,
    pendingChange: r.pendingChange ?? null,
    latestInvoiceId: r.latestInvoiceId ?? null,
  };
}
function invView(r: Pick<typeof invoices.$inferSelect, "status" | "amountDueCents" | "amountPaidCents" | "totalCents" | "discountCents" | "attemptCount" | "paidAt">) {
  return { status: r.status, amountDueCents: Number(r.amountDueCents), amountPaidCents: Number(r.amountPaidCents), totalCents: Number(r.totalCents), discountCents: Number(r.discountCents), attemptCount: r.attemptCount, paidAt: iso(r.paidAt) };
}
function pmView(r: Pick<typeof paymentMethods.$inferSelect, "brand" | "last4" | "expMonth" | "expYear" | "isDefault">) {
  return { brand: r.brand, last4: r.last4, expMonth: r.expMonth, expYear: r.expYear, isDefault: r.isDefault };
}
/**
 * The domain event of a subscription row the sync created or changed (Stripe is the source of truth,
 * so portal and dashboard changes are announced too): created, canceled (it ended), or updated with
 * the fields that changed.
 */
function subscriptionEvent(prev: SubLike | undefined, row: SubLike & { id: string; endedAt?: Date | null }, at: Date): EventInput {
  const data = {
    subscription_id: row.id,
    plan: row.planKey,
    status: row.status,
    interval: row.interval,
    cancel_at_period_end: row.cancelAtPeriodEnd,
    current_period_end: iso(row.currentPeriodEnd),
  };
  if (!prev) return { type: "subscription.created", data };
  if (row.status === "canceled" && prev.status !== "canceled") {
    return { type: "subscription.canceled", data: { ...data, at_period_end: false, ends_at: iso(row.endedAt ?? at) } };
  }
  const before = subView(prev) as Record<string, unknown>;
  const after = subView(row) as Record<string, unknown>;
  const fields = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return { type: "subscription.updated", data: { ...data, changed: fields } };
}
function changed(a: unknown, b: unknown) {
  return JSON.stringify(a) !== JSON.stringify(b);
}


/** One sync per customer at a time in this process (PGlite has no cross-connection locks to lean on). */
const serialised = serialiser("__billingSyncChains");
const gj = globalThis as unknown as { __billingSyncJoinable?: Map<string, Promise<SyncResult>> };
const joinable = (gj.__billingSyncJoinable ??= new Map());
