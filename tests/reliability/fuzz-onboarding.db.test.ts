import fc from "fast-check";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

/**
 * Input fuzzing of the onboarding wizard (issue 8): every step's server action gets generated form
 * fields or arguments — valid values, mutated ones, nasty text (NUL, lone surrogates, RTL marks, 5,000
 * characters), other organisations' ids, random extra keys, non-objects — as its signed-in owner would
 * send them from a tampered browser. Every answer is a value in the error shape or a Next navigation
 * signal (redirect / not found), never a thrown error or an `internal_error`; a refused step writes
 * nothing (audit log, organisations, onboarding session, sandbox objects). Plus GET /api/onboarding/status.
 */
process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = "true";

vi.mock("@/lib/auth/auth", async (importOriginal) => (await import("@/tests/request-mocks")).authModule(await importOriginal<typeof import("@/lib/auth/auth")>()));
vi.mock("next/headers", async () => (await import("@/tests/request-mocks")).headersModule("203.0.113.7"));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), revalidatePath: () => undefined }));

const { requestState: state } = await import("@/tests/request-mocks");
const actions = await import("@/app/onboarding/actions");
const cardForm = await import("@/app/sandbox/card/actions");
const { GET: statusGET } = await import("@/app/api/onboarding/status/route");
const { db, getDbHandle } = await import("@/db");
const { users } = await import("@/db/schema");
const { startOnboarding } = await import("@/lib/onboarding/start-onboarding");
const { syncCatalog } = await import("@/lib/billing/sync-catalog");
const { assertErrorShape, fcOpts, nastyStringWithNul, nastyValue } = await import("./helpers");

const RUNS = 250;
let orgId: string;
let otherOrgId: string;

const orgIdLike = () => `org_${Array.from({ length: 20 }, () => "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"[Math.floor(Math.random() * 62)]).join("")}`;

async function snapshot() {
  const h = await getDbHandle();
  const [row] = await h.raw(
    `select (select count(*) from audit_log)::int as audit, (select count(*) from organizations)::int as orgs,
            (select coalesce(max(updated_at)::text, '') from onboarding_sessions) as sessions, (select count(*) from sandbox_objects)::int as sandbox`,
  );
  return row;
}

/** Next's redirect()/notFound()/forbidden() signals carry a digest; anything else thrown is a bug. */
function isNavigation(err: unknown) {
  return Boolean(err && typeof err === "object" && "digest" in err && /^NEXT_(REDIRECT|HTTP_ERROR_FALLBACK|NOT_FOUND)/.test(String((err as { digest: unknown }).digest)));
}

type Outcome = "navigated" | "accepted" | "refused";

/** Call one action; check the contract; on a refusal, check that nothing was written. */
async function checked(label: string, call: () => Promise<unknown>): Promise<Outcome> {
  const before = await snapshot();
  let result: unknown;
  try {
    result = await call();
  } catch (err) {
    if (isNavigation(err)) return "navigated";
    throw new Error(`${label}: threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
  if (result === null || result === undefined) return "accepted";
  const r = result as { ok?: boolean; error?: { code: string } };
  expect(typeof r.ok, `${label}: result shape`).toBe("boolean");
  if (r.ok) return "accepted";
  assertErrorShape(r, label);
  expect(r.error!.code, `${label}: no internal errors`).not.toBe("internal_error");
  const after = await snapshot();
  // A declined card is Stripe's answer, not a refused input: the card object Stripe created for it
  // stays in Stripe (the sandbox), as it would in live mode; our own tables must still be untouched.
  if (r.error!.code === "card_declined") {
    after!.sandbox = before!.sandbox;
  }
  expect(after, `${label}: a refused step writes nothing`).toEqual(before);
  return "refused";
}

const form = (fields: Record<string, unknown>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) fd.append(k, String(v));
  return fd;
};

/** A field: usually the right kind of value, often a nasty one, sometimes missing. */
const field = (good: fc.Arbitrary<string>) =>
  fc.oneof({ weight: 6, arbitrary: good }, { weight: 3, arbitrary: nastyStringWithNul }, { weight: 1, arbitrary: fc.constant(undefined) });
const orgField = () =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constant(null).map(() => orgId) },
    { weight: 1, arbitrary: fc.constant(null).map(() => otherOrgId) },
    { weight: 1, arbitrary: nastyStringWithNul },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
const extras = fc.dictionary(fc.string({ maxLength: 12 }), nastyStringWithNul, { maxKeys: 3 });

beforeAll(async () => {
  await syncCatalog();
  const [u] = await db.insert(users).values({ email: `fuzz-onboarding-${Date.now()}@example.com`, name: "Fuzz owner" }).returning();
  const [o] = await db.insert(users).values({ email: `fuzz-other-${Date.now()}@example.com`, name: "Other owner" }).returning();
  orgId = (await startOnboarding({ userId: u!.id, name: "Fuzz Onboarding", orgId: orgIdLike(), actor: { type: "user", id: u!.id } })).orgId;
  otherOrgId = (await startOnboarding({ userId: o!.id, name: "Someone else", orgId: orgIdLike(), actor: { type: "user", id: o!.id } })).orgId;
  state.userId = u!.id;
  state.activeOrg = orgId;
}, 120_000);
afterAll(() => {
  state.userId = null;
  state.activeOrg = null;
});

describe("onboarding server actions under generated input", () => {
  const tally: Record<string, Record<Outcome, number>> = {};
  const count = (name: string, o: Outcome) => ((tally[name] ??= { navigated: 0, accepted: 0, refused: 0 })[o] += 1);

  it("step 1 start (organisation name)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ name: field(fc.string({ minLength: 1, maxLength: 100 })), orgId: field(fc.constant("x").map(orgIdLike)) }), extras, async (f, x) => {
        count("start", await checked("start", () => actions.startAction(null, form({ ...x, ...f }))));
      }),
      fcOpts(RUNS),
    );
  }, 240_000);

  it("step 2 billing details", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ orgId: orgField(), companyName: field(fc.string({ minLength: 1, maxLength: 200 })), billingEmail: field(fc.oneof(fc.stringMatching(/^[a-z][a-z0-9.+]{0,15}@[a-z]{1,12}\.(com|test|co\.uk)$/), fc.emailAddress())), country: field(fc.constantFrom("GB", "US", "DE", "XX", "g")) }),
        extras,
        async (f, x) => {
          count("billingDetails", await checked("billingDetails", () => actions.billingDetailsAction(null, form({ ...x, ...f }))));
        },
      ),
      fcOpts(RUNS),
    );
  }, 240_000);

  it("step 3 card (the sandbox's card form, then the PaymentMethod id to the app), skip, setup intents", async () => {
    const number = fc.constantFrom("4242424242424242", "4000000000000002", "4000 0000 0000 9995", "1234", "4242-4242-4242-4242", "");
    await fc.assert(
      fc.asyncProperty(
        fc.record({ attemptId: field(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/)), number: field(number), expiry: field(fc.constantFrom("12/34", "13/34", "00/00", "1/2", "12/2040")), cvc: field(fc.constantFrom("123", "1234", "12a")), name: field(fc.string()) }),
        extras,
        async (f, x) => {
          count("cardForm", await checked("cardForm", () => cardForm.createCardPaymentMethodAction(form({ ...x, ...f }))));
        },
      ),
      fcOpts(RUNS),
    );
    const pmOf = async (n: string) => {
      const r = await cardForm.createCardPaymentMethodAction(form({ attemptId: `fuzz-${n}-attempt`, number: n, expiry: "12/34", cvc: "123" }));
      if (!r.ok) throw new Error(r.error.message);
      return r.data.paymentMethodId;
    };
    const declined = await pmOf("4000000000000002");
    const pmField = field(fc.oneof(fc.constant(declined), fc.stringMatching(/^pm_[A-Za-z0-9]{1,30}$/), fc.string({ maxLength: 30 })));
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyValue, fc.record({ orgId: orgField(), paymentMethodId: pmField })), async (input) => {
        count("saveCard", await checked("saveCard", () => actions.saveCardAction(input as never)));
      }),
      fcOpts(RUNS),
    );
    // The good input works (so the refusals above are about the input, not a broken action).
    const good = await actions.saveCardAction({ orgId, paymentMethodId: await pmOf("4242424242424242") });
    expect(good).toEqual({ ok: true, data: { next: "/onboarding/plan" } });
    count("saveCard", "accepted");
    await fc.assert(
      fc.asyncProperty(fc.record({ orgId: orgField() }), async (f) => {
        count("skipPayment", await checked("skipPayment", () => actions.skipPaymentAction(form(f))));
      }),
      fcOpts(60),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyValue, fc.record({ orgId: orgField(), attemptId: field(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/)) })), async (input) => {
        count("createSetupIntent", await checked("createSetupIntent", () => actions.createSetupIntentAction(input as never)));
      }),
      fcOpts(100),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyValue, fc.record({ orgId: orgField(), setupIntentId: field(fc.constantFrom("seti_123", "seti_", "pi_1")) })), async (input) => {
        count("confirmSetupIntent", await checked("confirmSetupIntent", () => actions.confirmSetupIntentAction(input as never)));
      }),
      fcOpts(100),
    );
  }, 300_000);

  it("step 4 plan and live discount-code checks", async () => {
    const plan = fc.constantFrom("free", "starter", "pro", "enterprise", "PRO", "__proto__", "constructor", "toString");
    await fc.assert(
      fc.asyncProperty(
        fc.record({ orgId: orgField(), planKey: field(plan), interval: field(fc.constantFrom("month", "year", "week")), discountCode: field(fc.constantFrom("WELCOME20", "PRO50", "LAUNCH10", "NOPE", "welcome20")) }),
        extras,
        async (f, x) => {
          count("choosePlan", await checked("choosePlan", () => actions.choosePlanAction(null, form({ ...x, ...f }))));
        },
      ),
      fcOpts(RUNS),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyValue, fc.record({ orgId: orgField(), planKey: field(plan), code: field(fc.constantFrom("WELCOME20", "PRO50", "x")) })), async (input) => {
        count("checkDiscount", await checked("checkDiscount", () => actions.checkDiscountAction(input as never)));
      }),
      fcOpts(RUNS),
    );
  }, 300_000);

  it("steps 5 and 6: confirm the subscription, complete", async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ orgId: orgField() }), extras, async (f, x) => {
        count("confirmSubscription", await checked("confirmSubscription", () => actions.confirmSubscriptionAction(null, form({ ...x, ...f }))));
      }),
      fcOpts(100),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(nastyValue, fc.record({ orgId: orgField() })), async (input) => {
        count("complete", await checked("complete", () => actions.completeAction(input as never)));
      }),
      fcOpts(100),
    );
  }, 300_000);

  it("GET /api/onboarding/status with generated query strings: never a 5xx, the error shape on 4xx", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(orgField(), nastyStringWithNul), async (v) => {
        const url = new URL("http://localhost:3000/api/onboarding/status");
        if (v !== undefined) url.searchParams.set("org_id", v);
        const res = await statusGET(new NextRequest(url), { params: Promise.resolve({}) });
        expect(res.status).toBeLessThan(500);
        const body = await res.json();
        if (res.status >= 400) assertErrorShape(body, `status ${res.status}`);
      }),
      fcOpts(RUNS),
    );
  }, 120_000);

  it("each action was refused and accepted along the way (the generators reach both sides)", () => {
    for (const name of ["start", "billingDetails", "cardForm", "saveCard", "choosePlan", "checkDiscount"]) {
      expect(tally[name]!.refused, `${name} refused`).toBeGreaterThan(0);
      expect(tally[name]!.navigated + tally[name]!.accepted, `${name} accepted`).toBeGreaterThan(0);
    }
  });
});
