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
  return (
    <Card>
      <CardHeader>
        <CardTitle>Invoice {String(inv.number ?? inv.id)}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-4 text-sm">
        <div className="flex flex-wrap gap-4 text-slate-600">
          <span>Billed to {String(view.customer?.email ?? view.customer?.name ?? inv.customer)}</span>
          <span>Issued {day(inv.created as number)}</span>
          <Badge tone={inv.status === "paid" ? "success" : "warning"}>{String(inv.status)}</Badge>
        </div>
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
