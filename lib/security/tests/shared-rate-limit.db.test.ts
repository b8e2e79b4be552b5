import { describe, expect, it } from "vitest";
import { getDbKind } from "@/db";
import { AppError } from "@/lib/errors";
import { consumeRateLimit, LIMITS } from "@/lib/security/rate-limit";

/**
 * With DATABASE_URL set, rate limits live in Postgres (rate_limits), so a limit holds across
 * instances. A second instance is modelled by dropping this process's limiter objects: in memory that
 * forgets every count; with the shared store the count survives. (PGlite is one process: memory.)
 */
const forgetInstance = () => (globalThis as unknown as { __billingLimiters?: Map<string, unknown> }).__billingLimiters?.clear();

describe("rate limits across instances", () => {
  it.skipIf(getDbKind() !== "postgres")("a limit spent on one instance holds on the next (Postgres store)", async () => {
    const key = `shared-${Math.random()}`;
    for (let i = 0; i < LIMITS.signInIp.points - 1; i++) await consumeRateLimit("signInIp", key);
    forgetInstance(); // "instance B"
    await consumeRateLimit("signInIp", key); // the last point
    forgetInstance(); // "instance C"
    const err = await consumeRateLimit("signInIp", key).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(429);
    expect(Number((err as AppError).headers?.["Retry-After"])).toBeGreaterThan(0);
  });

  it.skipIf(getDbKind() !== "pglite")("with PGlite (one process) the counters are in memory", async () => {
    const key = `local-${Math.random()}`;
    for (let i = 0; i < LIMITS.signInIp.points; i++) await consumeRateLimit("signInIp", key);
    await expect(consumeRateLimit("signInIp", key)).rejects.toMatchObject({ status: 429 });
    forgetInstance();
    await expect(consumeRateLimit("signInIp", key)).resolves.toMatchObject({ limit: LIMITS.signInIp.points });
  });
});
