-- Row-level security as a second wall behind the orgId filters in the code.
-- withOrg() (db/with-org.ts) runs each org-scoped transaction as the non-superuser role billing_rls
-- with app.org_id set; these policies then hide every other organisation's rows, even from a query
-- that forgets its filter. Code outside withOrg (webhooks, jobs, admin, group-committed ingestion)
-- runs as the connecting role, which owns the tables and is not subject to the policies.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'billing_rls') THEN
    CREATE ROLE billing_rls NOLOGIN;
  END IF;
END
$$;
--> statement-breakpoint
GRANT billing_rls TO CURRENT_USER;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO billing_rls;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO billing_rls;
--> statement-breakpoint
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO billing_rls;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO billing_rls;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO billing_rls;
--> statement-breakpoint
-- Every table with an org_id column gets the same policy (a test fails if a later table is missed).
DO $$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = 'public' AND c.column_name = 'org_id' AND tb.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS org_isolation ON %I', t);
    EXECUTE format('CREATE POLICY org_isolation ON %I USING (org_id = current_setting(''app.org_id'', true)) WITH CHECK (org_id = current_setting(''app.org_id'', true))', t);
  END LOOP;
END
$$;
--> statement-breakpoint
ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
DROP POLICY IF EXISTS org_isolation ON "organizations";
--> statement-breakpoint
CREATE POLICY org_isolation ON "organizations" USING (id = current_setting('app.org_id', true)) WITH CHECK (id = current_setting('app.org_id', true));
