import { expect, test } from "@playwright/test";
import { BASE_URL, PASSWORD, expectErrorShape, newUserWithOrg, shot, uniqueEmail } from "./fixtures";
import { onboard } from "./billing-helpers";

/** A team on Starter (3 seats: the owner and two more). The Free plan has one seat, the owner's (BILLING.md §5). */
async function teamOwner(page: import("@playwright/test").Page, tag: string) {
  await onboard(page, tag, { plan: "Starter" });
  await page.goto("/settings");
  return { orgId: await page.getByLabel("Organisation ID").inputValue() };
}

test("invite a member: link shown, invitee signs up, opens it and joins as member with read-only rights", async ({ page, browser }) => {
  const { orgId } = await teamOwner(page, "owner");
  await page.goto("/settings/members");
  const invitee = uniqueEmail("invitee");
  await page.getByLabel("Email address").fill(invitee);
  await page.getByRole("button", { name: "Send invite" }).click();
  const linkBox = page.getByTestId("invite-link");
  await expect(linkBox).toBeVisible();
  const link = await linkBox.inputValue();
  expect(link.startsWith(`${BASE_URL}/invite/`)).toBe(true);
  expect(link).toMatch(/\/invite\/[A-Za-z0-9]{40}$/);
  await expect(page.getByRole("cell", { name: invitee, exact: true })).toBeVisible(); // pending list (its Resend/Revoke cell names the address too)
  await shot(page, "members-invite-link");

  // The invitee, in a separate browser session.
  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await p2.goto(link);
  await expect(p2.getByRole("heading", { name: "Join owner Inc" })).toBeVisible();
  await shot(p2, "invite-signed-out");
  await p2.getByRole("link", { name: "Create an account" }).click();
  await expect(p2.getByLabel("Work email")).toHaveValue(invitee);
  await p2.getByLabel("Your name").fill("Invited Person");
  await p2.getByLabel("Password").fill(PASSWORD);
  await p2.getByRole("button", { name: "Create account" }).click();
  await expect(p2).toHaveURL(/\/invite\//);
  await shot(p2, "invite-signed-in");
  await p2.getByRole("button", { name: "Join owner Inc" }).click();
  await expect(p2).toHaveURL(/\/settings\?joined=1$/);
  await expect(p2.getByText("You joined “owner Inc”.")).toBeVisible();

  // Member: read-only name, no invite form, no API key management.
  await expect(p2.getByLabel("Organisation name")).toHaveAttribute("readonly", "");
  await expect(p2.getByRole("button", { name: "Save" })).toHaveCount(0);
  await shot(p2, "settings-member");
  await p2.goto("/settings/members");
  await expect(p2.getByRole("button", { name: "Send invite" })).toHaveCount(0);
  await expect(p2.getByRole("row").filter({ hasText: invitee })).toContainText("member");
  await shot(p2, "members-member-view");
  await p2.goto("/settings/api-keys");
  await expect(p2.getByText("Only owners and admins can manage API keys")).toBeVisible();
  await expect(p2.getByRole("button", { name: "Create key" })).toHaveCount(0);
  await shot(p2, "api-keys-member-view");

  // …and the API says 403 (member) rather than 404 (not a member).
  expect((await p2.request.get(`/api/orgs/${orgId}`)).status()).toBe(200);
  await expectErrorShape(await p2.request.post(`/api/orgs/${orgId}/api-keys`, { data: { name: "sneaky" } }), 403, "forbidden");
  await expectErrorShape(await p2.request.get(`/api/orgs/${orgId}/api-keys`), 403, "forbidden");
  await expectErrorShape(await p2.request.patch(`/api/orgs/${orgId}`, { data: { name: "Hijacked" } }), 403, "forbidden");

  // The link works once.
  await p2.goto(link);
  await expect(p2.getByText("This invitation has already been used")).toBeVisible();

  // The owner now sees two members and no pending invitation.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Members (2)" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Pending invitations (0)" })).toBeVisible();
  await ctx.close();
});

test("an invitation for another email cannot be accepted by the wrong account", async ({ page, browser }) => {
  await teamOwner(page, "owner2");
  await page.goto("/settings/members");
  await page.getByLabel("Email address").fill(uniqueEmail("intended"));
  await page.getByRole("button", { name: "Send invite" }).click();
  const link = await page.getByTestId("invite-link").inputValue();

  const ctx = await browser.newContext();
  const p2 = await ctx.newPage();
  await newUserWithOrg(p2, "stranger", "Stranger Co");
  await p2.goto(link);
  await expect(p2.getByText("Wrong account", { exact: true })).toBeVisible();
  await expect(p2.getByRole("button", { name: /^Join/ })).toHaveCount(0);
  await ctx.close();

  await page.goto("/invite/not-a-real-token");
  await expect(page.getByText("This invitation link is not valid")).toBeVisible();
});
