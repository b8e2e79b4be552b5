#!/usr/bin/env bash
# Fails when a schema and its committed migrations differ: generates into a scratch copy of the
# migrations folder and fails if drizzle-kit would write a new migration. Two schemas: the app's
# (db/schema/ → drizzle/) and the Stripe sandbox package's own (packages/stripe-sandbox/src/schema.ts →
# packages/stripe-sandbox/drizzle/, embedded in src/migrations.generated.ts, which must be current too).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .data
tmp=$(mktemp -d .data/dbcheck.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

check() { # <label> <schema file> <migrations folder> <how to regenerate>
  local label=$1 schema=$2 folder=$3 fix=$4 out="$tmp/$1"
  mkdir -p "$out"
  cp -r "$folder" "$out/migrations"
  cat > "$out/drizzle.config.ts" <<CFG
export default { dialect: "postgresql", schema: "./$schema", out: "$out/migrations" };
CFG
  local before after
  before=$(ls "$out/migrations"/*.sql | wc -l)
  ./node_modules/.bin/drizzle-kit generate --config "$out/drizzle.config.ts" --name drift_check > "$out/out.log" 2>&1 || { cat "$out/out.log"; exit 1; }
  after=$(ls "$out/migrations"/*.sql | wc -l)
  ./node_modules/.bin/drizzle-kit check --config "$out/drizzle.config.ts" > "$out/check.log" 2>&1 || { cat "$out/check.log"; exit 1; }
  if [ "$after" != "$before" ]; then
    echo "db:check FAILED: $schema differs from the committed migrations in $folder. Run: $fix" >&2
    cat "$out"/migrations/*drift_check.sql >&2
    exit 1
  fi
  echo "db:check: $label schema and migrations agree ($before migrations)"
}

check app db/schema/index.ts drizzle "npm run db:generate -- --name <change>"
check stripe-sandbox packages/stripe-sandbox/src/schema.ts packages/stripe-sandbox/drizzle "npm run db:generate -w @billing-kit/stripe-sandbox -- --name <change>"
node packages/stripe-sandbox/scripts/embed-migrations.mjs --check
