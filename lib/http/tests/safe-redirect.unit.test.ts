import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../safe-redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/settings", "/settings"],
    ["/invite/abc?x=1", "/invite/abc?x=1"],
    ["http://localhost:3000/settings?a=1#b", "/settings?a=1#b"],
    ["http://evil.example/settings", "/billing"],
    ["//evil.example", "/billing"],
    ["/\\evil.example", "/billing"],
    ["javascript:alert(1)", "/billing"],
    ["evil.example/x", "/billing"],
    ["", "/billing"],
    [undefined, "/billing"],
    ["/sign-in?callbackUrl=/x", "/billing"],
  ])("%s → %s", (input, out) => {
    expect(safeRedirectPath(input)).toBe(out);
  });

  // Issue 14 finding 3: `/sign-in?callbackUrl=%2F%09%2Fevil.example%2F` sent a signed-in user to
  // http://evil.example/ — the URL parser drops tab, CR and LF, so `/\t/host` is `//host`.
  it.each([
    "/\t/evil.example/",
    "/\r/evil.example/",
    "/\n/evil.example/",
    "/\t\\evil.example",
    "\t//evil.example",
    "/.//evil.example",
    "/%09/evil.example/x/..//",
    "http://localhost:3000//evil.example",
    "http://localhost:3000/.//evil.example",
  ])("refuses %j (resolves off-origin, or to a protocol-relative path)", (input) => {
    const out = safeRedirectPath(input);
    expect(new URL(out, "http://localhost:3000").origin).toBe("http://localhost:3000");
    expect(out.startsWith("//")).toBe(false);
    expect(out.replace(/[\t\r\n]/g, "").startsWith("//")).toBe(false);
  });
});
