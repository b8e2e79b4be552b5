import { describe, expect, it, vi } from "vitest";
import { renderToString } from "react-dom/server";
import { getStripe } from "@/lib/stripe/client";
import { sandbox } from "@/tests/sandbox";
import SandboxCheckoutPage from "../checkout/[id]/page";
import SandboxPortalPage from "../portal/[id]/page";
import SandboxInvoicePage from "../invoices/[id]/page";
import SandboxLayout from "../layout";

vi.mock("next/navigation", () => ({
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (url: string) => {
    throw new Error(`NEXT_REDIRECT ${url}`);
  },
}));

const stripe = getStripe();

async function render(el: Promise<React.ReactElement> | React.ReactElement) {
  return renderToString(await el).replace(/<!-- -->/g, "");
}

describe("sandbox hosted pages render", () => {
  it("checkout page: banner in the layout, line items, test-card hints, decline reason from the query", async () => {
    const product = await stripe.products.create({ name: "Pro" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 9900, recurring: { interval: "month" }, nickname: "Pro monthly" });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: price.id }], success_url: "http://x/ok", cancel_url: "http://x/back" });
    const layout = renderToString(await SandboxLayout({ children: null }));
    expect(layout).toContain("Sandbox — no real money");
    const html = await render(SandboxCheckoutPage({ params: Promise.resolve({ id: session.id }), searchParams: Promise.resolve({ error: "The card was declined by the bank. Try another card." }) }));
    expect(html).toContain("Pro monthly");
    expect(html).toContain("$99.00");
    expect(html).toContain("4000 0000 0000 0002");
    expect(html).toContain("The card was declined by the bank. Try another card.");
    await expect(SandboxCheckoutPage({ params: Promise.resolve({ id: "cs_test_nope" }), searchParams: Promise.resolve({}) })).rejects.toThrow("NEXT_NOT_FOUND");
  });

  it("portal page lists subscriptions, cards and invoices; invoice page shows totals", async () => {
    const product = await stripe.products.create({ name: "Starter" });
    const price = await stripe.prices.create({ product: product.id, currency: "usd", unit_amount: 2900, recurring: { interval: "month" } });
    const session = await stripe.checkout.sessions.create({ mode: "subscription", line_items: [{ price: price.id }], success_url: "http://x/ok", customer_email: "p@example.com" });
    const done = await (await sandbox()).views.checkout.complete(session.id, { card: { number: "4242424242424242" } });
    expect(done.ok).toBe(true);
    const s = await stripe.checkout.sessions.retrieve(session.id);
    const portal = await stripe.billingPortal.sessions.create({ customer: s.customer as string, return_url: "http://x/billing" });
    const html = await render(SandboxPortalPage({ params: Promise.resolve({ id: portal.id }), searchParams: Promise.resolve({}) }));
    expect(html).toContain("$29.00 / month");
    expect(html).toContain("•••• 4242");
    expect(html).toContain("Cancel at period end");
    const inv = await render(SandboxInvoicePage({ params: Promise.resolve({ id: s.invoice as string }) }));
    expect(inv).toContain("Total");
    expect(inv).toContain("$29.00");
  });
});
