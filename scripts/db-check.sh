#!/usr/bin/env bash
# Fails when db/schema/ and the committed migrations in drizzle/ differ: generates into a scratch
# copy of drizzle/ and fails if drizzle-kit would write a new migration.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .data
tmp=$(mktemp -d .data/dbcheck.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
cp -r drizzle "$tmp/drizzle"
cat > "$tmp/drizzle.config.ts" <<CFG
export default { dialect: "postgresql", schema: "./db/schema/index.ts", out: "$tmp/drizzle" };
CFG
before=$(ls "$tmp/drizzle"/*.sql | wc -l)
./node_modules/.bin/drizzle-kit generate --config "$tmp/drizzle.config.ts" --name drift_check > "$tmp/out.log" 2>&1 || { cat "$tmp/out.log"; exit 1; }
after=$(ls "$tmp/drizzle"/*.sql | wc -l)
./node_modules/.bin/drizzle-kit check --config "$tmp/drizzle.config.ts" > "$tmp/check.log" 2>&1 || { cat "$tmp/check.log"; exit 1; }
if [ "$after" != "$before" ]; then
  echo "db:check FAILED: db/schema/ differs from the committed migrations. Run: npm run db:generate -- --name <change>" >&2
  cat "$tmp"/drizzle/*drift_check.sql >&2
  exit 1
fi
echo "db:check: schema and migrations agree ($before migrations)"
