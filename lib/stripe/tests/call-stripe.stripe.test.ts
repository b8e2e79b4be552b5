import { randomUUID } from "node:crypto";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { callStripe, circuitState, configureStripeResilience, readStripeOrMirror, UNAVAILABLE_MESSAGE } from "@/lib/stripe/call-stripe";
import type { Sandbox } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";

const injectFault: Sandbox["testing"]["injectFault"] = (...a) => sbx.testing.injectFault(...a);
const clearFaults = () => sbx?.testing.clearFaults();
let sbx: Sandbox;

/** The resilience wrapper against the real sandbox through the real SDK, with injected faults. */

const FAST = { timeoutMs: 400, retries: 2, initialDelayMs: 5, maxDelayMs: 20, breakerThreshold: 1000, halfOpenAfterMs: 150 };

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error("expected the call to fail");
}

/** A customers.create through callStripe that counts attempts and records the idempotency keys sent. */
function createCustomer(email: string, stableKey?: string) {
  const seen = { attempts: 0, keys: [] as (string | undefined)[] };
  const promise = callStripe(
    "customers.create",
    (s, o) => {
      seen.attempts++;
      seen.keys.push(o.idempotencyKey);
      return s.customers.create({ email }, o);
    },
    { idempotencyKey: stableKey },
  );
  return { promise, seen };
}

async function customersWithEmail(email: string) {
  const list = await callStripe("customers.list", (s, o) => s.customers.list({ email, limit: 100 }, o));
  return list.data.length;
}

const email = () => `c_${randomUUID().slice(0, 8)}@example.com`;

beforeAll(async () => {
  sbx = await sandbox();
});
beforeEach(() => {
  clearFaults();
  configureStripeResilience(FAST);
});
afterEach(() => clearFaults());

describe("retries on transient failures", () => {
  for (const kind of [500, 429, "timeout", "reset"] as const) {
    it(`${kind}: retried, then succeeds with one customer and one idempotency key`, async () => {
      const e = email();
      injectFault("POST /v1/customers", { count: 2, kind });
      const { promise, seen } = createCustomer(e);
      const customer = await promise;
      expect(customer.id).toMatch(/^cus_/);
      expect(seen.attempts).toBe(3);
      expect(new Set(seen.keys).size).toBe(1);
      expect(seen.keys[0]).toMatch(/^bk_customers\.create_/);
      expect(await customersWithEmail(e)).toBe(1);
    });

    it(`${kind}: retries exhausted → 503 stripe_unavailable, nothing created`, async () => {
      const e = email();
      injectFault("POST /v1/customers", { count: 3, kind });
      const { promise, seen } = createCustomer(e);
      const err = await failure(promise);
      expect(err.status).toBe(503);
      expect(err.code).toBe("stripe_unavailable");
      expect(err.message).toBe(UNAVAILABLE_MESSAGE);
      expect(seen.attempts).toBe(3);
      expect(await customersWithEmail(e)).toBe(0);
    });
  }
});

describe("no retry on client errors", () => {
  it("an invalid request → 400 once, without Stripe's raw text", async () => {
    let attempts = 0;
    const err = await failure(
      callStripe("prices.create", (s, o) => {
        attempts++;
        return s.prices.create({ currency: "usd", unit_amount: 100 } as never, o);
      }),
    );
    expect(attempts).toBe(1);
    expect(err.status).toBe(400);
    expect(err.code).toBe("invalid_billing_request");
    expect(err.message).not.toMatch(/param|product/i);
  });

  it("a missing object → 404 not_found, once", async () => {
    let attempts = 0;
    const err = await failure(
      callStripe("customers.retrieve", (s, o) => {
        attempts++;
        return s.customers.retrieve("cus_doesnotexist", {}, o);
      }),
    );
    expect(attempts).toBe(1);
    expect(err.status).toBe(404);
    expect(err.code).toBe("not_found");
  });

  it("a declined card → 402 card_declined with the plain reason, once", async () => {
    const customer = await createCustomer(email()).promise;
    let attempts = 0;
    const err = await failure(
      callStripe("paymentMethods.attach", (s, o) => {
        attempts++;
        return s.paymentMethods.attach("pm_card_chargeDeclinedInsufficientFunds", { customer: customer.id }, o);
      }),
    );
    expect(attempts).toBe(1);
    expect(err.status).toBe(402);
    expect(err.code).toBe("card_declined");
    expect(err.message).toBe("Your card has insufficient funds.");
  });
});

describe("idempotency", () => {
  it("a retried server action (same stable key) creates one customer, even across a failed attempt", async () => {
    const e = email();
    const stable = `org_${randomUUID()}`;
    injectFault("POST /v1/customers", { count: 1, kind: "reset" });
    const first = createCustomer(e, stable);
    const a = await first.promise;
    const second = createCustomer(e, stable);
    const b = await second.promise;
    expect(b.id).toBe(a.id);
    expect(first.seen.attempts).toBe(2);
    expect(second.seen.keys[0]).toBe(first.seen.keys[0]);
    expect(await customersWithEmail(e)).toBe(1);
  });

  it("without a stable key, two calls are two customers", async () => {
    const e = email();
    await createCustomer(e).promise;
    await createCustomer(e).promise;
    expect(await customersWithEmail(e)).toBe(2);
  });

  it("the same stable key with other parameters → 409 idempotency_conflict", async () => {
    const stable = `org_${randomUUID()}`;
    await createCustomer(email(), stable).promise;
    const err = await failure(createCustomer(email(), stable).promise);
    expect(err.status).toBe(409);
    expect(err.code).toBe("idempotency_conflict");
  });

  it("reads carry no idempotency key", async () => {
    let key: string | undefined = "unset";
    await callStripe("customers.list", (s, o) => {
      key = o.idempotencyKey;
      return s.customers.list({ limit: 1 }, o);
    });
    expect(key).toBeUndefined();
  });
});

describe("circuit breaker", () => {
  const list = (counter: { n: number }) =>
    callStripe("customers.list", (s, o) => {
      counter.n++;
      return s.customers.list({ limit: 1 }, o);
    });

  it("opens after N consecutive failures, refuses without calling Stripe, then recovers through half-open", async () => {
    configureStripeResilience({ ...FAST, retries: 0, breakerThreshold: 3, halfOpenAfterMs: 150 });
    injectFault("GET /v1/customers", { count: 3, kind: 500 });
    const counter = { n: 0 };
    for (let i = 0; i < 3; i++) expect((await failure(list(counter))).code).toBe("stripe_unavailable");
    expect(circuitState()).toBe("open");
    expect(counter.n).toBe(3);

    const refused = await failure(list(counter));
    expect(refused.status).toBe(503);
    expect(refused.message).toBe(UNAVAILABLE_MESSAGE);
    expect(counter.n).toBe(3); // Stripe was not called

    await new Promise((r) => setTimeout(r, 200));
    await list(counter); // the half-open test call succeeds
    expect(counter.n).toBe(4);
    expect(circuitState()).toBe("closed");
  });

  it("a failed half-open test call opens it again", async () => {
    configureStripeResilience({ ...FAST, retries: 0, breakerThreshold: 2, halfOpenAfterMs: 100 });
    injectFault("GET /v1/customers", { count: 3, kind: 429 });
    const counter = { n: 0 };
    await failure(list(counter));
    await failure(list(counter));
    expect(circuitState()).toBe("open");
    await new Promise((r) => setTimeout(r, 150));
    await failure(list(counter));
    expect(counter.n).toBe(3);
    expect(circuitState()).toBe("open");
  });

  it("retries count toward the breaker: one call with 3 failed attempts opens a threshold-3 circuit", async () => {
    configureStripeResilience({ ...FAST, retries: 2, breakerThreshold: 3 });
    injectFault("GET /v1/customers", { count: 3, kind: "reset" });
    await failure(list({ n: 0 }));
    expect(circuitState()).toBe("open");
  });

  it("client errors (4xx) never open it", async () => {
    configureStripeResilience({ ...FAST, retries: 0, breakerThreshold: 2 });
    for (let i = 0; i < 4; i++) {
      await failure(callStripe("customers.retrieve", (s, o) => s.customers.retrieve("cus_nope", {}, o)));
    }
    expect(circuitState()).toBe("closed");
  });
});

describe("fail-open reads", () => {
  const read = () =>
    readStripeOrMirror(
      "customers.list",
      async (s, o) => (await s.customers.list({ limit: 1 }, o)).object,
      async () => "from-mirror",
    );

  it("serve Stripe when it answers, the mirror when it is down, and still throw client errors", async () => {
    expect(await read()).toEqual({ value: "list", source: "stripe" });
    injectFault("GET /v1/customers", { count: 3, kind: 500 });
    expect(await read()).toEqual({ value: "from-mirror", source: "mirror" });
    const err = await failure(readStripeOrMirror("customers.retrieve", (s, o) => s.customers.retrieve("cus_nope", {}, o), async () => null as never));
    expect(err.status).toBe(404);
  });
});
