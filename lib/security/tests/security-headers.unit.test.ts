import { describe, expect, it } from "vitest";
import { securityHeaders } from "@/lib/security/security-headers";

const csp = (h: Record<string, string>) =>
  Object.fromEntries(h["Content-Security-Policy"]!.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("security headers", () => {
  it("allows nothing third-party in sandbox mode", () => {
    const h = securityHeaders({ stripeJs: false, production: true, development: false });
    const c = csp(h);
    expect(h["Content-Security-Policy"]).not.toContain("stripe.com");
    expect(c["frame-ancestors"]).toEqual(["'none'"]);
    expect(c["frame-src"]).toEqual(["'none'"]);
    expect(c["script-src"]).not.toContain("'unsafe-eval'");
    expect(h["Strict-Transport-Security"]).toMatch(/max-age=\d+/);
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
  });

  it("allows exactly Stripe.js's origins when Stripe keys are configured", () => {
    const c = csp(securityHeaders({ stripeJs: true, production: true, development: false }));
    expect(c["script-src"]).toContain("https://js.stripe.com");
    expect(c["frame-src"]).toEqual(["https://js.stripe.com", "https://hooks.stripe.com"]);
    expect(c["connect-src"]).toEqual(["'self'", "https://api.stripe.com"]);
  });

  it("sends HSTS only in production", () => {
    expect(securityHeaders({ stripeJs: false, production: false, development: true })["Strict-Transport-Security"]).toBeUndefined();
  });
});
