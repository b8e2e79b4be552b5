import { expect, test } from "@playwright/test";
import { newUserWithOrg, shot } from "./fixtures";

test("create, rename and switch organisations", async ({ page }) => {
  await page.goto("/sign-up");
  const { orgId: first } = await newUserWithOrg(page, "orgs", "First Org");
  await shot(page, "settings-owner");

  await page.getByLabel("Organisation name").fill("First Org Renamed");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("Saved. The organisation is now called “First Org Renamed”.")).toBeVisible();
  await expect(page.getByLabel(/Organisation: First Org Renamed/)).toBeVisible();

  // A second organisation, from the switcher.
  await page.getByLabel(/Organisation: First Org Renamed/).click();
  await shot(page, "org-switcher-open");
  await page.getByRole("link", { name: "+ New organisation" }).click();
  await expect(page).toHaveURL(/\/orgs\/new$/);
  await shot(page, "orgs-new");
  await page.getByLabel("Organisation name").fill("Second Org");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page).toHaveURL(/\/settings\?created=1$/);
  await expect(page.getByLabel("Organisation name")).toHaveValue("Second Org");
  const second = await page.getByLabel("Organisation ID").inputValue();
  expect(second).not.toBe(first);

  // Switch back through the menu.
  await page.getByLabel(/Organisation: Second Org/).click();
  await page.getByRole("link", { name: /First Org Renamed/ }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByLabel("Organisation ID")).toHaveValue(first);

  // Bad input is refused with the field named, not a crash.
  await page.getByLabel("Organisation name").fill("   ");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText("enter a name")).toBeVisible();

  // The JSON API agrees.
  const res = await page.request.get(`/api/orgs/${first}`);
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ organization: { id: first, name: "First Org Renamed", role: "owner" } });
  const bad = await page.request.patch(`/api/orgs/${first}`, { data: { name: "" } });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.code).toBe("invalid_request");
});

test("phone-width layout of settings", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/sign-up");
  await shot(page, "sign-up-phone");
  await newUserWithOrg(page, "phone", "Phone Org");
  await shot(page, "settings-phone");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});
