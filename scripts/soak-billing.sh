#!/usr/bin/env bash
# Random customer lifecycles held against the billing model, more than CI runs:
#   npm run soak:billing -- --lifecycles 500 [--seed N] [--max-steps 60]
# Uses DATABASE_URL when set (PostgreSQL), embedded PGlite otherwise. No time budget unless
# LIFECYCLE_BUDGET_S is set. See docs/RELIABILITY.md ("Random lifecycles").
set -euo pipefail
cd "$(dirname "$0")/.."
lifecycles=200
while [ $# -gt 0 ]; do
  case "$1" in
    --lifecycles) lifecycles="$2"; shift 2 ;;
    --lifecycles=*) lifecycles="${1#*=}"; shift ;;
    --seed) export LIFECYCLE_SEED="$2"; shift 2 ;;
    --max-steps) export LIFECYCLE_MAX_STEPS="$2"; shift 2 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "soak:billing: unknown argument $1 (expected --lifecycles N, --seed N, --max-steps N)" >&2; exit 2 ;;
  esac
done
case "$lifecycles" in ''|*[!0-9]*) echo "soak:billing: --lifecycles needs a whole number" >&2; exit 2 ;; esac
export LIFECYCLES="$lifecycles"
# A new seed each run unless --seed replays one (npm test replays a fixed seed).
[ -n "${LIFECYCLE_SEED:-}" ] || export LIFECYCLE_RANDOM=1
export LIFECYCLE_BUDGET_S="${LIFECYCLE_BUDGET_S:-86400}"
exec ./node_modules/.bin/vitest run tests/lifecycle/lifecycle.stripe.test.ts
