import { expect, test } from "@playwright/test";
import { DEMO_EMAIL, PASSWORD, SEED_USER_PASSWORD, alertBox, fillSignIn, newUserWithOrg, shot, signIn, signOut, signUp, uniqueEmail } from "./fixtures";

test.describe("authentication", () => {
  test("sign up, create an organisation, sign out, sign in again", async ({ page }) => {
    await page.goto("/sign-up");
    await shot(page, "sign-up");
    const { email } = await newUserWithOrg(page, "signup", "Signup Co");
    await expect(page.getByRole("heading", { name: "Organisation" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "Organisation “Signup Co” created" })).toBeVisible();

    await signOut(page);
    await expect(page.getByText("You have signed out.")).toBeVisible();
    // Signed out, app pages send you to sign in.
    await page.goto("/settings");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings/);

    await fillSignIn(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/settings$/); // callbackUrl honoured
    await expect(page.getByLabel("Organisation name")).toHaveValue("Signup Co");
  });

  test("wrong password shows a clear message and keeps you on the sign-in page", async ({ page }) => {
    await signIn(page, DEMO_EMAIL, "definitely-not-the-password");
    await expect(alertBox(page)).toHaveText("Wrong email or password.");
    await expect(page).toHaveURL(/\/sign-in/);
    await shot(page, "sign-in-wrong-password");
    // Unknown accounts get the same sentence (no account enumeration).
    await signIn(page, uniqueEmail("nobody"), "whatever-password");
    await expect(alertBox(page)).toHaveText("Wrong email or password.");
  });

  test("the seeded demo customer can sign in and lands on billing", async ({ page }) => {
    await page.goto("/sign-in");
    await shot(page, "sign-in");
    await signIn(page, DEMO_EMAIL, SEED_USER_PASSWORD);
    await expect(page).toHaveURL(/\/billing$/);
    await expect(page.getByRole("heading", { name: "Billing", exact: true })).toBeVisible();
    await expect(page.getByLabel(/Organisation: Demo Org/)).toBeVisible();
    await shot(page, "billing-placeholder");
  });

  test("sign-in honours callbackUrl and refuses off-site redirects", async ({ page }) => {
    await page.goto("/settings/members");
    await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fsettings%2Fmembers/);
    await fillSignIn(page, DEMO_EMAIL, SEED_USER_PASSWORD);
    await expect(page).toHaveURL(/\/settings\/members$/);
    await signOut(page);
    await signIn(page, DEMO_EMAIL, SEED_USER_PASSWORD, "//evil.example/steal");
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/billing$/);
  });

  test("sign-up validates input and refuses a taken email", async ({ page }) => {
    await signUp(page, { name: "Short", email: uniqueEmail("short"), password: "short" });
    await expect(page.getByText("use at least 8 characters")).toBeVisible();
    await expect(page.getByLabel("Your name")).toHaveValue("Short"); // fields survive the error
    await expect(page).toHaveURL(/\/sign-up/);
    await signUp(page, { name: "Dup", email: DEMO_EMAIL });
    await expect(alertBox(page)).toContainText("An account with this email already exists");
    await shot(page, "sign-up-taken-email");
  });
});
