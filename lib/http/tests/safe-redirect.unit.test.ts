import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "../safe-redirect";

describe("safeRedirectPath", () => {
  it.each([
    ["/settings", "/settings"],
    ["/invite/abc?x=1", "/invite/abc?x=1"],
    ["http://evil.example/settings", "/settings"],
    ["//evil.example", "/billing"],
    ["/\\evil.example", "/billing"],
    ["javascript:alert(1)", "/billing"],
    ["", "/billing"],
    [undefined, "/billing"],
    ["/sign-in?callbackUrl=/x", "/billing"],
  ])("%s → %s", (input, out) => {
    expect(safeRedirectPath(input)).toBe(out);
  });
});
