import { expect, test } from "@playwright/test";
import { billingShot, fillCard, signUpToWizard, stepComplete, stepCustomer, stepPlan, stepStart } from "./billing-helpers";

test("sign up → six steps with 4242 on Pro monthly with a discount code → dashboard shows Pro, trialing, the discount", async ({ page }) => {
  await signUpToWizard(page, "onb");
  await expect(page.getByTestId("sandbox-banner")).toBeVisible();
  await billingShot(page, "onboarding-1-start");
  await stepStart(page, "Onboarding Co");
  await billingShot(page, "onboarding-2-customer");
  await stepCustomer(page, "Onboarding Co Ltd");
  await billingShot(page, "onboarding-3-payment");
  await fillCard(page, "4242 4242 4242 4242");
  await expect(page).toHaveURL(/\/onboarding\/plan$/);
  await expect(page.getByTestId("plan-pro")).toContainText("14-day free trial");
  // the yearly saving is shown when toggling
  await page.getByText("Yearly", { exact: true }).click();
  await expect(page.getByTestId("plan-pro")).toContainText("save $198 (17%)");
  await page.getByText("Monthly", { exact: true }).click();
  await billingShot(page, "onboarding-4-plan");
  await stepPlan(page, "Pro", { code: "WELCOME20" });
  await expect(page).toHaveURL(/\/onboarding\/subscription$/);
  await expect(page.getByTestId("summary-plan")).toHaveText("Pro (monthly)");
  await expect(page.getByTestId("summary-discount")).toHaveText("−$19.80");
  await expect(page.getByTestId("summary-due-today")).toHaveText("$0.00");
  await expect(page.getByTestId("summary-trial-end")).toBeVisible();
  await billingShot(page, "onboarding-5-subscription");
  await page.getByRole("button", { name: "Start my subscription" }).click();
  const key = await stepComplete(page);
  expect(key.length).toBeGreaterThan(20);
  await expect(page.getByTestId("onboarding-credits")).toContainText("5,000 credits");
  await expect(page.getByText("/api/v1/usage")).toBeVisible();
  await expect(page.getByText("/api/v1/check")).toBeVisible();
  await billingShot(page, "onboarding-6-complete");

  // Resuming the finished wizard lands on the dashboard; the key is not shown again.
  await page.goto("/onboarding");
  await expect(page).toHaveURL(/\/billing$/);
  await expect(page.getByTestId("current-plan")).toHaveText("Pro");
  await expect(page.getByTestId("subscription-status")).toHaveText("Trialing");
  await expect(page.getByTestId("subscription-discount")).toContainText("WELCOME20");
  await expect(page.getByTestId("banner-trial")).toBeVisible();
  await expect(page.getByTestId("credit-balance")).toHaveText("5,000");
  await billingShot(page, "billing-overview");
  const tabs = page.getByRole("navigation", { name: "Billing" });
  for (const [tab, label] of [["plans", "Plans"], ["usage", "Usage"], ["credits", "Credits"], ["invoices", "Invoices"], ["payment-methods", "Payment methods"]] as const) {
    await tabs.getByRole("link", { name: label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/billing/${tab}$`));
    await expect(tabs.getByRole("link", { name: label, exact: true })).toHaveAttribute("aria-current", "page");
    await billingShot(page, `billing-${tab}`);
  }
  await expect(page.getByTestId("payment-method")).toContainText("4242");

  // status API
  const status = await page.request.get("/api/onboarding/status");
  expect(status.status()).toBe(200);
  expect(await status.json()).toMatchObject({ step: "complete", completed: true, plan: { key: "pro", interval: "month", discount_code: "WELCOME20" }, api_key_created: true });
});

test("a declined card shows the reason and stays on the step; an invalid discount code says why; leaving resumes", async ({ page }) => {
  await signUpToWizard(page, "decl");
  await stepStart(page, "Decline Co");
  await stepCustomer(page);
  await fillCard(page, "4000 0000 0000 0002");
  await expect(page.getByTestId("card-error")).toContainText("Your card was declined.");
  await expect(page).toHaveURL(/\/onboarding\/payment$/);
  await billingShot(page, "onboarding-3-payment-declined");

  // leave and come back: resumes at the payment step
  await page.goto("/billing");
  await page.goto("/onboarding");
  await expect(page).toHaveURL(/\/onboarding\/payment$/);
  const status = await (await page.request.get("/api/onboarding/status")).json();
  expect(status).toMatchObject({ step: "payment" });
  expect(status.steps.filter((s: { done: boolean }) => s.done).map((s: { key: string }) => s.key)).toEqual(["start", "customer"]);

  await fillCard(page, "4242 4242 4242 4242");
  await expect(page).toHaveURL(/\/onboarding\/plan$/);
  await page.getByTestId("plan-starter").click();
  await expect(page.getByLabel("Starter plan", { exact: true })).toBeChecked();
  await page.getByLabel("Discount code (optional)").fill("PRO50");
  await expect(page.getByTestId("discount-status")).toContainText("applies only to the Pro plan");
  await expect(page.getByRole("button", { name: "Continue" })).toBeDisabled();
  await page.getByLabel("Discount code (optional)").fill("NOSUCHCODE");
  await expect(page.getByTestId("discount-status")).toContainText("No such discount code");
  await billingShot(page, "onboarding-4-plan-invalid-code");
});

test("choosing the free plan skips the payment step", async ({ page }) => {
  await signUpToWizard(page, "free");
  await stepStart(page, "Free Co");
  await stepCustomer(page);
  await page.getByRole("button", { name: "Continue without a card on the Free plan" }).click();
  await expect(page).toHaveURL(/\/onboarding\/plan$/);
  await expect(page.getByText("Step 3 of 5")).toBeVisible();
  await stepPlan(page, "Free");
  await expect(page.getByTestId("summary-due-today")).toHaveText("$0.00");
  await page.getByRole("button", { name: "Start on the Free plan" }).click();
  await stepComplete(page);
  await page.getByRole("link", { name: "Go to the billing dashboard" }).click();
  await expect(page.getByTestId("current-plan")).toHaveText("Free");
});
