import { expect, test } from "@playwright/test";
import { ADMIN_EMAIL, SEED_ADMIN_PASSWORD, expectErrorShape, newUserWithOrg, shot, signIn } from "./fixtures";

test("a member of organisation A gets 404 for organisation B's pages and API", async ({ page, browser }) => {
  const ctxB = await browser.newContext();
  const pageB = await ctxB.newPage();
  const { orgId: orgB } = await newUserWithOrg(pageB, "orgb", "Org B");
  const keyB = await pageB.request.post(`/api/orgs/${orgB}/api-keys`, { data: { name: "B key" } });
  const { apiKey } = (await keyB.json()) as { apiKey: { id: string; key: string } };

  const { orgId: orgA } = await newUserWithOrg(page, "orga", "Org A");
  const res = await page.goto(`/orgs/${orgB}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await shot(page, "not-found");

  await expectErrorShape(await page.request.get(`/api/orgs/${orgB}`), 404, "not_found");
  await expectErrorShape(await page.request.get(`/api/orgs/${orgB}/api-keys`), 404, "not_found");
  await expectErrorShape(await page.request.post(`/api/orgs/${orgB}/api-keys`, { data: { name: "x" } }), 404, "not_found");
  await expectErrorShape(await page.request.patch(`/api/orgs/${orgB}`, { data: { name: "Pwned" } }), 404, "not_found");
  await expectErrorShape(await page.request.delete(`/api/orgs/${orgB}/api-keys/${apiKey.id}`), 404, "not_found");
  // B's key id through A's own organisation is also a 404, and the key still works.
  await expectErrorShape(await page.request.delete(`/api/orgs/${orgA}/api-keys/${apiKey.id}`), 404, "not_found");
  expect((await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${apiKey.key}` } })).status()).toBe(200);
  // A missing id looks exactly the same.
  await expectErrorShape(await page.request.get("/api/orgs/org_doesnotexist"), 404, "not_found");

  // Your own org switches fine.
  const own = await page.goto(`/orgs/${orgA}`);
  expect(own?.status()).toBe(200);
  await expect(page).toHaveURL(/\/settings$/);
  await ctxB.close();
});

test("/admin: 403 for a customer, open for the platform admin", async ({ page }) => {
  await newUserWithOrg(page, "notadmin", "Not Admin Co");
  await expect(page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  const res = await page.goto("/admin");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  await shot(page, "forbidden");

  await page.context().clearCookies();
  await signIn(page, ADMIN_EMAIL, SEED_ADMIN_PASSWORD); // admins land on the console by default
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByText("Admin console").first()).toBeVisible();
  const ok = await page.goto("/admin");
  expect(ok?.status()).toBe(200);
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toHaveCount(0);
  await shot(page, "admin");
});
