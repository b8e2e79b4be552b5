import { expect, test, type Page } from "@playwright/test";
import { BillingModel, type ModelInvoice } from "../tests/model/model";
import { billingShot, onboard } from "./billing-helpers";
import { ADMIN_EMAIL, SEED_ADMIN_PASSWORD, signIn } from "./fixtures";

/**
 * Issue 13, item 1, walked in the browser as the customer who found it, and held against the
 * independent billing model (tests/model/): Pro monthly with WELCOME20 → upgrade to Enterprise during
 * the trial → the trial converts ($399.20) → 50,000 API calls through the API (half of Enterprise's
 * 100,000) → the overview's "Estimated total" before the renewal equals the renewal invoice, and both
 * equal what the model says (the bug: an $800 "Pro API calls overage" line, $1,039.20 charged while the
 * overview said $399.20).
 *
 * Runs in `npm test` on the production build, after zy-subscription-lifecycle (it moves the one
 * sandbox clock by ~46 days). The same file walks a development server:
 * `E2E_BASE_URL=http://127.0.0.1:3000 SEED_ADMIN_PASSWORD=… ./node_modules/.bin/playwright test e2e/zyz-welcome-upgrade-walk.spec.ts`
 * against `npm run dev` started with that SEED_ADMIN_PASSWORD (see docs/BILLING.md, "Walk it yourself").
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(300_000);

const ADMIN_PASSWORD = process.env.E2E_BASE_URL ? (process.env.SEED_ADMIN_PASSWORD ?? SEED_ADMIN_PASSWORD) : SEED_ADMIN_PASSWORD;
const usd = (cents: number) => `$${(cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
type ApiInvoice = { billing_reason: string | null; status: string; subtotal_cents: number; discount_cents: number; total_cents: number; period_start: string | null; period_end: string | null; lines: { description: string | null; amount_cents: number }[] };

let admin: Page;
let customer: Page;
let apiKey: string;
const model = { m: null as BillingModel | null };

async function clockNow(): Promise<number> {
  const res = await admin.request.get("/api/sandbox/clock");
  expect(res.status()).toBe(200);
  return Math.floor(Date.parse(((await res.json()) as { now: string }).now) / 1000);
}

async function advance(by: string) {
  await admin.goto("/admin");
  await admin.getByLabel("Advance by").fill(by);
  await admin.getByRole("button", { name: "Advance time" }).click();
  await expect(admin.getByText(/^Clock now /)).toBeVisible({ timeout: 180_000 });
  model.m!.apply({ t: "advance", to: await clockNow() });
}

async function invoices(): Promise<ApiInvoice[]> {
  const res = await customer.request.get("/api/v1/billing/invoices?limit=20", { headers: { authorization: `Bearer ${apiKey}` } });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: ApiInvoice[] }).data;
}

function cycleInvoices(): ModelInvoice[] {
  return model.m!.invoices.filter((i) => i.reason === "subscription_cycle");
}

test.beforeAll(async ({ browser }) => {
  admin = await (await browser.newContext()).newPage();
  await signIn(admin, ADMIN_EMAIL, ADMIN_PASSWORD);
  await expect(admin).toHaveURL(/\/admin$/);
  customer = await (await browser.newContext()).newPage();
});

test("1. Pro monthly with WELCOME20, then Enterprise during the trial: the preview says what the discount leaves", async () => {
  ({ apiKey } = await onboard(customer, "welcome-walk", { plan: "Pro", code: "WELCOME20" }));
  const t0 = await clockNow();
  model.m = new BillingModel(t0);
  expect(model.m.apply({ t: "onboard", at: t0, plan: "pro", interval: "month", code: "WELCOME20", card: "ok" })).toMatchObject({ ok: true });

  await customer.goto("/billing/plans");
  await customer.getByRole("button", { name: "Upgrade to Enterprise" }).click();
  const dialog = customer.getByRole("dialog", { name: /Enterprise \(monthly\)/ });
  const then = dialog.getByTestId("preview-then");
  // Item 2: the discount carries over — "Then $399.20 per month ($499.00 less your discount)", no "−$0.00" lines.
  const thenCents = model.m.thenAmount("enterprise", "month", await clockNow());
  expect(thenCents).toBe(39_920);
  await expect(then).toContainText(`Then ${usd(thenCents)} per month`);
  await expect(then).toContainText("less your discount");
  await expect(dialog.getByTestId("proration-preview")).not.toContainText("−$0.00");
  await billingShot(customer, "walk13-1-upgrade-preview");
  await dialog.getByRole("button", { name: /^Confirm/ }).click();
  await expect(customer.getByTestId("toast")).toContainText("Enterprise");
  expect(model.m.apply({ t: "change", at: await clockNow(), plan: "enterprise", interval: "month" })).toMatchObject({ ok: true });
});

test("2. The trial converts: the invoice is the model's ($399.20), paid", async () => {
  await advance("15d");
  const expected = cycleInvoices()[0]!;
  expect([expected.subtotal, expected.discount, expected.total]).toEqual([49_900, 9_980, 39_920]);
  await expect(async () => {
    const conv = (await invoices()).find((i) => i.billing_reason === "subscription_cycle");
    expect(conv).toMatchObject({ status: "paid", subtotal_cents: expected.subtotal, discount_cents: expected.discount, total_cents: expected.total });
  }).toPass({ timeout: 60_000, intervals: [500, 1_000, 2_000] });
  await customer.goto("/billing/invoices");
  await expect(customer.getByTestId("invoice-table").getByRole("row").filter({ hasText: usd(expected.total) }).first()).toContainText("Paid");
  // Item 5: a paid conversion sends a receipt, never "your trial ends soon… add a payment method".
  await customer.goto("/billing");
  await expect(customer.getByText(/Add a payment method to keep your plan/)).toHaveCount(0);
});

test("3. 50,000 API calls: the status API and the overview's estimate equal the model's next invoice", async () => {
  const res = await customer.request.post("/api/v1/usage", {
    headers: { authorization: `Bearer ${apiKey}` },
    data: { metric: "api_calls", quantity: 50_000, idempotency_key: `walk13-${Date.now()}` },
  });
  expect(res.status()).toBeLessThan(300);
  model.m!.apply({ t: "usage", at: await clockNow(), metric: "api_calls", quantity: 50_000 });
  const st = model.m!.status();
  expect(st.usage.api_calls).toMatchObject({ current: 50_000, included: 100_000, overage: 0, overage_amount_cents: 0 });

  const status = await customer.request.get("/api/v1/billing/status", { headers: { authorization: `Bearer ${apiKey}` } });
  expect(status.status()).toBe(200);
  const s = (await status.json()) as { plan: string; overage_amount_cents: number; usage_by_metric: Record<string, { current: number; included: number | null; overage: number; overage_amount_cents: number }> };
  expect(s.overage_amount_cents).toBe(st.overageAmountCents);
  expect(s.usage_by_metric.api_calls).toMatchObject({ current: 50_000, included: 100_000, overage: 0, overage_amount_cents: 0 });

  // What the model will invoice at the renewal if nothing changes: the estimate must say the same now.
  const probe = new BillingModel(0);
  probe.restore(model.m!.snapshot());
  probe.apply({ t: "advance", to: model.m!.live()!.periodEnd + 60 });
  const renewal = probe.invoices.at(-1)!;
  expect(renewal.total).toBe(39_920);
  await customer.goto("/billing");
  await expect(customer.getByTestId("next-invoice")).toContainText(`Estimated total${usd(renewal.total)}`);
  await expect(customer.getByTestId("next-invoice")).not.toContainText("Overage");
  await billingShot(customer, "walk13-3-estimate-before-renewal");
});

test("4. The renewal: exactly the estimate and the model's invoice — no overage line for the old plan", async () => {
  await advance("31d");
  const expected = cycleInvoices()[1]!;
  await expect(async () => {
    const renewal = (await invoices()).filter((i) => i.billing_reason === "subscription_cycle")[0]!; // newest first
    expect(renewal).toMatchObject({ status: "paid", subtotal_cents: expected.subtotal, discount_cents: expected.discount, total_cents: expected.total });
    expect(renewal.lines.some((l) => /overage/i.test(l.description ?? "") && l.amount_cents > 0)).toBe(false);
    // Item 3: the subscription period is one month, not min–max of all lines.
    const days = (Date.parse(renewal.period_end!) - Date.parse(renewal.period_start!)) / 86_400_000;
    expect(days).toBeGreaterThanOrEqual(28);
    expect(days).toBeLessThanOrEqual(31);
  }).toPass({ timeout: 60_000, intervals: [500, 1_000, 2_000] });
  expect(expected.total).toBe(39_920);
  await customer.goto("/billing/invoices");
  const row = customer.getByTestId("invoice-table").getByRole("row").nth(1);
  await expect(row).toContainText(usd(expected.total));
  await expect(row).toContainText("Paid");
  await expect(row.getByTestId("invoice-period")).toContainText("Usage");
  await billingShot(customer, "walk13-4-renewal-invoice");
});
