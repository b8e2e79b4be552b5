import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { newUserWithOrg, shot } from "./fixtures";

/**
 * Issue 16 §2 in the browser: an endpoint registered in Settings → Webhooks receives signed events
 * that the standardwebhooks verifier accepts; the delivery log and re-send work.
 */
type Got = { headers: IncomingHttpHeaders; body: string };

test("add an endpoint (secret shown once), receive a signed test event and a real event, re-send, rotate, disable, delete", async ({ page }) => {
  const got: Got[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end("thanks");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/billing-hooks`;
  const verify = (secret: string, g: Got) =>
    new Webhook(secret).verify(g.body, {
      "webhook-id": String(g.headers["webhook-id"]),
      "webhook-timestamp": String(g.headers["webhook-timestamp"]),
      "webhook-signature": String(g.headers["webhook-signature"]),
    }) as { id: string; type: string; org_id: string; data: Record<string, unknown> };

  try {
    const { orgId } = await newUserWithOrg(page, "hooks", "Hooks Co");
    await page.goto("/settings/webhooks");
    await expect(page.getByText("No endpoints yet")).toBeVisible();

    // A private address outside the allow-list is refused in production.
    await page.getByLabel("Endpoint URL").fill("http://10.0.0.1/hooks");
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByText(/private, loopback or link-local/)).toBeVisible();

    await page.getByLabel("Endpoint URL").fill(url);
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const box = page.getByTestId("webhook-secret");
    await expect(box).toBeVisible();
    const secret = await box.inputValue();
    expect(secret).toMatch(/^whsec_/);
    const card = page.getByTestId("webhook-endpoint").filter({ hasText: url });
    await expect(card).toContainText("Enabled");
    await shot(page, "webhooks-created");

    await card.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => got.length, { timeout: 15_000 }).toBe(1);
    expect(verify(secret, got[0]!)).toMatchObject({ type: "webhook.test", org_id: orgId });

    // A real domain event: creating an API key is announced as api_key.created.
    expect((await page.request.post(`/api/orgs/${orgId}/api-keys`, { data: { name: "hooked" } })).status()).toBe(201);
    await expect.poll(() => got.length, { timeout: 15_000 }).toBe(2);
    expect(verify(secret, got[1]!)).toMatchObject({ type: "api_key.created", org_id: orgId, data: { name: "hooked" } });

    // The delivery log, and re-sending a successful delivery.
    await page.reload();
    const rows = card.getByTestId("webhook-delivery");
    await expect(rows).toHaveCount(2);
    await expect(rows.filter({ hasText: "webhook.test" })).toContainText("succeeded");
    await expect(rows.filter({ hasText: "webhook.test" })).toContainText("200");
    await shot(page, "webhooks-log");
    await rows.filter({ hasText: "webhook.test" }).getByRole("button", { name: "Re-send" }).click();
    await expect.poll(() => got.length, { timeout: 15_000 }).toBe(3);
    expect(verify(secret, got[2]!).id).toBe(verify(secret, got[0]!).id);

    // Rotation: the new secret is shown once; during the overlap both secrets verify.
    await card.getByRole("button", { name: `Rotate the signing secret of ${url}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
    const rotatedBox = card.getByTestId("webhook-secret");
    await expect(rotatedBox).toBeVisible();
    const newSecret = await rotatedBox.inputValue();
    expect(newSecret).not.toBe(secret);
    await card.getByRole("button", { name: "Send test event" }).click();
    await expect.poll(() => got.length, { timeout: 15_000 }).toBe(4);
    expect(verify(newSecret, got[3]!).type).toBe("webhook.test");
    expect(verify(secret, got[3]!).type).toBe("webhook.test");

    // Disabled: no more deliveries of new events.
    await card.getByRole("button", { name: "Disable" }).click();
    await expect(card).toContainText("Disabled");
    expect((await page.request.post(`/api/orgs/${orgId}/api-keys`, { data: { name: "unheard" } })).status()).toBe(201);
    await page.waitForTimeout(1500);
    expect(got).toHaveLength(4);

    // Delete, with confirmation.
    await card.getByRole("button", { name: `Delete endpoint ${url}` }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete endpoint" }).click();
    await expect(page.getByText("No endpoints yet")).toBeVisible();
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
