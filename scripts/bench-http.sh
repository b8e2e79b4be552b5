#!/usr/bin/env bash
# npm run bench:http — the HTTP and page benchmarks against a production server on real Postgres:
# builds if needed, starts `next start` on :3300 with a throwaway database and fixed demo logins,
# runs every benchmark (library + HTTP + pages) in one run, then stops the server and drops the database.
# BENCH_DB=pglite: the server and the library benches each on their own embedded PGlite instead.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
admin_url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
mkdir -p .data
[ -f .next/BUILD_ID ] || ./node_modules/.bin/next build
db="billing_bench_http_$$"
if [ "${BENCH_DB:-}" = "pglite" ]; then
  pglite_dir=$(mktemp -d)
  srv_db=(env -u DATABASE_URL PGLITE_DIR="$pglite_dir")
else
  srv_url=$(node scripts/tmp-db.mjs create "$admin_url" "$db")
  srv_db=(env DATABASE_URL="$srv_url")
fi
key="bk_BenchBenchBenchBenchBenchBench12"
pw="bench-password-123"
"${srv_db[@]}" NODE_ENV=production AUTH_SECRET="bench-only-auth-secret-0123456789abcdef" STRIPE_WEBHOOK_SECRET=whsec_bench_only_0123456789abcdef APP_URL=http://127.0.0.1:3300 \
  SEED_API_KEY="$key" SEED_USER_PASSWORD="$pw" SEED_ADMIN_PASSWORD="$pw" RATE_LIMIT_ENABLED=0 LOG_LEVEL=warn JOBS_ENABLED=0 \
  ./node_modules/.bin/next start -p 3300 > .data/bench-server.log 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; [ -n "${pglite_dir:-}" ] && rm -rf "$pglite_dir"; node scripts/tmp-db.mjs drop "$admin_url" "$db" >/dev/null 2>&1 || true' EXIT
for _ in $(seq 1 120); do curl -sf http://127.0.0.1:3300/api/health >/dev/null && break; sleep 1; done
# Library benches use their own throwaway database; HTTP/page benches hit the server above.
status=0
DATABASE_URL="$admin_url" BENCH_HTTP_URL=http://127.0.0.1:3300 BENCH_API_KEY="$key" \
  BENCH_USER_PASSWORD="$pw" BENCH_ADMIN_PASSWORD="$pw" \
  ./node_modules/.bin/tsx --conditions=react-server bench/main.ts || status=$?
exit $status
