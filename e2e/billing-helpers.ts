import { mkdirSync } from "node:fs";
import { expect, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";

/** Helpers for the billing specs (issue 6). Screenshots go to e2e-results/screenshots/billing/. */
export async function billingShot(page: Page, name: string) {
  mkdirSync("e2e-results/screenshots/billing", { recursive: true });
  await page.screenshot({ path: `e2e-results/screenshots/billing/${name}.png`, fullPage: true });
}

export type Onboarded = { email: string; apiKey: string };

/** Sign up and walk to the onboarding wizard's first step. */
export async function signUpToWizard(page: Page, tag: string) {
  const email = uniqueEmail(tag);
  await signUp(page, { name: `${tag} owner`, email });
  await expect(page).not.toHaveURL(/\/sign-up/);
  await page.goto("/onboarding");
  await expect(page).toHaveURL(/\/onboarding\/start$/);
  return email;
}

export async function stepStart(page: Page, orgName: string) {
  await page.getByLabel("Organisation name").fill(orgName);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/onboarding\/customer$/);
}

export async function stepCustomer(page: Page, company = "Acme Ltd") {
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Country").selectOption("GB");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/onboarding\/payment$/);
}

export async function fillCard(page: Page, number: string) {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry (MM/YY)").fill("12/34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByRole("button", { name: "Save card" }).click();
}

/** Choose a plan in step 4 (plan card radio) with an optional discount code, then continue. */
export async function stepPlan(page: Page, plan: "Free" | "Starter" | "Pro" | "Enterprise", opts: { yearly?: boolean; code?: string } = {}) {
  if (opts.yearly) await page.getByText("Yearly", { exact: true }).click();
  await page.getByTestId(`plan-${plan.toLowerCase()}`).click();
  await expect(page.getByLabel(`${plan} plan`, { exact: true })).toBeChecked();
  if (opts.code) {
    await page.getByLabel("Discount code (optional)").fill(opts.code);
    await expect(page.getByTestId("discount-status")).toContainText(opts.code);
  }
  await page.getByRole("button", { name: "Continue" }).click();
}

/** Step 6: create the key (shown once), return it. */
export async function stepComplete(page: Page) {
  await expect(page).toHaveURL(/\/onboarding\/complete$/);
  await page.getByRole("button", { name: "Create my API key" }).click();
  const box = page.getByTestId("onboarding-api-key");
  await expect(box).toBeVisible();
  return box.inputValue();
}

/** The whole wizard on a paid plan with 4242 (or the Free plan without a card). */
export async function onboard(page: Page, tag: string, opts: { plan?: "Free" | "Pro" | "Starter"; code?: string } = {}): Promise<Onboarded> {
  const plan = opts.plan ?? "Pro";
  const email = await signUpToWizard(page, tag);
  await stepStart(page, `${tag} Inc`);
  await stepCustomer(page);
  if (plan === "Free") {
    await page.getByRole("button", { name: "Continue without a card on the Free plan" }).click();
    await expect(page).toHaveURL(/\/onboarding\/plan$/);
  } else {
    await fillCard(page, "4242 4242 4242 4242");
    await expect(page).toHaveURL(/\/onboarding\/plan$/);
  }
  await stepPlan(page, plan, { code: opts.code });
  await expect(page).toHaveURL(/\/onboarding\/subscription$/);
  await page.getByRole("button", { name: /Start (my subscription|on the Free plan)|Subscribe and pay/ }).click();
  const apiKey = await stepComplete(page);
  return { email, apiKey };
}
