/**
 * Page benches in headless Chromium against a PRODUCTION server (BENCH_HTTP_URL):
 *   dashboard TTFB  median TTFB of /billing (signed in as the demo customer) ÷ median TTFB of the static home page — target ≤ 3
 *   admin TTFB      median TTFB of /admin (signed in as the platform admin) ÷ the same static page — target ≤ 3
 *   LCP / CLS       largest contentful paint and cumulative layout shift of /billing (PerformanceObserver) — targets LCP ≤ 1.0 s, CLS 0
 * Credentials: BENCH_USER_EMAIL/BENCH_USER_PASSWORD and BENCH_ADMIN_EMAIL/BENCH_ADMIN_PASSWORD.
 */
import { existsSync } from "node:fs";
import { chromium, type Page } from "@playwright/test";
import { fmt, line, percentile } from "./lib";

const ARGS = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((u) => !u.pathname.startsWith("/sign-in"), { timeout: 30_000 });
}

async function ttfb(page: Page, url: string, samples: number): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < samples + 2; i++) {
    await page.goto(url, { waitUntil: "load" });
    const t = await page.evaluate(() => {
      const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      return n.responseStart - n.requestStart;
    });
    if (i >= 2) out.push(t); // the first two warm the server's caches
  }
  return percentile(out, 50);
}

async function vitals(page: Page, url: string) {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForTimeout(1500);
  return page.evaluate(
    () =>
      new Promise<{ lcp: number; cls: number }>((resolve) => {
        let lcp = 0;
        let cls = 0;
        new PerformanceObserver((l) => l.getEntries().forEach((e) => (lcp = Math.max(lcp, e.startTime)))).observe({ type: "largest-contentful-paint", buffered: true });
        new PerformanceObserver((l) =>
          l.getEntries().forEach((e) => {
            const s = e as PerformanceEntry & { value: number; hadRecentInput: boolean };
            if (!s.hadRecentInput) cls += s.value;
          }),
        ).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve({ lcp, cls }), 500);
      }),
  );
}

export async function pagesBench(base: string) {
  const samples = Number(process.env.BENCH_PAGE_SAMPLES ?? 15);
  const browser = await chromium.launch({ executablePath: existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined, args: ARGS });
  try {
    console.log(`\npages: ${base}, median of ${samples} loads each (headless Chromium)`);
    const user = await browser.newPage();
    await signIn(user, base, process.env.BENCH_USER_EMAIL ?? "demo@example.com", process.env.BENCH_USER_PASSWORD ?? "");
    const staticTtfb = await ttfb(user, `${base}/`, samples);
    const dash = await ttfb(user, `${base}/billing`, samples);
    const v = await vitals(user, `${base}/billing`);
    const admin = await browser.newPage();
    await signIn(admin, base, process.env.BENCH_ADMIN_EMAIL ?? "admin@example.com", process.env.BENCH_ADMIN_PASSWORD ?? "");
    const adminTtfb = await ttfb(admin, `${base}/admin`, samples);
    console.log(`  TTFB: static ${fmt(staticTtfb, 1)} ms, /billing ${fmt(dash, 1)} ms, /admin ${fmt(adminTtfb, 1)} ms; /billing LCP ${fmt(v.lcp)} ms, CLS ${fmt(v.cls, 3)}`);
    line("billing dashboard TTFB ÷ static page TTFB", dash / Math.max(staticTtfb, 0.1), "≤ 3");
    line("admin overview TTFB ÷ static page TTFB", adminTtfb / Math.max(staticTtfb, 0.1), "≤ 3");
    line("billing dashboard lab LCP (s)", v.lcp / 1000, "≤ 1.0");
    line("billing dashboard cumulative layout shift", v.cls, "0");
  } finally {
    await browser.close();
  }
}
