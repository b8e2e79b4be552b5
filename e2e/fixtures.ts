import { expect, type APIRequestContext, type Page } from "@playwright/test";

/** Fixed test values, shared by playwright.config.ts (server env) and the specs. */
export const PORT = Number(process.env.E2E_PORT ?? 3210);
export const BASE_URL = `http://127.0.0.1:${PORT}`;
export const SEED_ADMIN_PASSWORD = "e2e-admin-password-123";
export const SEED_USER_PASSWORD = "e2e-demo-password-123";
export const SEED_API_KEY = "bk_e2eE2eE2eE2eE2eE2eE2eE2eE2eE2eE2";
export const ADMIN_EMAIL = "admin@example.com";
export const DEMO_EMAIL = "demo@example.com";
export const DEMO_ORG_ID = "org_demo";

export const E2E_ENV: Record<string, string> = {
  NODE_ENV: "production",
  AUTH_SECRET: "e2e-only-auth-secret-0123456789abcdefghijklmnop",
  // Production in sandbox mode: the sandbox signs its events with this (its public development secret is refused).
  STRIPE_WEBHOOK_SECRET: "whsec_e2e_only_0123456789abcdefghijklmnop",
  APP_URL: BASE_URL,
  // Production has no default admin list (issue 14): the seeded, verified admin@example.com is named here.
  ADMIN_EMAILS: "admin@example.com",
  SEED_ADMIN_PASSWORD,
  SEED_USER_PASSWORD,
  SEED_API_KEY,
  NEXT_TELEMETRY_DISABLED: "1",
  RATE_LIMIT_ENABLED: "0",
  LOG_LEVEL: "warn",
  // Outbound webhooks go to receivers in the test process: production refuses private addresses unless allowed.
  WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
};

/** A fresh, unique email for each test run. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const PASSWORD = "e2e-password-123";

export async function signUp(page: Page, opts: { name: string; email: string; password?: string; callbackUrl?: string }) {
  await page.goto(opts.callbackUrl ? `/sign-up?callbackUrl=${encodeURIComponent(opts.callbackUrl)}` : "/sign-up");
  await page.getByLabel("Your name").fill(opts.name);
  await page.getByLabel("Work email").fill(opts.email);
  await page.getByLabel("Password").fill(opts.password ?? PASSWORD);
  await page.getByRole("button", { name: "Create account" }).click();
}

export async function signIn(page: Page, email: string, password: string, callbackUrl?: string) {
  await page.goto(callbackUrl ? `/sign-in?callbackUrl=${encodeURIComponent(callbackUrl)}` : "/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Our own role="alert" messages (Next.js adds an empty route announcer with the same role). */
export function alertBox(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)');
}

/** Fill the sign-in form on the page already open (keeps its callbackUrl). */
export async function fillSignIn(page: Page, email: string, password: string) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signOut(page: Page) {
  await page.getByLabel("Account menu").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
}

/** Sign up a new user and create their organisation; returns its id (read from the settings page). */
export async function newUserWithOrg(page: Page, tag: string, orgName: string) {
  const email = uniqueEmail(tag);
  // Plain sign-up lands in the onboarding wizard; this helper creates the organisation directly.
  await signUp(page, { name: `${tag} user`, email, callbackUrl: "/orgs/new" });
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await page.getByLabel("Organisation name").fill(orgName);
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(/\/settings\?created=1$/);
  const orgId = await page.getByLabel("Organisation ID").inputValue();
  return { email, orgId };
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `e2e-results/screenshots/${name}.png`, fullPage: true });
}

export async function expectErrorShape(res: Awaited<ReturnType<APIRequestContext["get"]>>, status: number, code?: string) {
  expect(res.status()).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(typeof body.error.code).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(5);
  if (code) expect(body.error.code).toBe(code);
  return body;
}
