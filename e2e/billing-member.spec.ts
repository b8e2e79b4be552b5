import { expect, test } from "@playwright/test";
import { signUp, uniqueEmail } from "./fixtures";
import { onboard } from "./billing-helpers";

test("a member (not admin) sees billing read-only and cannot change the plan", async ({ page, browser }) => {
  await onboard(page, "owner", { plan: "Pro" });
  const memberEmail = uniqueEmail("member");
  await page.goto("/settings/members");
  await page.getByLabel("Email address").fill(memberEmail);
  await page.getByRole("button", { name: "Send invite" }).click();
  const link = await page.getByTestId("invite-link").inputValue();

  const ctx = await browser.newContext();
  const member = await ctx.newPage();
  await signUp(member, { name: "Member", email: memberEmail, callbackUrl: new URL(link).pathname });
  await member.getByRole("button", { name: /^Join / }).click();
  await expect(member).toHaveURL(/\/settings/);

  await member.goto("/billing/plans");
  await expect(member.getByTestId("read-only-notice")).toBeVisible();
  await expect(member.getByRole("button", { name: "Upgrade to Enterprise" })).toBeDisabled();
  await expect(member.getByRole("button", { name: "Cancel subscription" })).toHaveCount(0);
  await expect(member.getByRole("button", { name: "Manage in Stripe" })).toHaveCount(0);
  // The billing API refuses the member too.
  const res = await member.request.patch("/api/v1/billing/subscription", { data: { plan: "enterprise", interval: "month" } });
  expect([401, 403]).toContain(res.status());
  await member.goto("/onboarding/plan");
  await expect(member).toHaveURL(/\/billing$/);
  await ctx.close();
});
