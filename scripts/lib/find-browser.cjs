// Where is a Chromium that Playwright can drive? Shared by scripts/ensure-browser.mjs (npm test, which
// installs one if none is found) and playwright.config.ts (which launches what this finds). CommonJS, so
// both plain Node (the script) and Playwright's config loader (which compiles the config to CommonJS) load it.
const { execFileSync } = require("node:child_process");
const { existsSync } = require("node:fs");

/** Playwright's own Chromium, if `playwright install chromium` has put it in place. */
function playwrightChromium() {
  try {
    const { chromium } = require("playwright-core");
    const p = chromium.executablePath();
    return p && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const SYSTEM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/snap/bin/chromium",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/opt/google/chrome/chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
  "C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe",
];
const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/** A Chromium or Chrome installed by the system (the usual paths, then the usual names on PATH). */
function systemChromium() {
  for (const p of SYSTEM_PATHS) if (existsSync(p)) return p;
  if (process.platform === "win32") return null;
  for (const name of SYSTEM_NAMES) {
    try {
      const p = execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
      if (p && existsSync(p)) return p;
    } catch {
      /* not on PATH */
    }
  }
  return null;
}

/**
 * The browser to launch: `PLAYWRIGHT_CHROMIUM_PATH` when set, else Playwright's own Chromium, else a
 * system one. `{ path: null }` means Playwright's default (its own Chromium).
 */
function findBrowser() {
  const fromEnv = process.env.PLAYWRIGHT_CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return { path: fromEnv, source: "PLAYWRIGHT_CHROMIUM_PATH" };
  const managed = playwrightChromium();
  if (managed) return { path: null, source: `Playwright's Chromium (${managed})` };
  const system = systemChromium();
  if (system) return { path: system, source: `system Chromium (${system})` };
  return null;
}

module.exports = { playwrightChromium, systemChromium, findBrowser };
