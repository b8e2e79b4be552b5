CREATE TABLE "stripe_catalog" (
	"lookup_key" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"stripe_id" text NOT NULL,
	"product_id" text,
	"synced_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "stripe_catalog_stripe_id_idx" ON "stripe_catalog" USING btree ("stripe_id");