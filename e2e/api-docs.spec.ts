import { expect, test } from "@playwright/test";
import { SEED_API_KEY, shot } from "./fixtures";

test("the API description is served and its reference page reads offline", async ({ page, request }) => {
  // The document: public, OpenAPI 3.1, every path with its scope.
  const res = await request.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { "x-required-scope"?: string }>> };
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.paths["/api/v1/billing/subscription"]!.patch!["x-required-scope"]).toBe("billing:write");
  expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(24);

  // The page loads nothing from another origin (it must work with no network).
  const foreign: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("http://127.0.0.1") && !r.url().startsWith("data:")) foreign.push(r.url());
  });
  await page.goto("/docs/api");
  await expect(page.getByRole("heading", { name: "Billing Kit API", level: 1 })).toBeVisible();
  const op = page.locator("#changePlan");
  await expect(op).toContainText("PATCH");
  await expect(op).toContainText("/api/v1/billing/subscription");
  await expect(op).toContainText("scope: billing:write");
  await expect(op).toContainText("proration_date");
  await expect(op).toContainText("insufficient_scope");
  await expect(page.getByTestId("api-operation")).toHaveCount(Object.values(doc.paths).reduce((n, p) => n + Object.keys(p).length, 0));
  await page.getByRole("navigation", { name: "Operations" }).getByRole("link", { name: /Record usage events/ }).click();
  await expect(page).toHaveURL(/#recordUsage$/);
  await shot(page, "api-docs");
  expect(foreign).toEqual([]);
});

test("Billing-Version is echoed; an unknown version is refused; bodies are snake_case", async ({ request }) => {
  const auth = { authorization: `Bearer ${SEED_API_KEY}` };
  const cur = await request.get("/api/v1/billing/subscription", { headers: auth });
  expect(cur.status()).toBe(200);
  expect(cur.headers()["billing-version"]).toBe("2026-12-01");
  const body = (await cur.json()) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["effective_plan", "subscription"]);
  const bad = await request.get("/api/v1/me", { headers: { ...auth, "Billing-Version": "2001-01-01" } });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("unsupported_version");
});
