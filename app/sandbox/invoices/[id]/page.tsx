import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge, Card, CardContent, CardHeader, CardTitle } from "@/components/ui";
import { sandboxOr404 } from "../../_lib/sandbox";
import { day, money } from "../../_components/card-fields";

export const metadata: Metadata = { title: "Sandbox invoice" };

type Line = { id: string; description: string; amount: number; period: { start: number; end: number } };

/** The hosted invoice (and the PDF link's target): lines, discounts, totals, status. */
export default async function SandboxInvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const view = await (await sandboxOr404()).views.invoice.get(id);
  if (!view) notFound();
  const inv = view.invoice as Record<string, unknown>;
  const currency = String(inv.currency ?? "usd");
  if (inv.object === "payment_intent") {
    return (
      <Card>
        <CardHeader><CardTitle>Receipt</CardTitle></CardHeader>
        <CardContent className="text-sm">{money(inv.amount as number, currency)} — {String(inv.status)}</CardContent>
      </Card>
    );
  }
  const lines = (inv.lines as { data: Line[] }).data;
  const discount = ((inv.total_discount_amounts as { amount: number }[]) ?? []).reduce((a, d) => a + d.amount, 0);
  // What Stripe prints for the customer: frozen on the invoice when it was finalised.
  const address = (inv.customer_address ?? {}) as Record<string, string | null>;
  const billedTo = [
    inv.customer_name as string | null,
    (inv.customer_email as string | null) ?? (view.customer?.email as string | null),
    address.line1,
    address.line2,
    [address.postal_code, address.city, address.state].filter(Boolean).join(" ") || null,
    address.country,
    ...((inv.customer_tax_ids as { type: string; value: string }[] | null) ?? []).map((t) => `${t.type.replace("_", " ").toUpperCase()} ${t.value}`),
  ].filter((l): l is string => Boolean(l));
  return (
    <Card>
      <CardHeader>
        <CardTitle>Invoice {String(inv.number ?? inv.id)}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <div className="flex flex-wrap gap-4 text-slate-600">
          <span>Issued {day(inv.created as number)}</span>
          <Badge tone={inv.status === "paid" ? "success" : "warning"}>{String(inv.status)}</Badge>
          {inv.invoice_pdf ? (
            <a href={String(inv.invoice_pdf)} className="text-brand-700 underline">
              Download PDF
            </a>
          ) : null}
        </div>
        <address className="not-italic text-slate-700" data-testid="billed-to">
          <div className="text-xs uppercase tracking-wide text-slate-500">Billed to</div>
          {(billedTo.length ? billedTo : [String(inv.customer)]).map((l) => (
            <div key={l}>{l}</div>
          ))}
        </address>
        <table className="w-full">
          <tbody>
            {lines.map((l) => (
              <tr key={l.id} className="border-b border-slate-100">
                <td className="py-2">{l.description}<div className="text-xs text-slate-500">{day(l.period.start)} – {day(l.period.end)}</div></td>
                <td className="py-2 text-right">{money(l.amount, currency)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr><td className="pt-3">Subtotal</td><td className="pt-3 text-right">{money(inv.subtotal as number, currency)}</td></tr>
            {discount ? <tr><td>Discount</td><td className="text-right">−{money(discount, currency)}</td></tr> : null}
            <tr className="font-semibold"><td>Total</td><td className="text-right">{money(inv.total as number, currency)}</td></tr>
            <tr><td>Amount paid</td><td className="text-right">{money(inv.amount_paid as number, currency)}</td></tr>
            <tr><td>Amount due</td><td className="text-right">{money(inv.amount_remaining as number, currency)}</td></tr>
          </tfoot>
        </table>
      </CardContent>
    </Card>
  );
}
