import { expect, test, type Page } from "@playwright/test";
import { onboard } from "./billing-helpers";
import { BASE_URL, PASSWORD, alertBox, expectErrorShape, fillSignIn, newUserWithOrg, shot, signIn, signUp, uniqueEmail } from "./fixtures";
import { linkIn, mailbox, waitForMail } from "./mail";

/**
 * Account basics and team management in the browser (issue 14), with every email read from the
 * SMTP sink the run's server sends to (e2e/global-setup.ts, e2e/mail.ts): verify the address, reset
 * the password, change password and email, remove a member, change a role, revoke and re-send an
 * invitation, and a scoped API key refused.
 */

async function newAccount(page: Page, tag: string) {
  const email = uniqueEmail(tag);
  await signUp(page, { name: `${tag} person`, email });
  await expect(page).not.toHaveURL(/\/sign-up/);
  return email;
}

test("sign-up emails a verification link; following it verifies the address", async ({ page }) => {
  const email = await newAccount(page, "verify");
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(email);
  await expect(page.getByText("not verified")).toBeVisible();
  const mail = await waitForMail(email, "Confirm your email address");
  const link = linkIn(mail, "/verify-email?token=");
  expect(link.startsWith(`${BASE_URL}/verify-email?token=`)).toBe(true);
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByText("Your email address is confirmed")).toBeVisible();
  await page.goto("/account");
  await expect(page.getByText("verified", { exact: true })).toBeVisible();
  // The link is single-use.
  await page.goto(link);
  await page.getByRole("button", { name: "Confirm my email address" }).click();
  await expect(page.getByText("This link is invalid, already used or expired.")).toBeVisible();
});

test("forgot password: the emailed link sets a new password once; the old one stops working", async ({ page }) => {
  const email = await newAccount(page, "reset");
  await page.context().clearCookies();
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByText("If an account uses that address, a link is on its way.")).toBeVisible();
  const link = linkIn(await waitForMail(email, "Reset your password"), "/reset-password?token=");
  await page.goto(link);
  await page.getByLabel("New password").fill("a reset password 42");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page).toHaveURL(/\/sign-in\?reset=1/);
  await fillSignIn(page, email, PASSWORD);
  await expect(alertBox(page)).toBeVisible();
  await signIn(page, email, "a reset password 42");
  await expect(page).not.toHaveURL(/\/sign-in/);
  // Used once: the same link is refused.
  await page.goto(link);
  await page.getByLabel("New password").fill("another password 43");
  await page.getByRole("button", { name: "Set new password" }).click();
  await expect(page.getByText("This link is invalid, already used or expired.")).toBeVisible();
});

test("change password: the current one is required; other sessions end, this one stays; the address is told", async ({ page, browser }) => {
  const email = await newAccount(page, "chpw");
  // A second browser signed in to the same account.
  const other = await browser.newContext();
  const p2 = await other.newPage();
  await signIn(p2, email, PASSWORD, "/account");
  await expect(p2).toHaveURL(/\/account$/);

  await page.goto("/account");
  // Both sign-ins are listed (sign-up's and the other browser's), this one marked.
  await expect(page.getByTestId("session-row")).toHaveCount(2);
  await expect(page.getByTestId("session-row").filter({ hasText: "this browser" })).toHaveCount(1);
  await expect(page.getByTestId("session-row").filter({ hasText: "active" })).toHaveCount(1);
  await page.locator("#current-password").fill("not my password");
  await page.getByLabel("New password").fill("my new password 77");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(alertBox(page)).toContainText("Your current password is not right.");

  await page.locator("#current-password").fill(PASSWORD);
  await page.getByLabel("New password").fill("my new password 77");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/account\?password=changed$/);
  await expect(page.getByText("Password changed. Every other session was signed out; this one stays signed in.")).toBeVisible();
  await shot(page, "account-password-changed");
  await waitForMail(email, "Your password was changed");

  // This browser is still signed in; the other one is not.
  await page.reload();
  await expect(page.getByTestId("account-email")).toHaveText(email);
  // The earlier two sessions ended; the sign-in made by the change is this browser's.
  await expect(page.getByTestId("session-row").filter({ hasText: "ended" })).toHaveCount(2);
  await expect(page.getByTestId("session-row").filter({ hasText: "this browser" })).toHaveCount(1);
  await p2.goto("/account");
  await expect(p2).toHaveURL(/\/sign-in/);
  await fillSignIn(p2, email, PASSWORD);
  await expect(alertBox(p2)).toBeVisible();
  await signIn(p2, email, "my new password 77", "/account");
  await expect(p2).toHaveURL(/\/account$/);

  // Sign out everywhere from the other browser (confirmed first): both browsers are signed out.
  await p2.getByRole("button", { name: "Sign out everywhere" }).click();
  await p2.getByRole("dialog", { name: "Sign out everywhere?" }).getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(p2).toHaveURL(/\/sign-in/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
  await other.close();
});

test("change email: a link goes to the new address; the address changes only when it is used; the old one is told", async ({ page }) => {
  const email = await newAccount(page, "chmail");
  const next = uniqueEmail("moved");
  await page.goto("/account");
  await page.getByLabel("New email address").fill(next);
  await page.locator("#email-current-password").fill(PASSWORD);
  await page.getByRole("button", { name: "Send confirmation link" }).click();
  await expect(page.getByText(`We sent a link to ${next}.`)).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("account-email")).toHaveText(email); // unchanged until the link is used
  await expect(page.getByText(`Waiting for confirmation of ${next}`)).toBeVisible();
  expect(mailbox(email).some((m) => m.subject === "Confirm your new email address")).toBe(false);

  const link = linkIn(await waitForMail(next, "Confirm your new email address"), "/confirm-email?token=");
  await page.goto(link);
  await page.getByRole("button", { name: "Use this email address" }).click();
  await expect(page.getByText("Your email address is changed")).toBeVisible();
  await waitForMail(email, "Your email address was changed");
  await page.goto("/account");
  await expect(page.getByTestId("account-email")).toHaveText(next);
  await expect(page.getByText("verified", { exact: true })).toBeVisible();
  await shot(page, "account-email-changed");
  // Sign in with the new address; the old one is no account any more.
  await page.context().clearCookies();
  await signIn(page, next, PASSWORD, "/account");
  await expect(page).toHaveURL(/\/account$/);
});

test("team: invite by email, change a role, revoke and re-send invitations, remove a member; the last owner cannot leave", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await onboard(page, "team", { plan: "Starter" }); // 3 seats: the owner and two more
  await page.goto("/settings/members");
  const mate = uniqueEmail("mate");
  await page.getByLabel("Email address").fill(mate);
  await page.getByRole("button", { name: "Send invite" }).click();
  await expect(page.getByText("We emailed them the link below.")).toBeVisible();
  const invite = linkIn(await waitForMail(mate, "You're invited to team Inc"), "/invite/");

  // The teammate follows the emailed link, signs up and joins.
  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await p2.goto(invite);
  await p2.getByRole("link", { name: "Create an account" }).click();
  await p2.getByLabel("Your name").fill("Team Mate");
  await p2.getByLabel("Password").fill(PASSWORD);
  await p2.getByRole("button", { name: "Create account" }).click();
  await expect(p2).toHaveURL(/\/invite\//);
  await p2.getByRole("button", { name: "Join team Inc" }).click();
  await expect(p2).toHaveURL(/\/settings\?joined=1$/);

  // Change the role: member → admin.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Members (2)" })).toBeVisible();
  await page.getByLabel(`Role of ${mate}`, { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: `Save role of ${mate}` }).click();
  await expect(page.getByText(`${mate} is now admin.`)).toBeVisible();
  await page.reload();
  await expect(page.getByRole("row").filter({ hasText: mate })).toContainText("admin");
  await p2.goto("/settings/members");
  await expect(p2.getByRole("button", { name: "Send invite" })).toBeVisible(); // admins invite

  // Revoke an invitation: its emailed link stops working.
  const gone = uniqueEmail("gone");
  await page.getByLabel("Email address").fill(gone);
  await page.getByRole("button", { name: "Send invite" }).click();
  await expect(page.getByRole("heading", { name: "Pending invitations (1)" })).toBeVisible();
  const goneLink = linkIn(await waitForMail(gone, "You're invited to team Inc"), "/invite/");
  await page.getByRole("button", { name: `Revoke invitation to ${gone}` }).click();
  const revokeDialog = page.getByRole("dialog", { name: `Revoke the invitation to ${gone}?` });
  await revokeDialog.getByRole("button", { name: "Revoke invitation" }).click();
  await expect(page.getByRole("heading", { name: "Pending invitations (0)" })).toBeVisible();
  const p3 = await ctx.newPage();
  await p3.goto(goneLink);
  await expect(p3.getByText("This invitation link is not valid")).toBeVisible();

  // Re-send: a new link is emailed, the first one no longer works.
  const later = uniqueEmail("later");
  await page.getByLabel("Email address").fill(later);
  await page.getByRole("button", { name: "Send invite" }).click();
  const firstLink = linkIn(await waitForMail(later, "You're invited to team Inc"), "/invite/");
  await page.getByRole("button", { name: `Resend invitation to ${later}` }).click();
  await expect(page.getByText(`A new link was emailed to ${later}; the old one no longer works.`)).toBeVisible();
  await expect.poll(() => mailbox(later).length).toBe(2);
  const secondLink = linkIn(mailbox(later)[1]!, "/invite/");
  expect(secondLink).not.toBe(firstLink);
  await p3.goto(firstLink);
  await expect(p3.getByText("This invitation link is not valid")).toBeVisible();
  await p3.goto(secondLink);
  await expect(p3.getByRole("heading", { name: "Join team Inc" })).toBeVisible();
  await shot(page, "members-manage");

  // Remove the teammate (confirm first): they lose access at once.
  await page.getByRole("button", { name: `Remove ${mate}` }).click();
  await page.getByRole("dialog", { name: `Remove ${mate}?` }).getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByRole("heading", { name: "Members (1)" })).toBeVisible();
  await p2.goto("/settings/members");
  await expect(p2).toHaveURL(/\/orgs\/new$/);

  // The only owner cannot leave.
  await page.getByRole("button", { name: "Leave organisation" }).click();
  await page.getByRole("dialog", { name: "Leave team Inc?" }).getByRole("button", { name: "Leave", exact: true }).click();
  await expect(page.getByText("You are the organisation's only owner: make someone else an owner before you leave.").last()).toBeVisible();
  await ctx.close();
});

test("a scoped API key is refused outside its scopes with 403 insufficient_scope", async ({ page }) => {
  await newUserWithOrg(page, "scoped", "Scoped Co");
  await page.goto("/settings/api-keys");
  await page.getByLabel("Key name").fill("Metering backend");
  await page.getByLabel("Access").selectOption("metering");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("new-api-key").inputValue();
  expect(key).toMatch(/^bk_[A-Za-z0-9]{32}$/);
  const auth = { authorization: `Bearer ${key}` };
  const refused = await expectErrorShape(await page.request.get("/api/v1/billing/subscription", { headers: auth }), 403, "insufficient_scope");
  expect(refused.error.message).toContain("billing:read");
  await expectErrorShape(await page.request.post("/api/v1/billing/subscription/cancel", { headers: auth, data: {} }), 403, "insufficient_scope");
  expect((await page.request.get("/api/v1/usage/summary", { headers: auth })).status()).toBe(200);
});
