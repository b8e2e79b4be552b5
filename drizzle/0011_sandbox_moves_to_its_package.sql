-- The offline Stripe sandbox became its own package (packages/stripe-sandbox) with its own migrations:
-- its tables are no longer the app's. Drop the ones 0004/0008 created only where nothing is in them (a
-- fresh database, or a deployment that always had a Stripe key); a database the sandbox already wrote
-- to keeps them untouched, and the package's first migration adopts them (CREATE TABLE IF NOT EXISTS).
DO $$
BEGIN
  IF to_regclass('public.sandbox_migrations') IS NULL
     AND NOT EXISTS (SELECT 1 FROM "sandbox_objects")
     AND NOT EXISTS (SELECT 1 FROM "sandbox_events")
     AND NOT EXISTS (SELECT 1 FROM "sandbox_idempotency")
     AND NOT EXISTS (SELECT 1 FROM "sandbox_meter_events")
     AND NOT EXISTS (SELECT 1 FROM "sandbox_state") THEN
    DROP TABLE "sandbox_events";
    DROP TABLE "sandbox_idempotency";
    DROP TABLE "sandbox_meter_events";
    DROP TABLE "sandbox_objects";
    DROP TABLE "sandbox_state";
  END IF;
END $$;
