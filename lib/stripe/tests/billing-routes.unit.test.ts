import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { GET as getConfig } from "@/app/api/billing/config/route";
import { GET as getPlans } from "@/app/api/billing/plans/route";
import { resetEnvForTests } from "@/lib/env";

/** The public catalog routes, called as Next would call them. */
const ctx = { params: Promise.resolve({}) };
const saved = { ...process.env };

afterEach(() => {
  for (const k of ["STRIPE_SECRET_KEY", "STRIPE_PUBLISHABLE_KEY"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  resetEnvForTests();
});

type PlanJson = {
  key: string;
  monthly_cents: number;
  yearly_cents: number | null;
  yearly_saving_cents: number | null;
  trial_days: number;
  limits: Record<string, number | null>;
  overage_unit_amount_cents: Record<string, number | null>;
  entitlements: string[];
  included_credits: number;
  highlighted: boolean;
};

describe("GET /api/billing/config", () => {
  it("sandbox mode without keys: the stand-in publishable key and the plans", async () => {
    delete process.env.STRIPE_SECRET_KEY;
    delete process.env.STRIPE_PUBLISHABLE_KEY;
    resetEnvForTests();
    const res = await getConfig(new NextRequest("http://localhost/api/billing/config"), ctx);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { mode: string; publishable_key: string; plans: PlanJson[] };
    expect(body.mode).toBe("sandbox");
    expect(body.publishable_key).toBe("pk_test_sandbox");
    expect(body.plans.map((p) => p.key)).toEqual(["free", "starter", "pro", "enterprise"]);
    expect(JSON.stringify(body)).not.toMatch(/sk_/);
  });

  it("test mode with a test key: the configured publishable key, never the secret", async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_abc123";
    process.env.STRIPE_PUBLISHABLE_KEY = "pk_test_xyz789";
    resetEnvForTests();
    const res = await getConfig(new NextRequest("http://localhost/api/billing/config"), ctx);
    const body = (await res.json()) as { mode: string; publishable_key: string };
    expect(body.mode).toBe("test");
    expect(body.publishable_key).toBe("pk_test_xyz789");
    expect(JSON.stringify(body)).not.toContain("sk_test_abc123");
  });
});

describe("GET /api/billing/plans", () => {
  it("returns the catalog as the pricing page shows it", async () => {
    const res = await getPlans(new NextRequest("http://localhost/api/billing/plans"), ctx);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { currency: string; plans: PlanJson[]; credit_packs: unknown[]; metrics: { key: string }[] };
    expect(body.currency).toBe("usd");
    const plan = (k: string) => body.plans.find((p) => p.key === k)!;
    expect(plan("free")).toMatchObject({ monthly_cents: 0, yearly_cents: null, yearly_saving_cents: null, trial_days: 0, included_credits: 0, highlighted: false });
    expect(plan("free").limits).toEqual({ api_calls: 100, tokens: 100_000, seats: 1, storage_gb: 1 });
    expect(plan("free").overage_unit_amount_cents.api_calls).toBeNull();
    expect(plan("starter")).toMatchObject({ monthly_cents: 2_900, yearly_cents: 29_000, yearly_saving_cents: 5_800, trial_days: 14, included_credits: 1_000 });
    expect(plan("starter").overage_unit_amount_cents.api_calls).toBe(3);
    expect(plan("pro")).toMatchObject({ monthly_cents: 9_900, yearly_cents: 99_000, yearly_saving_cents: 19_800, trial_days: 14, included_credits: 5_000, highlighted: true });
    expect(plan("pro").limits.api_calls).toBe(10_000);
    expect(plan("pro").entitlements).toEqual(["api_access", "advanced_exports"]);
    expect(plan("enterprise")).toMatchObject({ monthly_cents: 49_900, yearly_cents: 499_000, yearly_saving_cents: 99_800, trial_days: 0, included_credits: 25_000 });
    expect(plan("enterprise").limits.tokens).toBeNull(); // unlimited
    expect(plan("enterprise").limits.seats).toBeNull();
    expect(plan("enterprise").overage_unit_amount_cents.api_calls).toBe(1);
    expect(body.credit_packs).toEqual([
      { key: "pack_1000", name: "1,000 credits", credits: 1_000, price_cents: 1_000 },
      { key: "pack_5000", name: "5,000 credits", credits: 5_000, price_cents: 4_500 },
      { key: "pack_20000", name: "20,000 credits", credits: 20_000, price_cents: 16_000 },
    ]);
    expect(body.metrics.map((m) => m.key)).toEqual(["api_calls", "tokens", "seats", "storage_gb"]);
  });
});
