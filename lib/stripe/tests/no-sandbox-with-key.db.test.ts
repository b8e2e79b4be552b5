import { afterEach, describe, expect, it } from "vitest";
import { getDbHandle } from "@/db";
import { resetEnvForTests } from "@/lib/env";
import { getSandbox } from "@/lib/stripe/client";
import { prepareStripeAtStart, syncCatalogAtStart } from "@/lib/stripe/start-sandbox";

/**
 * With a Stripe key the app never loads the sandbox package (nothing in this file imports it), creates
 * none of its tables and opens no `billing-sandbox` pool. The production build with a key is checked by
 * scripts/sandbox-exclusion-check.mjs (npm test).
 */
describe("with a Stripe key", () => {
  const saved = process.env.STRIPE_SECRET_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.STRIPE_SECRET_KEY;
    else process.env.STRIPE_SECRET_KEY = saved;
    resetEnvForTests();
  });

  it("start-up creates neither the sandbox's tables nor its connection pool, and loads nothing of it", async () => {
    process.env.STRIPE_SECRET_KEY = "sk_test_no_network_needed";
    resetEnvForTests();
    await prepareStripeAtStart();
    await syncCatalogAtStart();
    expect(await getSandbox()).toBeNull();
    const h = await getDbHandle();
    expect(await h.raw("select tablename from pg_tables where schemaname = 'public' and tablename like 'sandbox%'")).toEqual([]);
    if (h.kind === "postgres") {
      const pools = await h.raw("select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'billing-sandbox'");
      expect(pools).toEqual([{ n: 0 }]);
    }
    expect((globalThis as Record<string, unknown>).__billingKitStripeSandbox).toBeUndefined();
  });
});
