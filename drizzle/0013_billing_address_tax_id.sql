ALTER TABLE "organizations" ADD COLUMN "billing_address" jsonb;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "tax_id" jsonb;