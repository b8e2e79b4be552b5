import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { INSTANCES, URL_A, URL_B } from "./env";
import { apiPost, closeDb, db, deliver, orgWithKey, paidPackSession, pool, rng, runTag, shuffle, stripeEvent, stripeHoldsSessions, tally } from "./helpers";

/**
 * Outbound webhooks over two instances (issue 16): a receiver in this test process, registered as an
 * endpoint through the API on instance A (the suite's servers allow 127.0.0.1 with WEBHOOK_ALLOWED_HOSTS,
 * from E2E_ENV). Domain events are made through both instances — paid credit-pack sessions delivered as
 * signed Stripe webhooks to A and to B at once, each granting credits once (`credits.granted`) — and
 * both instances' pg-boss workers dispatch them and deliver the webhooks. Every event's `webhook-id`
 * arrives, each request verified with the `standardwebhooks` verifier, and none is delivered twice.
 */
test.afterAll(closeDb);

const EVENTS = 60;
const CONCURRENCY = 12;
type Received = { headers: IncomingHttpHeaders; body: string };

test("events made through both instances are each delivered to the outbound endpoint once, signed", async ({ request }) => {
  test.setTimeout(240_000);
  const got: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const tag = runTag("whout");
    const random = rng(Number.parseInt(tag.slice(-6), 16));
    const { orgId, key } = await orgWithKey(tag);

    const created = await apiPost(request, URL_A, "/api/v1/webhook-endpoints", key, { url, event_types: ["credits.granted"] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const endpointId = String(created.body.id);
    const secret = String(created.body.secret);

    // Each paid session's event to A and to B at once (one stores it, the other sees a duplicate), shuffled.
    const sessions = Array.from({ length: EVENTS }, (_, i) => paidPackSession(`cs_${tag}_${i}`, orgId));
    await stripeHoldsSessions(sessions);
    const sends = sessions.flatMap((s, i) => INSTANCES.map((instance) => ({ instance, event: stripeEvent(`evt_${tag}_${i}`, "checkout.session.completed", s) })));
    const answers = await pool(
      shuffle(sends, random).map((d) => () => deliver(request, d.instance, d.event)),
      CONCURRENCY,
    );
    expect(tally(answers, (a) => String(a.status))).toEqual({ "200": EVENTS * 2 });
    const storedBy = tally(
      answers.filter((a) => a.body.duplicate === false),
      (a) => a.instance,
    );

    // Both instances' workers dispatch and deliver: wait, bounded, for every grant's delivery to succeed.
    const sql = db();
    await expect
      .poll(async () => Number((await sql`select count(*)::int as n from webhook_deliveries where endpoint_id = ${endpointId} and status = 'succeeded'`)[0]!.n), {
        timeout: 150_000,
        intervals: [500, 1_000, 2_000],
      })
      .toBe(EVENTS);
    // And no delivery job still queued or running (a second job for a delivery would show up here first).
    await expect
      .poll(async () => Number((await sql`select count(*)::int as n from pgboss.job j join webhook_deliveries d on d.id = j.data->>'deliveryId' where j.name = 'webhook-delivery' and d.endpoint_id = ${endpointId} and j.state <> 'completed'`)[0]!.n), {
        timeout: 60_000,
        intervals: [500, 1_000],
      })
      .toBe(0);

    const events = await sql`select id from domain_events where org_id = ${orgId} and type = 'credits.granted'`;
    expect(events).toHaveLength(EVENTS);
    const eventIds = events.map((e) => String(e.id)).sort();
    const deliveries = await sql`select event_id, status, attempts from webhook_deliveries where endpoint_id = ${endpointId}`;
    expect(deliveries.map((d) => String(d.event_id)).sort()).toEqual(eventIds);
    expect(tally(deliveries, (d) => `${d.status}/${d.attempts}`)).toEqual({ [`succeeded/1`]: EVENTS });

    // What the receiver got: every event once, each request verified with the endpoint's secret.
    const verified = got.map(
      (r) =>
        new Webhook(secret).verify(r.body, {
          "webhook-id": String(r.headers["webhook-id"]),
          "webhook-timestamp": String(r.headers["webhook-timestamp"]),
          "webhook-signature": String(r.headers["webhook-signature"]),
        }) as { id: string; type: string; org_id: string },
    );
    expect(got.map((r) => String(r.headers["webhook-id"])).sort()).toEqual(eventIds);
    expect(verified.map((m) => m.id).sort()).toEqual(eventIds);
    expect(verified.every((m) => m.type === "credits.granted" && m.org_id === orgId)).toBe(true);
    const twice = Object.entries(tally(got, (r) => String(r.headers["webhook-id"]))).filter(([, n]) => n > 1);
    expect(twice).toEqual([]);

    console.log(`[multi] outbound webhooks: ${EVENTS} events (Stripe events stored by A ${storedBy[URL_A] ?? 0}, by B ${storedBy[URL_B] ?? 0}) → ${got.length} requests, ${new Set(got.map((r) => r.headers["webhook-id"])).size} distinct webhook-ids, all verified`);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});
