import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { billingShot, onboard } from "./billing-helpers";
import { ADMIN_EMAIL, alertBox, SEED_ADMIN_PASSWORD, SEED_API_KEY, signIn } from "./fixtures";

/**
 * Issue 4's "Done when", twice over on one sandbox clock: a customer in the browser, and the demo
 * organisation through the billing API with the demo API key (hosted pages opened from the URLs the
 * API returns). Pro yearly checkout (0002 declined with a reason, then 4242) → trialing → +15 days →
 * active with a paid invoice → upgrade to Enterprise with the prorated amount shown first → cancel at
 * period end (and resume) → 0341 as the default card → yearly renewal fails → past_due → restricted
 * after the 7-day grace → a good card pays → restored.
 *
 * The "zy-" prefix runs this file after every other spec (and before the log scan): it moves the one
 * sandbox clock more than a year forward, which would age every other spec's organisation.
 */
test.describe.configure({ mode: "serial" });
test.setTimeout(600_000);

const money = (text: string) => Math.round(Number(text.replace(/[^0-9.]/g, "")) * 100);
const api = (request: APIRequestContext) => ({
  get: (path: string) => request.get(`/api/v1/billing${path}`, { headers: { authorization: `Bearer ${SEED_API_KEY}` } }),
  post: (path: string, data: unknown = {}) => request.post(`/api/v1/billing${path}`, { headers: { authorization: `Bearer ${SEED_API_KEY}` }, data }),
  patch: (path: string, data: unknown) => request.patch(`/api/v1/billing${path}`, { headers: { authorization: `Bearer ${SEED_API_KEY}` }, data }),
});
type Summary = { effective_plan: { key: string; restricted: boolean }; subscription: null | { status: string; plan: { key: string }; interval: string; cancel_at_period_end: boolean; amount_cents: number } };

/** Reload a page until `check` passes (webhooks are delivered and processed in the background). */
async function eventually(page: Page, url: string, check: () => Promise<void>) {
  await expect(async () => {
    await page.goto(url);
    await check();
  }).toPass({ timeout: 60_000, intervals: [500, 1_000, 2_000] });
}

async function apiEventually(request: APIRequestContext, check: (s: Summary) => void) {
  await expect(async () => {
    const res = await api(request).get("/subscription");
    expect(res.status()).toBe(200);
    check((await res.json()) as Summary);
  }).toPass({ timeout: 60_000, intervals: [500, 1_000, 2_000] });
}

/** The admin's sandbox control: move the one clock (Stripe's and the app's) forward. */
async function advanceClock(admin: Page, by: string) {
  await admin.goto("/admin");
  await admin.getByLabel("Advance by").fill(by);
  await admin.getByRole("button", { name: "Advance time" }).click();
  await expect(admin.getByText(/^Clock now /)).toBeVisible({ timeout: 180_000 });
}

/** Pay a hosted checkout: first a declined card (its reason is shown), then 4242. */
async function payCheckout(page: Page) {
  await expect(page).toHaveURL(/\/sandbox\/checkout\//);
  await page.getByLabel("Card number").fill("4000 0000 0000 0002");
  await page.getByRole("button", { name: "Start 14-day free trial" }).click();
  await expect(page.getByText("Payment not completed")).toBeVisible();
  await expect(alertBox(page)).toContainText(/declined/i);
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Start 14-day free trial" }).click();
  await expect(page).not.toHaveURL(/\/sandbox\/checkout\//);
}

async function newPage(browser: Browser) {
  const ctx = await browser.newContext();
  return ctx.newPage();
}

let admin: Page;
let customer: Page;
let apiBrowser: Page;

test.beforeAll(async ({ browser }) => {
  admin = await newPage(browser);
  await signIn(admin, ADMIN_EMAIL, SEED_ADMIN_PASSWORD);
  await expect(admin).toHaveURL(/\/admin$/);
  customer = await newPage(browser);
  await onboard(customer, "lifecycle", { plan: "Free" });
  apiBrowser = await newPage(browser);
});

test("1. Pro yearly through checkout: 0002 is declined with a reason, 4242 comes back subscribed (trialing)", async ({ request }) => {
  await customer.goto("/billing/plans");
  await customer.getByText("Yearly", { exact: true }).click();
  await customer.getByRole("button", { name: "Subscribe to Pro" }).click();
  await payCheckout(customer);
  await expect(customer).toHaveURL(/\/billing\?checkout=success/);
  await expect(customer.getByText("You are subscribed")).toBeVisible();
  await eventually(customer, "/billing", async () => {
    await expect(customer.getByTestId("current-plan")).toHaveText("Pro");
    await expect(customer.getByTestId("subscription-status")).toHaveText("Trialing");
  });
  await billingShot(customer, "lifecycle-1-trialing");

  // The same through the billing API: checkout URL → hosted page → subscription.
  const res = await api(request).post("/checkout", { plan: "pro", interval: "year" });
  expect(res.status()).toBe(201);
  const { url } = (await res.json()) as { url: string };
  await apiBrowser.goto(url);
  await payCheckout(apiBrowser);
  await apiEventually(request, (s) => expect(s.subscription).toMatchObject({ status: "trialing", plan: { key: "pro" }, interval: "year", amount_cents: 99_000 }));
});

test("2. Fifteen days later: active, with a paid $990.00 invoice", async ({ request }) => {
  await advanceClock(admin, "15d");
  await eventually(customer, "/billing", async () => {
    await expect(customer.getByTestId("subscription-status")).toHaveText("Active");
  });
  await eventually(customer, "/billing/invoices", async () => {
    await expect(customer.getByTestId("invoice-table").getByRole("row").filter({ hasText: "$990.00" })).toContainText("Paid");
  });
  await billingShot(customer, "lifecycle-2-active-paid");

  await apiEventually(request, (s) => expect(s.subscription?.status).toBe("active"));
  const inv = (await (await api(request).get("/invoices?status=paid")).json()) as { data: { amount_paid_cents: number; billing_reason: string }[] };
  expect(inv.data.some((i) => i.amount_paid_cents === 99_000 && i.billing_reason === "subscription_cycle")).toBe(true);
});

test("3. Upgrade to Enterprise: the prorated amount is shown before confirming, and that is what is charged", async ({ request }) => {
  await customer.goto("/billing/plans");
  await customer.getByRole("button", { name: "Upgrade to Enterprise" }).click();
  const dialog = customer.getByRole("dialog", { name: /Upgrade to Enterprise \(yearly\)/ });
  const amount = money((await dialog.getByTestId("proration-amount").textContent()) ?? "");
  // The paid year began when the 14-day trial ended, one day ago: (4,990 − 990) × 364/365 ≈ $3,989.04.
  expect(amount).toBeGreaterThan(395_000);
  expect(amount).toBeLessThan(400_000);
  await billingShot(customer, "lifecycle-3-upgrade-preview");
  await dialog.getByRole("button", { name: /^Confirm and pay / }).click();
  await expect(customer.getByTestId("toast")).toContainText("Upgraded to Enterprise");
  await eventually(customer, "/billing/invoices", async () => {
    const row = customer.getByTestId("invoice-table").getByRole("row").filter({ hasText: `$${(amount / 100).toLocaleString("en-US", { minimumFractionDigits: 2 })}` });
    await expect(row).toContainText("Paid");
  });

  const preview = await api(request).post("/preview", { plan: "enterprise", interval: "year" });
  expect(preview.status()).toBe(200);
  const p = (await preview.json()) as { kind: string; immediate_charge_cents: number; proration_date: number };
  expect(p.kind).toBe("upgrade");
  expect(p.immediate_charge_cents).toBeGreaterThan(395_000);
  const change = await api(request).patch("/subscription", { plan: "enterprise", interval: "year", proration_date: p.proration_date });
  expect(change.status()).toBe(200);
  await apiEventually(request, (s) => expect(s.subscription).toMatchObject({ plan: { key: "enterprise" }, amount_cents: 499_000 }));
  await expect(async () => {
    const inv = (await (await api(request).get("/invoices")).json()) as { data: { amount_paid_cents: number; billing_reason: string; status: string }[] };
    expect(inv.data.find((i) => i.billing_reason === "subscription_update")).toMatchObject({ status: "paid", amount_paid_cents: p.immediate_charge_cents });
  }).toPass({ timeout: 30_000 });
});

test("4. Cancel at the period end (and resume, so that the renewal comes)", async ({ request }) => {
  await customer.goto("/billing/plans");
  await customer.getByRole("button", { name: "Cancel subscription" }).click();
  await customer.getByRole("dialog", { name: /Cancel Enterprise at the end of the period/ }).getByRole("button", { name: "Cancel at period end" }).click();
  await expect(customer.getByTestId("cancel-scheduled")).toBeVisible();
  await customer.goto("/billing");
  await expect(customer.getByTestId("banner-cancel")).toBeVisible();
  await billingShot(customer, "lifecycle-4-cancel-scheduled");
  await customer.goto("/billing/plans");
  await customer.getByRole("button", { name: "Resume subscription" }).click();
  await customer.getByRole("dialog", { name: /Resume Enterprise/ }).getByRole("button", { name: "Resume" }).click();
  await expect(customer.getByRole("button", { name: "Cancel subscription" })).toBeVisible();

  expect((await api(request).post("/subscription/cancel", {})).status()).toBe(200);
  await apiEventually(request, (s) => expect(s.subscription?.cancel_at_period_end).toBe(true));
  expect((await api(request).post("/subscription/resume", {})).status()).toBe(200);
  await apiEventually(request, (s) => expect(s.subscription?.cancel_at_period_end).toBe(false));
});

test("5. 4000 0000 0000 0002 is declined with a clear message; 0341 saves and becomes the default", async ({ request }) => {
  await customer.goto("/billing/payment-methods");
  await customer.getByLabel("Card number").fill("4000 0000 0000 0002");
  await customer.getByLabel("Expiry (MM/YY)").fill("12/34");
  await customer.getByLabel("CVC").fill("123");
  await customer.getByRole("button", { name: "Add card" }).click();
  await expect(customer.getByTestId("card-error")).toContainText("Card declined");
  await expect(customer.getByTestId("card-error")).toContainText(/declined/i);
  await billingShot(customer, "lifecycle-5-declined");
  await customer.getByLabel("Card number").fill("4000 0000 0000 0341");
  await customer.getByLabel("Expiry (MM/YY)").fill("12/34");
  await customer.getByLabel("CVC").fill("123");
  await customer.getByLabel("Make this the default card").check();
  await customer.getByRole("button", { name: "Add card" }).click();
  await eventually(customer, "/billing/payment-methods", async () => {
    await expect(customer.getByTestId("payment-method").filter({ hasText: "0341" })).toContainText("Default");
  });

  // Through the API: the portal URL, where the card is changed on Stripe's (the sandbox's) page.
  const portal = await api(request).post("/portal", {});
  expect(portal.status()).toBe(201);
  await apiBrowser.goto(((await portal.json()) as { url: string }).url);
  await apiBrowser.getByLabel("Card number").fill("4000 0000 0000 0341");
  await apiBrowser.getByRole("button", { name: "Add card" }).click();
  await expect(apiBrowser.getByText(/Card ending 0341 saved as your default/)).toBeVisible();
});

test("6. The yearly renewal fails on 0341 → past_due, then restricted to the Free plan after the grace period", async ({ request }) => {
  await advanceClock(admin, "366d");
  await eventually(customer, "/billing", async () => {
    await expect(customer.getByTestId("subscription-status")).toHaveText("Past due");
    await expect(customer.getByTestId("banner-past-due")).toContainText("A payment failed");
  });
  await billingShot(customer, "lifecycle-6-past-due");
  await apiEventually(request, (s) => {
    expect(s.subscription?.status).toBe("past_due");
    expect(s.effective_plan).toMatchObject({ key: "enterprise", restricted: false }); // in grace
  });

  await advanceClock(admin, "8d");
  await eventually(customer, "/billing", async () => {
    await expect(customer.getByTestId("banner-past-due")).toContainText("Your plan is restricted");
    await expect(customer.getByTestId("current-plan")).toHaveText("Enterprise");
    await expect(customer.getByTestId("plan-restricted")).toHaveText("Free-plan limits");
  });
  await billingShot(customer, "lifecycle-6-restricted");
  await apiEventually(request, (s) => {
    expect(s.subscription?.status).toBe("past_due");
    expect(s.effective_plan).toMatchObject({ key: "free", restricted: true });
  });
});

test("7. A good card pays the overdue invoice and the plan is restored at once", async ({ request }) => {
  await customer.goto("/billing/payment-methods");
  await customer.getByLabel("Card number").fill("4242 4242 4242 4242");
  await customer.getByLabel("Expiry (MM/YY)").fill("12/34");
  await customer.getByLabel("CVC").fill("123");
  await customer.getByLabel("Make this the default card").check();
  await customer.getByRole("button", { name: "Add card" }).click();
  await expect(customer.getByTestId("overdue-result")).toContainText("was paid with this card: your plan is restored");
  await billingShot(customer, "lifecycle-7-paid");
  await eventually(customer, "/billing", async () => {
    await expect(customer.getByTestId("subscription-status")).toHaveText("Active");
    await expect(customer.getByTestId("banner-past-due")).toHaveCount(0);
    await expect(customer.getByTestId("current-plan")).toHaveText("Enterprise");
    await expect(customer.getByTestId("plan-restricted")).toHaveCount(0);
  });
  await billingShot(customer, "lifecycle-7-restored");

  const portal = await api(request).post("/portal", {});
  await apiBrowser.goto(((await portal.json()) as { url: string }).url);
  await apiBrowser.getByLabel("Card number").fill("4242 4242 4242 4242");
  await apiBrowser.getByRole("button", { name: "Add card" }).click();
  await expect(apiBrowser.getByText(/The outstanding invoice was paid/)).toBeVisible();
  await apiEventually(request, (s) => {
    expect(s.subscription?.status).toBe("active");
    expect(s.effective_plan).toMatchObject({ key: "enterprise", restricted: false });
  });
});
