import { describe, expect, it } from "vitest";
import { formatCents } from "@/components/admin/format";
import { formatMoney } from "@/lib/billing-ui/format";
import { describeCoupon } from "@/lib/onboarding/first-invoice-preview";

describe("the one money format", () => {
  it("integer cents → currency with two decimals; whole amounts can drop them", () => {
    expect(formatMoney(123456)).toBe("$1,234.56");
    expect(formatMoney(-500)).toBe("-$5.00");
    expect(formatMoney(9900, "usd", { whole: true })).toBe("$99");
    expect(formatMoney(9950, "usd", { whole: true })).toBe("$99.50");
    expect(formatMoney(1999, "eur")).toBe("€19.99");
  });

  it("zero-decimal currencies are whole units, not hundredths", () => {
    expect(formatMoney(1500, "jpy")).toBe("¥1,500");
    expect(formatMoney(1500, "JPY")).toBe("¥1,500");
  });

  it("the admin console, coupons and the sandbox pages format through it", () => {
    expect(formatCents(123456)).toBe(formatMoney(123456));
    expect(formatCents(1500, "jpy")).toBe("¥1,500");
    expect(formatCents(null)).toBe("—");
    expect(describeCoupon({ code: "TEN", percentOff: null, amountOffCents: 1000, duration: "once" } as never)).toBe("$10.00 off the first invoice");
  });
});
