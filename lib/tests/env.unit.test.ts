import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

describe("env", () => {
  it("defaults to embedded PGlite and sandbox Stripe with nothing set", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.PGLITE_DIR).toBe(".data/pglite");
    expect(env.STRIPE_SECRET_KEY).toBeUndefined();
    expect(env.ADMIN_EMAILS).toEqual(["admin@example.com"]);
    expect(env.GRACE_PERIOD_DAYS).toBe(7);
  });

  it("has no default admin list in production (issue 14 finding 2), and reads TRUSTED_PROXY_HOPS", () => {
    const prod = { NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), STRIPE_WEBHOOK_SECRET: "whsec_prod" };
    expect(parseEnv(prod).ADMIN_EMAILS).toEqual([]);
    expect(parseEnv({ ...prod, ADMIN_EMAILS: " Ops@Example.com, b@example.com" }).ADMIN_EMAILS).toEqual(["ops@example.com", "b@example.com"]);
    expect(parseEnv({}).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
    expect(() => parseEnv({ TRUSTED_PROXY_HOPS: "-1" })).toThrow(/TRUSTED_PROXY_HOPS/);
  });

  it("names the variable and what it expects", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x" })).toThrow(/DATABASE_URL: expected a postgres:\/\/ connection URL/);
    expect(() => parseEnv({ GRACE_PERIOD_DAYS: "soon" })).toThrow(/GRACE_PERIOD_DAYS/);
    expect(() => parseEnv({ SEED_API_KEY: "abc" })).toThrow(/SEED_API_KEY: expected bk_/);
    expect(() => parseEnv({ APP_URL: "not a url" })).toThrow(/APP_URL/);
  });

  it("requires AUTH_SECRET in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET: required in production/);
    expect(parseEnv({ NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), STRIPE_WEBHOOK_SECRET: "whsec_prod" }).AUTH_SECRET).toBe("x".repeat(32));
  });

  it("refuses a live Stripe key unless production and BILLING_LIVE_MODE=1", () => {
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_live_abc" })).toThrow(/STRIPE_SECRET_KEY: a live key is refused/);
    expect(() => parseEnv({ STRIPE_SECRET_KEY: "sk_live_abc", NODE_ENV: "production", AUTH_SECRET: "x".repeat(32) })).toThrow(EnvError);
    const ok = parseEnv({ STRIPE_SECRET_KEY: "sk_live_abc", NODE_ENV: "production", AUTH_SECRET: "x".repeat(32), BILLING_LIVE_MODE: "1" });
    expect(ok.STRIPE_SECRET_KEY).toBe("sk_live_abc");
  });

  it("requires OAuth variables in pairs", () => {
    expect(() => parseEnv({ AUTH_GITHUB_ID: "x" })).toThrow(/AUTH_GITHUB_SECRET/);
  });

  it("reads STRIPE_REQUESTS_PER_SECOND: unset or empty = the default for the key; a bad value names the variable", () => {
    expect(parseEnv({}).STRIPE_REQUESTS_PER_SECOND).toBeUndefined();
    expect(parseEnv({ STRIPE_REQUESTS_PER_SECOND: " " }).STRIPE_REQUESTS_PER_SECOND).toBeUndefined();
    expect(parseEnv({ STRIPE_REQUESTS_PER_SECOND: "40" }).STRIPE_REQUESTS_PER_SECOND).toBe(40);
    expect(() => parseEnv({ STRIPE_REQUESTS_PER_SECOND: "fast" })).toThrow(/STRIPE_REQUESTS_PER_SECOND/);
    expect(() => parseEnv({ STRIPE_REQUESTS_PER_SECOND: "0" })).toThrow(/STRIPE_REQUESTS_PER_SECOND/);
  });
});
