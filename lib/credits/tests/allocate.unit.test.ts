import { describe, expect, it } from "vitest";
import { allocate, orderGrants, splitHold, tokenCredits, type LiveGrant } from "../allocate";

const at = new Date("2026-11-21T00:00:00Z");
const g = (id: string, source: LiveGrant["source"], remaining: number, expires: string | null, created = "2026-01-01T00:00:00Z"): LiveGrant => ({
  id,
  source,
  remaining,
  expiresAt: expires ? new Date(expires) : null,
  createdAt: new Date(created),
});

describe("credit precedence", () => {
  const grants = [
    g("promo", "promotional", 10, "2026-12-01T00:00:00Z"),
    g("sub-late", "subscription", 10, "2026-12-20T00:00:00Z"),
    g("sub-soon", "subscription", 10, "2026-12-01T00:00:00Z"),
    g("bought", "purchased", 10, null),
    g("gone", "purchased", 10, "2026-11-01T00:00:00Z"),
  ];

  it("orders purchased → subscription → others, soonest expiry first", () => {
    expect(orderGrants(grants).map((x) => x.id)).toEqual(["gone", "bought", "sub-soon", "sub-late", "promo"]);
  });

  it("allocates across grants, skipping expired ones, and refuses when short", () => {
    expect(allocate(grants, 25, at)).toEqual([
      { grantId: "bought", amount: 10 },
      { grantId: "sub-soon", amount: 10 },
      { grantId: "sub-late", amount: 5 },
    ]);
    expect(allocate(grants, 40, at)).toHaveLength(4);
    expect(allocate(grants, 41, at)).toBeNull();
    expect(allocate([], 1, at)).toBeNull();
  });

  it("a custom precedence is honoured", () => {
    expect(allocate(grants, 5, at, ["promotional", "purchased"])).toEqual([{ grantId: "promo", amount: 5 }]);
  });
});

describe("hold proration", () => {
  const alloc = [{ grantId: "a", amount: 10 }, { grantId: "b", amount: 5 }];
  it("consumes the highest-precedence part and returns the rest", () => {
    expect(splitHold(alloc, 12)).toEqual({ consumed: [{ grantId: "a", amount: 10 }, { grantId: "b", amount: 2 }], returned: [{ grantId: "b", amount: 3 }] });
    expect(splitHold(alloc, 0)).toEqual({ consumed: [], returned: alloc });
    expect(splitHold(alloc, 15)).toEqual({ consumed: alloc, returned: [] });
  });
  it("token prices are per 1,000 tokens, rounded up", () => {
    expect(tokenCredits({ input: 5, output: 15 }, 2000, 3000)).toBe(55);
    expect(tokenCredits({ input: 1, output: 4 }, 1, 0)).toBe(1);
    expect(tokenCredits({ input: 1, output: 4 }, 0, 0)).toBe(0);
  });
});
