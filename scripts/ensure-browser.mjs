// npm test's first step: make sure Playwright will have a browser, before minutes of other tests run.
// Order: a Chromium that Playwright manages, else a system Chromium, else install one —
// `playwright install chromium` where its download host answers, Debian's `chromium` where we run as
// root with apt-get — else stop at once with one line saying what to install.
// Prints the browser it found; exit 0 found, 1 none.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import findBrowserModule from "./lib/find-browser.cjs";

const { findBrowser } = findBrowserModule;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Does Playwright's download host answer within a few seconds? (No network here: it does not.) */
async function playwrightCdnReachable() {
  try {
    const res = await fetch("https://cdn.playwright.dev/", { method: "HEAD", signal: AbortSignal.timeout(5_000) });
    return res.status < 500;
  } catch {
    return false;
  }
}

export const INSTALLERS = [
  {
    name: "playwright install chromium",
    async applies() {
      return playwrightCdnReachable();
    },
    run() {
      const bin = path.join(root, "node_modules", ".bin", process.platform === "win32" ? "playwright.cmd" : "playwright");
      return spawnSync(bin, ["install", "chromium"], { stdio: "inherit", timeout: 600_000 }).status === 0;
    },
  },
  {
    name: "apt-get install chromium (Debian's package)",
    async applies() {
      if (process.platform !== "linux" || process.getuid?.() !== 0) return false;
      try {
        execFileSync("sh", ["-c", "command -v apt-get"], { stdio: "ignore" });
        return true;
      } catch {
        return false;
      }
    },
    run() {
      const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
      // Quiet unless it fails: apt prints hundreds of lines for chromium's dependencies.
      const quiet = (args, timeout) => {
        const r = spawnSync("apt-get", args, { env, timeout, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
        if (r.status !== 0) process.stderr.write(`${(r.stdout ?? "").split("\n").slice(-10).join("\n")}${r.stderr ?? ""}`);
        return r.status === 0;
      };
      return quiet(["update", "-qq"], 300_000) && quiet(["install", "-y", "-qq", "chromium"], 600_000);
    },
  },
];

export const MISSING =
  "No browser for the end-to-end tests: run `npx playwright install chromium`, or install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: `brew install --cask chromium`), or set PLAYWRIGHT_CHROMIUM_PATH; SKIP_E2E=1 skips them.";

/** Find a browser, or install one with the first installer that applies and works. */
export async function ensureBrowser({ find = findBrowser, installers = INSTALLERS, log = console.log } = {}) {
  const found = find();
  if (found) return found;
  for (const installer of installers) {
    if (!(await installer.applies())) continue;
    log(`no browser found: trying ${installer.name}`);
    if (installer.run()) {
      const now = find();
      if (now) return now;
    }
  }
  return null;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const found = await ensureBrowser();
  if (!found) {
    console.error(MISSING);
    process.exit(1);
  }
  console.log(`browser: ${found.source}`);
  if (found.path && !existsSync(found.path)) process.exit(1);
}
