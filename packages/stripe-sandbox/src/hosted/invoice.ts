import { withSandbox } from "../session";
import { fmtDate, money } from "../billing/money";
import { findObject } from "../store";

/** An invoice (or a payment intent's receipt) for the hosted invoice page. */
export async function getInvoiceView(id: string) {
  return withSandbox(async (s) => {
    const invoice = (await findObject(s.tx, id, "invoice")) ?? (await findObject(s.tx, id, "payment_intent"));
    if (!invoice) return null;
    const customer = typeof invoice.customer === "string" ? await findObject(s.tx, invoice.customer, "customer") : null;
    return { invoice, customer };
  });
}

type Line = { description: string | null; amount: number; period?: { start: number; end: number } };

const day = (unix: number | null | undefined) => (unix ? fmtDate(unix) : "");

/**
 * The invoice as a PDF (what `invoice.invoice_pdf` downloads): seller, the customer as frozen at
 * finalisation (name, email, address, tax IDs), number and dates, each line with its period, discount,
 * totals and status. Null for an unknown or unfinalised invoice. pdf-lib with a standard font: no files.
 */
export async function renderInvoicePdf(id: string): Promise<Uint8Array | null> {
  const view = await getInvoiceView(id);
  if (!view || view.invoice.object !== "invoice" || view.invoice.status === "draft") return null;
  const inv = view.invoice as Record<string, unknown>;
  const { PDFDocument, StandardFonts, rgb } = await import("pdf-lib");
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Invoice ${String(inv.number)}`);
  pdf.setCreator("Billing Kit Stripe sandbox");
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const currency = String(inv.currency ?? "usd");
  let page = pdf.addPage([595.28, 841.89]); // A4
  let y = 790;
  // WinAnsi (the standard fonts' encoding) cannot show every character: replace what it cannot.
  const safe = (t: string) => t.replace(/[^\x20-\x7E\u00A0-\u00FF€–—‘’“”•…]/g, "?");
  const text = (t: string, x: number, opts: { size?: number; b?: boolean; right?: boolean } = {}) => {
    const size = opts.size ?? 10;
    const f = opts.b ? bold : font;
    const s = safe(t);
    page.drawText(s, { x: opts.right ? x - f.widthOfTextAtSize(s, size) : x, y, size, font: f, color: rgb(0.1, 0.1, 0.12) });
  };
  const next = (dy = 14) => {
    y -= dy;
    if (y < 60) {
      page = pdf.addPage([595.28, 841.89]);
      y = 790;
    }
  };
  text("Invoice", 50, { size: 22, b: true });
  text(String(inv.account_name ?? "Sandbox"), 545, { size: 12, b: true, right: true });
  next(28);
  text(`Invoice number ${String(inv.number)}`, 50);
  next();
  text(`Date of issue ${day((inv.effective_at as number) ?? (inv.created as number))}`, 50);
  next();
  if (inv.period_start && inv.period_end) {
    text(`Period ${day(inv.period_start as number)} – ${day(inv.period_end as number)}`, 50);
    next();
  }
  next(10);
  text("Bill to", 50, { b: true });
  next();
  const address = (inv.customer_address ?? {}) as Record<string, string | null>;
  const billTo = [
    inv.customer_name as string | null,
    inv.customer_email as string | null,
    address.line1,
    address.line2,
    [address.postal_code, address.city, address.state].filter(Boolean).join(" ") || null,
    address.country,
    ...((inv.customer_tax_ids as { type: string; value: string }[] | null) ?? []).map((t) => `${t.type.replace("_", " ").toUpperCase()} ${t.value}`),
  ].filter((l): l is string => Boolean(l));
  for (const l of billTo) {
    text(l, 50);
    next();
  }
  next(14);
  text("Description", 50, { b: true });
  text("Amount", 545, { b: true, right: true });
  next(18);
  for (const line of ((inv.lines as { data: Line[] }).data ?? [])) {
    text(String(line.description ?? "").slice(0, 90), 50);
    text(money(line.amount, currency), 545, { right: true });
    next(12);
    if (line.period) {
      text(`${day(line.period.start)} – ${day(line.period.end)}`, 60, { size: 8 });
      next(14);
    }
  }
  next(8);
  const discount = ((inv.total_discount_amounts as { amount: number }[] | null) ?? []).reduce((a, d) => a + d.amount, 0);
  const totals: [string, number, boolean][] = [
    ["Subtotal", inv.subtotal as number, false],
    ...(discount ? ([["Discount", -discount, false]] as [string, number, boolean][]) : []),
    ["Total", inv.total as number, true],
    ["Amount paid", inv.amount_paid as number, false],
    ["Amount due", inv.amount_remaining as number, true],
  ];
  for (const [label, amount, b] of totals) {
    text(label, 360, { b });
    text(money(amount, currency), 545, { b, right: true });
    next();
  }
  next(10);
  text(`Status: ${String(inv.status)}`, 50, { size: 9 });
  return pdf.save();
}
