/**
 * npm run clock:advance -- 15d        (or -- --to 2027-01-01T00:00:00Z)
 * Moves the sandbox test clock of the RUNNING app (Stripe objects and the app's clock together).
 * It does not open the database (PGlite is single-process): it POSTs to ${APP_URL}/api/sandbox/clock
 * with the control token the app wrote at start to .data/sandbox-token.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

if (existsSync(".env")) process.loadEnvFile(".env");

async function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { to: { type: "string" } } });
  const body = values.to ? { to: values.to } : positionals[0] ? { advance: positionals[0] } : null;
  if (!body) {
    console.error("usage: npm run clock:advance -- 15d   (or -- --to 2027-01-01T00:00:00Z)");
    process.exit(2);
  }
  const appUrl = (process.env.APP_URL || "http://localhost:3000").replace(/\/+$/, "");
  const pgliteDir = process.env.PGLITE_DIR || ".data/pglite";
  const tokenFile = path.join(path.dirname(path.resolve(pgliteDir.startsWith("memory://") ? ".data/pglite" : pgliteDir)), "sandbox-token");
  if (!existsSync(tokenFile)) {
    console.error(`No control token at ${tokenFile}: start the app in sandbox mode first (npm run dev, without STRIPE_SECRET_KEY).`);
    process.exit(1);
  }
  const token = readFileSync(tokenFile, "utf8").trim();
  let res: Response;
  try {
    res = await fetch(`${appUrl}/api/sandbox/clock`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
  } catch {
    console.error(`Could not reach the app at ${appUrl}. Is it running (npm run dev)?`);
    process.exit(1);
  }
  const json = (await res.json().catch(() => ({}))) as { now?: string; error?: { message?: string } };
  if (!res.ok) {
    console.error(`Clock not moved (${res.status}): ${json.error?.message ?? res.statusText}`);
    process.exit(1);
  }
  console.log(`Sandbox clock is now ${json.now}`);
}

void main();
