#!/usr/bin/env bash
# A newcomer's first five minutes, checked: clone the repository's committed HEAD into an empty temporary
# directory (nothing beside it: no sibling folders at all), then the README's commands there —
# `npm install`, `npm run dev` (the logins box is the last thing it prints; no line printed twice; no
# webhook chatter), `npm test` — and fail if any of them fails or leaves `git status` dirty.
#   bash scripts/fresh-clone-check.sh            # what .ci/run does on its PGlite leg
#   FRESH_CLONE_KEEP=1 …                          # keep the temporary directory for a look afterwards
# Uncommitted changes are not part of the check: commit first. DATABASE_URL is ignored (the README's
# commands run with no database server); other variables (TEST_RESULTS_DIR, SKIP_E2E, CI) pass through.
set -euo pipefail
src=$(git -C "$(dirname "$0")/.." rev-parse --show-toplevel)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/billing-fresh-clone.XXXXXX")
dev_pid=""
cleanup() {
  if [ -n "$dev_pid" ]; then kill -TERM -- "-$dev_pid" 2>/dev/null || true; fi
  if [ "${FRESH_CLONE_KEEP:-0}" = "1" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
step() { printf '\n\033[1m▶ fresh clone: %s\033[0m\n' "$1"; }
dirty() {
  local s
  s=$(git status --porcelain)
  if [ -n "$s" ]; then
    echo "fresh clone: git status is not clean after $1:"; echo "$s" | head -20
    git diff --stat | tail -5
    exit 1
  fi
}

step "git clone $(git -C "$src" rev-parse --short HEAD) into $tmp (an empty directory)"
git clone -q --no-local "$src" "$tmp/billing-kit"
cd "$tmp/billing-kit"
[ "$(ls -A "$tmp")" = "billing-kit" ] || { echo "fresh clone: $tmp is not empty beside the clone"; exit 1; }
unset DATABASE_URL

step "npm install"
npm install --no-audit --no-fund
dirty "npm install"

step "npm run dev (until the logins box; then the output is checked)"
port=${FRESH_CLONE_DEV_PORT:-3123}
log="$tmp/dev.log"
# Its own process group, so the whole tree (npm, next, its server child) is stopped by the group id.
setsid env PORT="$port" APP_URL="http://localhost:$port" NEXT_TELEMETRY_DISABLED=1 npm run dev -- -p "$port" >"$log" 2>&1 &
dev_pid=$!
for _ in $(seq 1 240); do
  grep -q "Demo data ready" "$log" && break
  kill -0 "$dev_pid" 2>/dev/null || break
  sleep 1
done
sleep 8 # anything printed after the box (webhook deliveries of the catalog sync, jobs) shows up by now
kill -TERM -- "-$dev_pid" 2>/dev/null || true
wait "$dev_pid" 2>/dev/null || true
dev_pid=""
node - "$log" <<'NODE'
const fs = require("node:fs");
const text = fs.readFileSync(process.argv[2], "utf8").replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
const lines = text.split("\n").map((l) => l.trimEnd());
const problems = [];
const box = lines.findIndex((l) => l.includes("Demo data ready"));
if (box < 0) problems.push("the logins box (Demo data ready) was never printed");
else {
  const end = lines.findIndex((l, i) => i > box && /^─{20,}$/.test(l));
  const after = lines.slice(end + 1).filter((l) => l.trim());
  if (end < 0 || after.length) problems.push(`printed after the logins box:\n  ${after.slice(0, 5).join("\n  ")}`);
}
const webhookLines = lines.filter((l) => /"path":"\/api\/webhooks\/stripe"|^\s*POST \/api\/webhooks\/stripe/.test(l));
if (webhookLines.length) problems.push(`webhook deliveries are logged (they are debug-level in development): ${webhookLines.length} lines`);
const seen = new Map();
for (const l of lines) {
  if (!l.trim() || /^[─\s]+$/.test(l)) continue;
  const msg = l.startsWith("{") ? (() => { try { const j = JSON.parse(l); return `${j.msg} ${j.path ?? ""}`.trim(); } catch { return l; } })() : l.trim();
  seen.set(msg, (seen.get(msg) ?? 0) + 1);
}
const twice = [...seen].filter(([, n]) => n > 1).map(([m, n]) => `${n}× ${m}`);
if (twice.length) problems.push(`printed more than once:\n  ${twice.slice(0, 5).join("\n  ")}`);
if (/uncaughtException|⨯/.test(text)) problems.push("an error was printed at start-up");
if (problems.length) {
  console.error(`fresh clone: npm run dev output:\n${text}\n---\n${problems.join("\n")}`);
  process.exit(1);
}
console.log("npm run dev: the logins box is the last thing printed; no line twice; no webhook chatter");
NODE
dirty "npm run dev"

step "npm test"
npm test
dirty "npm test"
echo "fresh clone: npm install, npm run dev and npm test pass in an empty directory; git status is clean"
