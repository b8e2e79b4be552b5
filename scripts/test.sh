#!/usr/bin/env bash
# npm test: typecheck, lint, schema/migration drift, Vitest (unit + database tests), then Playwright
# against a production build. Embedded PGlite by default; real Postgres when DATABASE_URL is set
# (Vitest and the e2e server each get a fresh throwaway database).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
results=${TEST_RESULTS_DIR:-.data/test-results}
mkdir -p "$results"
step() { printf '\n\033[1m▶ %s\033[0m\n' "$1"; }

if [ "${SKIP_E2E:-0}" != "1" ]; then
  # Playwright needs a browser: find or provision it now, not after the other suites (one line if none).
  step "browser for the end-to-end tests"
  node scripts/ensure-browser.mjs
fi
step "typecheck"
./node_modules/.bin/tsc --noEmit
step "lint"
./node_modules/.bin/eslint --max-warnings=0 .
step "production dependencies (deprecations; npm audit where its endpoint answers)"
# `npm audit` needs the registry's POST advisory endpoint; where it is refused (this network answers 405)
# deps-check reads package documents with GETs instead: a deprecated direct production dependency fails.
if node scripts/audit-check.mjs >/dev/null 2>&1; then echo "npm audit --omit=dev: no unexplained high/critical finding"
else
  rc=$?
  if [ "$rc" = "1" ]; then node scripts/audit-check.mjs; exit 1; fi
  echo "npm audit could not run here (its advisory endpoint is unreachable): checking deprecations instead"
  set +e; node scripts/deps-check.mjs; rc=$?; set -e
  if [ "$rc" = "1" ]; then exit 1; elif [ "$rc" = "2" ]; then echo "warning: the registry could not be read; dependency check skipped"; fi
fi
step "schema vs migrations"
bash scripts/db-check.sh
step "vitest ($([ -n "${DATABASE_URL:-}" ] && echo postgres || echo pglite))"
./node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$results/vitest.json"

if [ "${SKIP_E2E:-0}" = "1" ]; then
  echo "SKIP_E2E=1: not running the production build and Playwright"
else
  step "next build"
  ./node_modules/.bin/next build
  step "playwright (production server)"
  e2e_db=""
  if [ -n "${DATABASE_URL:-}" ]; then
    e2e_db="billing_e2e_$$"
    admin_url="$DATABASE_URL"
    export DATABASE_URL=$(node scripts/tmp-db.mjs create "$admin_url" "$e2e_db")
    trap 'node scripts/tmp-db.mjs drop "$admin_url" "$e2e_db" >/dev/null 2>&1 || true' EXIT
  fi
  PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright.json" ./node_modules/.bin/playwright test --reporter=list,json
  if [ -z "$e2e_db" ]; then
    # One extra production build, on the PGlite leg only (the Postgres leg already builds for two suites):
    # built with a Stripe key, it must neither contain nor load the offline sandbox (issue 12).
    step "production build with a Stripe key leaves the sandbox out"
    node scripts/sandbox-exclusion-check.mjs
  fi
  if [ -n "$e2e_db" ]; then
    # Two `next start` instances of the same build on one fresh PostgreSQL (issue 8): e2e-multi/.
    step "playwright multi-instance (two next start, one Postgres)"
    multi_db="billing_multi_$$"
    multi_url=$(node scripts/tmp-db.mjs create "$admin_url" "$multi_db")
    trap 'node scripts/tmp-db.mjs drop "$admin_url" "$e2e_db" >/dev/null 2>&1 || true; node scripts/tmp-db.mjs drop "$admin_url" "$multi_db" >/dev/null 2>&1 || true' EXIT
    DATABASE_URL="$multi_url" PLAYWRIGHT_JSON_OUTPUT_NAME="$results/playwright-multi.json" ./node_modules/.bin/playwright test -c playwright.multi.config.ts --reporter=list,json
  fi
fi

node scripts/test-summary.mjs "$results"
