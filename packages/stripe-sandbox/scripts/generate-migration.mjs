#!/usr/bin/env node
// `npm run db:generate -w @billing-kit/stripe-sandbox -- --name <change>`: drizzle-kit writes the
// migration into drizzle/, then the migrations are embedded into src/migrations.generated.ts.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "../../node_modules/.bin/drizzle-kit");
execFileSync(bin, ["generate", "--config", "drizzle.config.ts", ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
execFileSync(process.execPath, [path.join(root, "scripts/embed-migrations.mjs")], { cwd: root, stdio: "inherit" });
