import { expect, test } from "@playwright/test";
import { DEMO_ORG_ID, SEED_API_KEY, expectErrorShape, newUserWithOrg, shot } from "./fixtures";

test("create an API key (shown once), use it, revoke it with confirmation", async ({ page }) => {
  const { orgId } = await newUserWithOrg(page, "keys", "Key Co");
  await page.goto("/settings/api-keys");
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await shot(page, "api-keys-empty");

  await page.getByLabel("Key name").fill("Production backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const box = page.getByTestId("new-api-key");
  await expect(box).toBeVisible();
  const key = await box.inputValue();
  expect(key).toMatch(/^bk_[A-Za-z0-9]{32}$/);
  await expect(page.getByText("This is the only time it is shown")).toBeVisible();
  const row = page.getByTestId("api-key-row").filter({ hasText: "Production backend" });
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).not.toContainText(key); // only the prefix is listed
  await expect(row).toContainText("Never");
  await shot(page, "api-keys-created");

  // The key authenticates as the organisation.
  const me = await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toEqual({ organization: { id: orgId, name: "Key Co" } });

  // After a reload the secret is gone for good; last used is filled in.
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(page.getByText(key)).toHaveCount(0);
  await expect(row).not.toContainText("Never");

  // Revoke: cancel first (nothing happens), then confirm.
  await page.getByRole("button", { name: "Revoke key Production backend" }).click();
  const dialog = page.getByRole("dialog", { name: "Revoke “Production backend”?" });
  await expect(dialog).toBeVisible();
  await shot(page, "api-keys-revoke-dialog");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  expect((await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } })).status()).toBe(200);

  await page.getByRole("button", { name: "Revoke key Production backend" }).click();
  await dialog.getByRole("button", { name: "Revoke key", exact: true }).click();
  await expect(page.getByText("No API keys yet")).toBeVisible();

  await expectErrorShape(await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } }), 401);
  await expectErrorShape(await page.request.get("/api/v1/me"), 401, "missing_api_key");
});

test("the JSON API creates, lists and revokes keys", async ({ page }) => {
  const { orgId } = await newUserWithOrg(page, "keysapi", "Key API Co");
  const created = await page.request.post(`/api/orgs/${orgId}/api-keys`, { data: { name: "CI" } });
  expect(created.status()).toBe(201);
  const { apiKey } = (await created.json()) as { apiKey: { id: string; key: string; prefix: string; name: string } };
  expect(apiKey.key.startsWith(apiKey.prefix)).toBe(true);

  const list = await page.request.get(`/api/orgs/${orgId}/api-keys`);
  const body = (await list.json()) as { data: Array<Record<string, unknown>> };
  expect(body.data.map((k) => k.id)).toEqual([apiKey.id]);
  expect(JSON.stringify(body)).not.toContain(apiKey.key);

  await expectErrorShape(await page.request.post(`/api/orgs/${orgId}/api-keys`, { data: { name: "" } }), 400, "invalid_request");
  await expectErrorShape(await page.request.post(`/api/orgs/${orgId}/api-keys`, { data: "{not json", headers: { "content-type": "application/json" } }), 400);

  expect((await page.request.delete(`/api/orgs/${orgId}/api-keys/${apiKey.id}`)).status()).toBe(200);
  await expectErrorShape(await page.request.delete(`/api/orgs/${orgId}/api-keys/${apiKey.id}`), 404, "not_found");
  await expectErrorShape(await page.request.get("/api/v1/me", { headers: { authorization: `Bearer ${apiKey.key}` } }), 401);

  // Signed out, the org API is 401.
  await page.context().clearCookies();
  await expectErrorShape(await page.request.get(`/api/orgs/${orgId}`), 401, "unauthenticated");
});

test("the seeded demo API key works", async ({ request }) => {
  const res = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${SEED_API_KEY}` } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ organization: { id: DEMO_ORG_ID, name: "Demo Org" } });
});
