import { index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * The Stripe ids of the catalog (lib/billing/catalog.ts) in whichever Stripe the app talks to,
 * written only by syncCatalog (lib/billing/sync-catalog.ts) and read through getCatalogIds().
 * `lookup_key` is the price lookup key for prices, and a prefixed key for the other kinds:
 * `product:<plan|pack>`, `meter:<metric>`, `coupon:<CODE>`, `promotion_code:<CODE>`, `webhook_endpoint:<url>`.
 */
export const stripeCatalog = pgTable(
  "stripe_catalog",
  {
    lookupKey: text("lookup_key").primaryKey(),
    /** product | price | overage_price | pack_price | meter | coupon | promotion_code | webhook_endpoint */
    kind: text("kind").notNull(),
    stripeId: text("stripe_id").notNull(),
    /** The product a price belongs to (null for other kinds). */
    productId: text("product_id"),
    syncedAt: timestamp("synced_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("stripe_catalog_stripe_id_idx").on(t.stripeId)],
);

export type StripeCatalogRow = typeof stripeCatalog.$inferSelect;
