import { afterEach, describe, expect, it } from "vitest";
import { EnvError, parseEnv, resetEnvForTests } from "@/lib/env";
import { PUBLIC_SANDBOX_WEBHOOK_SECRET, sandboxSigningSecret, webhookSecret } from "@/lib/stripe/webhooks/webhook-secret";

/**
 * The sandbox signs with its own secret, and the app accepts the sandbox's public development secret
 * only in sandbox mode outside production: NODE_ENV=production needs an explicit STRIPE_WEBHOOK_SECRET
 * (then the sandbox signs with that), and a real Stripe key never goes with the public secret.
 */
const AUTH = { AUTH_SECRET: "x".repeat(40) };
const problems = (src: Record<string, string>) => {
  try {
    parseEnv(src);
    return [];
  } catch (err) {
    expect(err).toBeInstanceOf(EnvError);
    return (err as EnvError).problems;
  }
};

const saved = { ...process.env };
function withEnv(vars: Record<string, string | undefined>) {
  for (const k of ["NODE_ENV", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"]) delete process.env[k];
  Object.assign(process.env, AUTH, vars);
  resetEnvForTests();
}
afterEach(() => {
  process.env = { ...saved };
  resetEnvForTests();
});

describe("the sandbox's webhook secret at start-up (lib/env.ts)", () => {
  it("production in sandbox mode needs an explicit STRIPE_WEBHOOK_SECRET", () => {
    expect(problems({ ...AUTH, NODE_ENV: "production" })).toEqual([
      "STRIPE_WEBHOOK_SECRET: required in production in sandbox mode (no STRIPE_SECRET_KEY): the sandbox signs its events with it (e.g. whsec_ + openssl rand -hex 24)",
    ]);
    expect(problems({ ...AUTH, NODE_ENV: "production", STRIPE_WEBHOOK_SECRET: "whsec_prod_secret" })).toEqual([]);
    // `next build` runs with NODE_ENV=production and no secrets: not refused there.
    process.env.NEXT_PHASE = "phase-production-build";
    try {
      expect(problems({ ...AUTH, NODE_ENV: "production" })).toEqual([]);
    } finally {
      delete process.env.NEXT_PHASE;
    }
  });

  it("refuses the public sandbox secret in production and with a Stripe key", () => {
    const refused = ["STRIPE_WEBHOOK_SECRET: the sandbox's public development secret is accepted only in sandbox mode outside production"];
    expect(problems({ ...AUTH, NODE_ENV: "production", STRIPE_WEBHOOK_SECRET: PUBLIC_SANDBOX_WEBHOOK_SECRET })).toEqual(refused);
    expect(problems({ ...AUTH, NODE_ENV: "development", STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: PUBLIC_SANDBOX_WEBHOOK_SECRET })).toEqual(refused);
    expect(problems({ ...AUTH, NODE_ENV: "development", STRIPE_WEBHOOK_SECRET: PUBLIC_SANDBOX_WEBHOOK_SECRET })).toEqual([]);
  });
});

describe("what the webhook route verifies with, and what the sandbox signs with", () => {
  it("sandbox mode outside production: the public secret, on both sides", () => {
    withEnv({ NODE_ENV: "development" });
    expect(webhookSecret()).toBe(PUBLIC_SANDBOX_WEBHOOK_SECRET);
    expect(sandboxSigningSecret()).toBe(PUBLIC_SANDBOX_WEBHOOK_SECRET);
  });

  it("sandbox mode in production: only the explicit secret, on both sides", () => {
    withEnv({ NODE_ENV: "production", STRIPE_WEBHOOK_SECRET: "whsec_prod_secret" });
    expect(webhookSecret()).toBe("whsec_prod_secret");
    expect(sandboxSigningSecret()).toBe("whsec_prod_secret");
  });

  it("with a Stripe key: STRIPE_WEBHOOK_SECRET or nothing (the route then refuses every event), never the public secret", () => {
    withEnv({ NODE_ENV: "development", STRIPE_SECRET_KEY: "sk_test_x" });
    expect(webhookSecret()).toBeNull();
    withEnv({ NODE_ENV: "production", STRIPE_SECRET_KEY: "sk_test_x" });
    expect(webhookSecret()).toBeNull();
    withEnv({ NODE_ENV: "development", STRIPE_SECRET_KEY: "sk_test_x", STRIPE_WEBHOOK_SECRET: "whsec_real" });
    expect(webhookSecret()).toBe("whsec_real");
  });
});
