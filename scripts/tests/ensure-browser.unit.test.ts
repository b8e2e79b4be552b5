import { describe, expect, it, vi } from "vitest";
// @ts-expect-error -- a plain .mjs script (npm test's first step), no type declarations
import { ensureBrowser, MISSING } from "../ensure-browser.mjs";

type Installer = { name: string; applies: () => Promise<boolean>; run: () => boolean };
const installer = (name: string, applies: boolean, works: boolean, onRun?: () => void): Installer & { run: ReturnType<typeof vi.fn> } => ({
  name,
  applies: async () => applies,
  run: vi.fn(() => {
    onRun?.();
    return works;
  }),
});

describe("npm test's browser step (scripts/ensure-browser.mjs)", () => {
  it("uses a browser that is already there and installs nothing", async () => {
    const apt = installer("apt", true, true);
    const found = await ensureBrowser({ find: () => ({ path: "/usr/bin/chromium", source: "system" }), installers: [apt], log: () => {} });
    expect(found).toEqual({ path: "/usr/bin/chromium", source: "system" });
    expect(apt.run).not.toHaveBeenCalled();
  });

  it("installs with the first installer that applies, then finds what it installed", async () => {
    let installed = false;
    const playwright = installer("playwright install chromium", false, true); // no network
    const apt = installer("apt-get install chromium", true, true, () => (installed = true));
    const found = await ensureBrowser({ find: () => (installed ? { path: "/usr/bin/chromium", source: "system" } : null), installers: [playwright, apt], log: () => {} });
    expect(playwright.run).not.toHaveBeenCalled();
    expect(apt.run).toHaveBeenCalledOnce();
    expect(found?.path).toBe("/usr/bin/chromium");
  });

  it("gives up at once when nothing applies or works (the caller prints one line: what to install)", async () => {
    const failing = installer("apt", true, false);
    expect(await ensureBrowser({ find: () => null, installers: [installer("playwright", false, true), failing], log: () => {} })).toBeNull();
    expect(failing.run).toHaveBeenCalledOnce();
    expect(MISSING.split("\n")).toHaveLength(1);
    expect(MISSING).toMatch(/npx playwright install chromium/);
    expect(MISSING).toMatch(/apt-get install chromium/);
  });
});
