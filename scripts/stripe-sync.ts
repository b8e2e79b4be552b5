/**
 * npm run stripe:sync [-- --check] [-- --webhook URL]
 * Creates or updates, idempotently, the catalog's products, prices, meters, coupons and promotion
 * codes in whichever Stripe the app is connected to (STRIPE_SECRET_KEY set → Stripe; unset → the
 * offline sandbox, which the app also syncs by itself at start). Records their ids in stripe_catalog.
 *   --check          verify the keys, print the mode and the account; change nothing
 *   --webhook URL    also create/update a webhook endpoint for URL with the events the app handles
 * With embedded PGlite, stop the app first (one data directory, one process).
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";

if (existsSync(".env")) process.loadEnvFile(".env");

async function main() {
  const { values } = parseArgs({ options: { check: { type: "boolean", default: false }, webhook: { type: "string" } } });
  const { loadEnv } = await import("@/lib/env");
  const env = loadEnv();
  const { initDatabase } = await import("@/db/init");
  // The sandbox keeps its objects in the database; real Stripe needs it only to record the ids.
  if (!env.STRIPE_SECRET_KEY || !values.check) await initDatabase();
  const { checkStripe } = await import("@/lib/stripe/check-stripe");
  const check = await checkStripe();
  console.log(`Stripe mode: ${check.mode} (API ${check.apiVersion}), account ${check.account.id}${check.account.name ? ` (${check.account.name})` : ""}`);
  if (values.check) return;

  const { syncCatalog } = await import("@/lib/billing/sync-catalog");
  const r = await syncCatalog();
  console.log(`Catalog synced: ${r.created} created, ${r.updated} updated, ${r.archived} archived, ${r.unchanged} unchanged.`);
  for (const [key, id] of Object.entries(r.ids)) console.log(`  ${key.padEnd(40)} ${id}`);

  if (values.webhook) {
    const { registerWebhookEndpoint } = await import("@/lib/stripe/register-webhook-endpoint");
    const w = await registerWebhookEndpoint(values.webhook);
    console.log(`Webhook endpoint ${w.action}: ${w.id} → ${w.url}`);
    if (w.secret) console.log(`Set STRIPE_WEBHOOK_SECRET=${w.secret}`);
  }
}

main()
  .then(async () => {
    const { closeDatabase } = await import("@/db");
    await closeDatabase();
  })
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
