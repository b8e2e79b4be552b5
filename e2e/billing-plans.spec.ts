import { expect, test } from "@playwright/test";
import { billingShot, onboard } from "./billing-helpers";

test("upgrade with the proration preview, then cancel at period end and resume", async ({ page }) => {
  await onboard(page, "plans", { plan: "Pro" });
  await page.goto("/billing/plans");
  await expect(page.getByTestId("plan-pro")).toContainText("Current plan");

  // Upgrade: the preview shows the prorated amount before anything is charged.
  await page.getByRole("button", { name: "Upgrade to Enterprise" }).click();
  const dialog = page.getByRole("dialog", { name: /Upgrade to Enterprise/ });
  await expect(dialog.getByTestId("proration-preview")).toBeVisible();
  await expect(dialog.getByTestId("proration-amount")).toHaveText(/^\$[\d,]+\.\d{2}$/);
  await billingShot(page, "billing-plans-upgrade-preview");
  // Keeping the current plan changes nothing.
  await dialog.getByRole("button", { name: "Keep current plan" }).click();
  await expect(page.getByTestId("plan-pro")).toContainText("Current plan");
  await page.getByRole("button", { name: "Upgrade to Enterprise" }).click();
  await dialog.getByRole("button", { name: /^Confirm (and pay|change)/ }).click();
  await expect(page.getByTestId("toast")).toContainText("Upgraded to Enterprise");
  await expect(page.getByTestId("plan-enterprise")).toContainText("Current plan");
  await page.goto("/billing");
  await expect(page.getByTestId("current-plan")).toHaveText("Enterprise");

  // Cancel at the period end: the dialog lists what is lost and when.
  await page.goto("/billing/plans");
  await page.getByRole("button", { name: "Cancel subscription" }).click();
  const cancel = page.getByRole("dialog", { name: /Cancel Enterprise at the end of the period/ });
  await expect(cancel.getByTestId("cancel-losses")).toContainText("Single sign-on");
  await billingShot(page, "billing-plans-cancel-dialog");
  await cancel.getByRole("button", { name: "Cancel at period end" }).click();
  await expect(page.getByTestId("cancel-scheduled")).toBeVisible();
  await page.goto("/billing");
  await expect(page.getByTestId("banner-cancel")).toBeVisible();
  await billingShot(page, "billing-overview-cancel-banner");

  // Resume.
  await page.goto("/billing/plans");
  await page.getByRole("button", { name: "Resume subscription" }).click();
  await page.getByRole("dialog", { name: /Resume Enterprise/ }).getByRole("button", { name: "Resume" }).click();
  await expect(page.getByRole("button", { name: "Cancel subscription" })).toBeVisible();
  await page.goto("/billing");
  await expect(page.getByTestId("banner-cancel")).toHaveCount(0);
});
