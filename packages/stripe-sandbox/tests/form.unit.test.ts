import { describe, expect, it } from "vitest";
import { parseForm } from "../src/form";

describe("parseForm", () => {
  it("decodes nested objects and indexed arrays the way the SDK encodes them", () => {
    const body =
      "customer=cus_1&items[0][price]=price_a&items[0][quantity]=2&items[1][price]=price_b&metadata[org_id]=org%201&expand[0]=latest_invoice.payment_intent";
    expect(parseForm(body)).toEqual({
      customer: "cus_1",
      items: [{ price: "price_a", quantity: "2" }, { price: "price_b" }],
      metadata: { org_id: "org 1" },
      expand: ["latest_invoice.payment_intent"],
    });
  });

  it("handles [] appends, percent-encoded brackets, + as space and empty values", () => {
    expect(parseForm("lookup_keys[]=a&lookup_keys[]=b&name=A+B&metadata%5Bx%5D=&q")).toEqual({
      lookup_keys: ["a", "b"],
      name: "A B",
      metadata: { x: "" },
      q: "",
    });
  });

  it("orders numeric keys numerically (10 after 9) and keeps deep nesting", () => {
    const pairs = Array.from({ length: 11 }, (_, i) => `tiers[${i}][up_to]=${i}`).join("&");
    const out = parseForm(pairs) as { tiers: { up_to: string }[] };
    expect(out.tiers.map((t) => t.up_to)).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
    expect(parseForm("a[b][c][d]=1")).toEqual({ a: { b: { c: { d: "1" } } } });
  });

  it("returns {} for an empty body", () => {
    expect(parseForm("")).toEqual({});
  });
});
