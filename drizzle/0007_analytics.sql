CREATE TABLE "admin_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"org_id" text,
	"title" text NOT NULL,
	"details" jsonb,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "admin_alerts_dedupe_key_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
CREATE TABLE "metrics_daily" (
	"day" date PRIMARY KEY NOT NULL,
	"mrr_cents" bigint NOT NULL,
	"active_subscriptions" integer NOT NULL,
	"trialing_subscriptions" integer NOT NULL,
	"past_due_subscriptions" integer NOT NULL,
	"paying_customers" integer NOT NULL,
	"baseline_mrr_cents" bigint NOT NULL,
	"new_mrr_cents" bigint NOT NULL,
	"expansion_mrr_cents" bigint NOT NULL,
	"contraction_mrr_cents" bigint NOT NULL,
	"churned_mrr_cents" bigint NOT NULL,
	"customers_at_start" integer NOT NULL,
	"churned_customers" integer NOT NULL,
	"revenue_cents" bigint NOT NULL,
	"overage_revenue_cents" bigint NOT NULL,
	"trials_ended" integer NOT NULL,
	"trials_converted" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reconciliation_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"status" text NOT NULL,
	"orgs_checked" integer DEFAULT 0 NOT NULL,
	"drift_count" integer DEFAULT 0 NOT NULL,
	"fixed_count" integer DEFAULT 0 NOT NULL,
	"error_count" integer DEFAULT 0 NOT NULL,
	"report" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscription_snapshots" (
	"day" date NOT NULL,
	"subscription_id" text NOT NULL,
	"org_id" text NOT NULL,
	"status" text NOT NULL,
	"plan_key" text NOT NULL,
	"interval" text NOT NULL,
	"mrr_cents" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subscription_snapshots_day_subscription_id_pk" PRIMARY KEY("day","subscription_id")
);
--> statement-breakpoint
CREATE INDEX "admin_alerts_created_idx" ON "admin_alerts" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "reconciliation_runs_started_idx" ON "reconciliation_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "subscription_snapshots_org_day_idx" ON "subscription_snapshots" USING btree ("org_id","day");