import { expect, test, type Page } from "@playwright/test";
import { fillCard, signUpToWizard, stepComplete, stepCustomer, stepPlan, stepStart } from "./billing-helpers";
import { SEED_ADMIN_PASSWORD, shot, signIn } from "./fixtures";

/** Take today's snapshot from the admin overview and read the MRR card, in cents. */
async function refreshedMrr(page: Page): Promise<number> {
  await page.goto("/admin");
  await page.getByRole("button", { name: "Refresh figures" }).click();
  await page.getByRole("button", { name: "Refresh", exact: true }).click();
  await expect(page.getByText("Refreshed — reload to see the new figures.")).toBeVisible();
  await page.reload();
  const card = page.locator("section").filter({ has: page.getByRole("heading", { name: "MRR", exact: true }) });
  const text = (await card.locator("p").first().textContent()) ?? "";
  expect(text).toMatch(/^\$[\d,]+\.\d\d$/);
  return Math.round(Number(text.replace(/[$,]/g, "")) * 100);
}

test("the admin sees MRR rise by exactly $499.00 after a customer subscribes to Enterprise monthly", async ({ browser }) => {
  const adminCtx = await browser.newContext();
  const admin = await adminCtx.newPage();
  await signIn(admin, "admin@example.com", SEED_ADMIN_PASSWORD);
  await expect(admin).toHaveURL(/\/admin$/);
  const before = await refreshedMrr(admin);

  const customerCtx = await browser.newContext();
  const customer = await customerCtx.newPage();
  await signUpToWizard(customer, "mrr");
  await stepStart(customer, "MRR Watch Inc");
  await stepCustomer(customer);
  await fillCard(customer, "4242 4242 4242 4242");
  await expect(customer).toHaveURL(/\/onboarding\/plan$/);
  await stepPlan(customer, "Enterprise");
  await expect(customer).toHaveURL(/\/onboarding\/subscription$/);
  await customer.getByRole("button", { name: /Start (my subscription|on the Free plan)|Subscribe and pay/ }).click();
  await stepComplete(customer);

  const after = await refreshedMrr(admin);
  await shot(admin, "admin-overview-after-subscription");
  expect(after - before).toBe(49_900);
  await adminCtx.close();
  await customerCtx.close();
});
