ALTER TABLE "sandbox_events" ADD COLUMN "scope" text DEFAULT 'default' NOT NULL;--> statement-breakpoint
ALTER TABLE "sandbox_objects" ADD COLUMN "scope" text DEFAULT 'default' NOT NULL;