-- IF NOT EXISTS: databases migrated by Billing Kit before the sandbox became a package already have these
-- tables (the app's own migrations 0004 and 0008 created them); this migration adopts them unchanged.
CREATE TABLE IF NOT EXISTS "sandbox_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"data" jsonb NOT NULL,
	"created" bigint NOT NULL,
	"seq" bigserial NOT NULL,
	"delivery_status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_ms" bigint DEFAULT 0 NOT NULL,
	"last_error" text,
	"scope" text DEFAULT 'default' NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sandbox_idempotency" (
	"key" text PRIMARY KEY NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sandbox_meter_events" (
	"event_name" text NOT NULL,
	"identifier" text NOT NULL,
	"customer" text NOT NULL,
	"value" numeric NOT NULL,
	"timestamp" bigint NOT NULL,
	"created" bigint NOT NULL,
	CONSTRAINT "sandbox_meter_events_event_name_identifier_pk" PRIMARY KEY("event_name","identifier")
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sandbox_migrations" (
	"tag" text PRIMARY KEY NOT NULL,
	"applied_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sandbox_objects" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"customer" text,
	"data" jsonb NOT NULL,
	"created" bigint NOT NULL,
	"seq" bigserial NOT NULL,
	"scope" text DEFAULT 'default' NOT NULL
);
--> statement-breakpoint
CREATE TABLE IF NOT EXISTS "sandbox_state" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sandbox_events_delivery_idx" ON "sandbox_events" USING btree ("delivery_status","next_attempt_ms");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sandbox_meter_events_customer_idx" ON "sandbox_meter_events" USING btree ("customer","event_name","timestamp");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sandbox_objects_type_seq_idx" ON "sandbox_objects" USING btree ("type","seq");--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "sandbox_objects_customer_idx" ON "sandbox_objects" USING btree ("customer");