import { expect, test } from "@playwright/test";
import { INSTANCES } from "./env";
import { closeDb, orgWithKey, runTag } from "./helpers";

/**
 * Rate limits hold across instances (issue 14): with DATABASE_URL set the limiter's store is Postgres,
 * shared by both servers (this suite runs them with RATE_LIMIT_ENABLED=1). One API key's requests,
 * alternating between the instances one after the other, see ONE budget: each answer's
 * X-RateLimit-Remaining is one less than the previous answer's, whichever instance gave it. With a store
 * per instance each would count only its own requests (remaining would fall by one every second answer).
 */
test.afterAll(closeDb);

test("one API key's budget is shared by both instances: X-RateLimit-Remaining falls by one per request across them", async ({ request }) => {
  const { key } = await orgWithKey(runTag("rl"));
  const seen: { instance: string; limit: number; remaining: number; reset: number }[] = [];
  for (let i = 0; i < 12; i++) {
    const instance = INSTANCES[i % 2]!;
    const res = await request.get(`${instance}/api/v1/me`, { headers: { authorization: `Bearer ${key}` }, failOnStatusCode: false });
    expect(res.status(), await res.text()).toBe(200);
    const h = res.headers();
    seen.push({ instance, limit: Number(h["x-ratelimit-limit"]), remaining: Number(h["x-ratelimit-remaining"]), reset: Number(h["x-ratelimit-reset"]) });
  }
  const limit = seen[0]!.limit;
  expect(limit).toBeGreaterThan(12);
  // Sequential requests inside one window: remaining = limit − n after the n-th, on either instance.
  expect(seen.map((s) => s.remaining)).toEqual(seen.map((_, i) => limit - (i + 1)));
  console.log(`[multi] rate limit: 12 requests over both instances → remaining ${seen.map((s) => s.remaining).join(", ")} of ${limit}`);
});
