import Stripe from "stripe";
import { fixture } from "./fixtures";

/**
 * A minimal in-memory stand-in for the Stripe client: just the reads syncStripeCustomer makes, built
 * from fixture objects. Tests mutate `state` to model what Stripe holds "now"; `calls` counts reads.
 */
export type FakeState = {
  customers: Map<string, Record<string, unknown>>;
  subscriptions: Map<string, Record<string, unknown>>;
  invoices: Map<string, Record<string, unknown>>;
  paymentMethods: Map<string, Record<string, unknown>>;
  charges: Map<string, Record<string, unknown>>;
  checkoutSessions: Map<string, Record<string, unknown>>;
};

export function createFakeStripe() {
  const state: FakeState = { customers: new Map(), subscriptions: new Map(), invoices: new Map(), paymentMethods: new Map(), charges: new Map(), checkoutSessions: new Map() };
  const calls = { customersRetrieve: 0, syncs: 0 };
  let failNext = 0;
  // While set, each subscriptions.list (the start of a sync's Stripe read) waits for it: a test holds the
  // first sync mid-read to control which callers arrive while it runs.
  let syncGate: Promise<void> | null = null;
  const list = (items: Record<string, unknown>[]) => ({ object: "list", data: items, has_more: false, url: "/v1/x" });
  const maybeFail = () => {
    if (failNext > 0) {
      failNext--;
      throw new Stripe.errors.StripeInvalidRequestError({ message: "simulated failure", type: "invalid_request_error" } as never);
    }
  };
  const missing = (id: string) =>
    new Stripe.errors.StripeInvalidRequestError({ message: `No such object: '${id}'`, code: "resource_missing", type: "invalid_request_error" } as never);
  const client = {
    customers: {
      retrieve: async (id: string) => {
        calls.customersRetrieve++;
        await new Promise((r) => setTimeout(r, 2));
        maybeFail();
        const c = state.customers.get(id);
        if (!c) throw missing(id);
        return structuredClone(c);
      },
      listPaymentMethods: async (customer: string) => list([...state.paymentMethods.values()].filter((p) => p.customer === customer).map((x) => structuredClone(x))),
    },
    subscriptions: {
      list: async (p: { customer: string }) => {
        calls.syncs++; // one subscriptions.list per syncStripeCustomer run
        if (syncGate) await syncGate;
        return list([...state.subscriptions.values()].filter((s) => s.customer === p.customer).map((x) => structuredClone(x)));
      },
    },
    invoices: {
      list: async (p: { customer: string }) => list([...state.invoices.values()].filter((s) => s.customer === p.customer).map((x) => structuredClone(x))),
    },
    charges: {
      retrieve: async (id: string) => {
        const c = state.charges.get(id);
        if (!c) throw missing(id);
        return structuredClone(c);
      },
    },
    checkout: {
      sessions: {
        retrieve: async (id: string) => {
          maybeFail();
          const c = state.checkoutSessions.get(id);
          if (!c) throw missing(id);
          return structuredClone(c);
        },
      },
    },
  };
  return {
    client: client as unknown as Stripe,
    state,
    calls,
    failNextCalls(n: number) {
      failNext = n;
    },
    /** Syncs that start reading Stripe from now on wait until the returned function is called. */
    holdSyncs(): () => void {
      let release!: () => void;
      syncGate = new Promise<void>((r) => (release = r));
      return () => {
        syncGate = null;
        release();
      };
    },
  };
}

export function customerObj(id: string, orgId: string, extra: Record<string, unknown> = {}) {
  return fixture("customer", { id, metadata: { org_id: orgId }, email: `${id}@example.com`, discount: null, ...extra });
}

export function subscriptionObj(id: string, customer: string, o: { status?: string; lookupKey?: string; unitAmount?: number; interval?: string; start?: number; end?: number; extra?: Record<string, unknown> } = {}) {
  const base = fixture<Record<string, unknown>>("subscription");
  const item = structuredClone((base.items as { data: Record<string, unknown>[] }).data[0]);
  const start = o.start ?? Math.floor(Date.now() / 1000) - 86_400;
  const end = o.end ?? start + 30 * 86_400;
  const price = { ...(item.price as Record<string, unknown>), id: `price_${o.lookupKey ?? "pro_monthly"}`, lookup_key: o.lookupKey ?? "pro_monthly", unit_amount: o.unitAmount ?? 9900, recurring: { interval: o.interval ?? "month", interval_count: 1, meter: null, usage_type: "licensed", trial_period_days: null } };
  return {
    ...base,
    id,
    customer,
    status: o.status ?? "active",
    cancel_at_period_end: false,
    cancel_at: null,
    canceled_at: null,
    ended_at: null,
    trial_end: null,
    trial_start: null,
    pending_update: null,
    created: start,
    metadata: {},
    items: { object: "list", has_more: false, url: "/v1/subscription_items", data: [{ ...item, id: `si_${id}`, subscription: id, price, quantity: 1, current_period_start: start, current_period_end: end }] },
    ...o.extra,
  };
}

export function invoiceObj(id: string, customer: string, subId: string | null, o: { status?: string; amount?: number; paid?: boolean; start?: number; end?: number; attempt?: number } = {}) {
  const base = fixture<Record<string, unknown>>("invoice");
  const amount = o.amount ?? 9900;
  const paid = o.paid ?? o.status === "paid";
  const created = o.start ?? Math.floor(Date.now() / 1000) - 86_400;
  return {
    ...base,
    id,
    customer,
    status: o.status ?? "paid",
    amount_due: amount,
    amount_paid: paid ? amount : 0,
    amount_remaining: paid ? 0 : amount,
    total: amount,
    subtotal: amount,
    total_discount_amounts: [],
    attempt_count: o.attempt ?? 1,
    billing_reason: "subscription_cycle",
    created,
    number: `INV-${id.slice(-6)}`,
    parent: subId ? { type: "subscription_details", quote_details: null, subscription_details: { subscription: subId, metadata: {} } } : null,
    status_transitions: { finalized_at: created, paid_at: paid ? created + 60 : null, marked_uncollectible_at: null, voided_at: null },
    lines: { object: "list", has_more: false, url: "/", data: [{ ...(base.lines as { data: Record<string, unknown>[] }).data[0], id: `il_${id}`, amount, period: { start: o.start ?? created, end: o.end ?? created + 30 * 86_400 } }] },
  };
}

export function paymentMethodObj(id: string, customer: string, last4 = "4242") {
  const base = fixture<Record<string, unknown>>("payment_method");
  return { ...base, id, customer, card: { ...(base.card as Record<string, unknown>), last4 } };
}
