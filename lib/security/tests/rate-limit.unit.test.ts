import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { consumeRateLimit, resetRateLimit } from "@/lib/security/rate-limit";

describe("rate limits", () => {
  it("answers 429 with Retry-After once a key's budget is spent, per key", async () => {
    const key = `acct-${Math.random()}`;
    for (let i = 0; i < 10; i++) await consumeRateLimit("signInAccount", key);
    const err = await consumeRateLimit("signInAccount", key).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.status).toBe(429);
    expect(Number(err.headers["Retry-After"])).toBeGreaterThan(0);
    await expect(consumeRateLimit("signInAccount", `other-${Math.random()}`)).resolves.toBeUndefined();
    await resetRateLimit("signInAccount", key);
    await expect(consumeRateLimit("signInAccount", key)).resolves.toBeUndefined();
  });
});
