import { describe, expect, it } from "vitest";
import { creditsFor } from "@/lib/credits/consume-credits";

describe("catalog lookups by user-supplied names", () => {
  it("refuses Object.prototype's names as credit events (found by fuzzing: __proto__ was a 500)", () => {
    for (const event of ["__proto__", "constructor", "toString", "hasOwnProperty"]) {
      expect(() => creditsFor({ event, quantity: 3 })).toThrow(expect.objectContaining({ status: 400, code: "unknown_event" }));
    }
    expect(creditsFor({ event: "ai_inference", quantity: 2 })).toBe(50);
  });
});
