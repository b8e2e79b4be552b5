import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import Stripe from "stripe";
import { sandbox } from "./harness";
import { customerWithCard, makePlan, stripe } from "./helpers";

/**
 * A customer's tax IDs and the invoice document: what Stripe prints for the customer (name, email,
 * address, tax IDs) is frozen on the invoice at finalisation, and `invoice_pdf` downloads a PDF of it.
 */
describe("tax IDs and the invoice PDF", () => {
  it("creates, lists, retrieves and deletes a customer's tax IDs in Stripe's format; a malformed value is refused", async () => {
    const { customer } = await customerWithCard();
    const vat = await stripe.customers.createTaxId(customer.id, { type: "gb_vat", value: "gb 123456789".replace(" ", "") });
    expect(vat).toMatchObject({ object: "tax_id", type: "gb_vat", value: "GB123456789", country: "GB", customer: customer.id, livemode: false, owner: { type: "customer", customer: customer.id } });
    expect(vat.id).toMatch(/^txi_/);
    const eu = await stripe.customers.createTaxId(customer.id, { type: "eu_vat", value: "DE123456789" });
    expect(eu.country).toBe("DE");
    expect((await stripe.customers.listTaxIds(customer.id)).data.map((t) => t.id).sort()).toEqual([vat.id, eu.id].sort());
    expect(await stripe.customers.retrieveTaxId(customer.id, vat.id)).toEqual(vat);

    const bad = await stripe.customers.createTaxId(customer.id, { type: "eu_vat", value: "not a vat" }).catch((e) => e);
    expect(bad).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect([bad.statusCode, bad.code, bad.param]).toEqual([400, "tax_id_invalid", "value"]);

    expect(await stripe.customers.deleteTaxId(customer.id, eu.id)).toEqual({ id: eu.id, object: "tax_id", deleted: true });
    expect((await stripe.customers.listTaxIds(customer.id)).data.map((t) => t.id)).toEqual([vat.id]);
    const gone = await stripe.customers.retrieveTaxId(customer.id, eu.id).catch((e) => e);
    expect(gone.code).toBe("resource_missing");
  });

  it("a finalised invoice carries the customer's name, address and tax IDs as they were, and its PDF shows them", async () => {
    const { month } = await makePlan(4900);
    const { customer } = await customerWithCard();
    await stripe.customers.update(customer.id, { name: "Acme Widgets Ltd", address: { line1: "1 High Street", city: "London", postal_code: "EC1A 1BB", country: "GB" } });
    await stripe.customers.createTaxId(customer.id, { type: "gb_vat", value: "GB123456789" });
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: month.id }], expand: ["latest_invoice"] });
    const inv = sub.latest_invoice as Stripe.Invoice;
    expect(inv).toMatchObject({
      status: "paid",
      customer_name: "Acme Widgets Ltd",
      customer_address: { line1: "1 High Street", city: "London", postal_code: "EC1A 1BB", country: "GB" },
      customer_tax_ids: [{ type: "gb_vat", value: "GB123456789" }],
    });
    expect(inv.invoice_pdf).toMatch(new RegExp(`/sandbox/invoices/${inv.id}/pdf$`));
    // Later changes to the customer do not rewrite a finalised invoice.
    await stripe.customers.update(customer.id, { name: "Renamed plc" });
    expect((await stripe.invoices.retrieve(inv.id!)).customer_name).toBe("Acme Widgets Ltd");

    const pdf = await sandbox.views.invoice.pdf(inv.id!);
    expect(pdf).not.toBeNull();
    const bytes = Buffer.from(pdf!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const { PDFDocument } = await import("pdf-lib");
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe(`Invoice ${inv.number}`);
    // The page's text (pdf-lib writes it as hex strings in the content stream): the customer, tax ID and total are there.
    const content = contentText(bytes);
    for (const s of ["Acme Widgets Ltd", "1 High Street", "EC1A 1BB London", "GB VAT GB123456789", `Invoice number ${inv.number}`, "$49.00"]) expect(content).toContain(s);
    expect(content).not.toContain("Renamed plc");
  });

  it("no PDF for an unknown invoice or a payment intent", async () => {
    expect(await sandbox.views.invoice.pdf("in_doesnotexist")).toBeNull();
  });
});

/** The text drawn on the PDF's pages: the `<hex> Tj` operators of its (Flate-compressed) content streams. */
function contentText(bytes: Buffer): string {
  const raw = bytes.toString("latin1");
  const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
    const data = Buffer.from(m[1]!, "latin1");
    try {
      return inflateSync(data).toString("latin1");
    } catch {
      return data.toString("latin1");
    }
  });
  return streams.flatMap((s) => [...s.matchAll(/<([0-9A-Fa-f]+)> Tj/g)].map((m) => Buffer.from(m[1]!, "hex").toString("latin1"))).join("\n");
}
