import { expect, test } from "@playwright/test";
import { billingShot, onboard } from "./billing-helpers";

test("metered API calls with the org's API key move the usage bars; crossing 80 % raises a notification", async ({ page }) => {
  const { apiKey } = await onboard(page, "usage", { plan: "Free" });
  const auth = { Authorization: `Bearer ${apiKey}` };
  await page.goto("/billing");
  await expect(page.getByTestId("usage-api_calls")).toHaveAttribute("data-used", "0");

  // Metered demo API: 10 calls of /api/v1/signals (1 unit each).
  for (let i = 0; i < 10; i++) {
    const res = await page.request.get("/api/v1/signals", { headers: auth });
    expect(res.status()).toBe(200);
  }
  await page.reload();
  await expect(page.getByTestId("usage-api_calls")).toHaveAttribute("data-used", "10");
  await expect(page.getByTestId("usage-api_calls-label")).toContainText("10 / 100 calls");

  // Record 75 more through the usage API: 85 of 100 → crosses 50 % and 80 %.
  const rec = await page.request.post("/api/v1/usage", {
    headers: auth,
    data: { events: [{ metric: "api_calls", quantity: 75, idempotency_key: `e2e-${Date.now()}` }] },
  });
  expect(rec.status()).toBeLessThan(300);
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("usage-api_calls").getAttribute("data-used");
    }, { timeout: 20_000 })
    .toBe("85");
  await expect(page.getByTestId("upgrade-prompt")).toContainText("Starter");
  await expect
    .poll(async () => {
      await page.reload();
      return (await page.getByTestId("notification-count").count()) > 0 ? Number(await page.getByTestId("notification-count").innerText()) : 0;
    }, { timeout: 20_000 })
    .toBeGreaterThanOrEqual(1);
  await page.getByTestId("notification-bell").click();
  await expect(page.getByTestId("notification-list")).toContainText(/80\s?%/);
  await billingShot(page, "billing-overview-usage-80");
  await page.goto("/billing/usage");
  await expect(page.getByTestId("chart-api_calls")).toBeVisible();
  await billingShot(page, "billing-usage-chart");
});
