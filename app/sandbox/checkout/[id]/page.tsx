import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert, Card, CardContent, CardHeader, CardTitle, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { sandboxOr404 } from "../../_lib/sandbox";
import { CardFields, money } from "../../_components/card-fields";
import { payCheckout } from "./actions";

export const metadata: Metadata = { title: "Sandbox checkout" };

type LineItem = { id: string; description: string; quantity: number | null; amount_total: number; currency: string; price: { recurring: { interval: string } | null } };

export default async function SandboxCheckoutPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string; auth?: string }> }) {
  const { id } = await params;
  const { error, auth } = await searchParams;
  const view = await (await sandboxOr404()).views.checkout.get(id);
  if (!view) notFound();
  const s = view.session as Record<string, unknown>;
  const items = (s.line_items as { data: LineItem[] }).data;
  const trialDays = view.trialDays;
  const open = s.status === "open";
  return (
    <Card>
      <CardHeader>
        <CardTitle>{s.mode === "setup" ? "Save a card" : s.mode === "subscription" ? "Subscribe" : "Pay"}</CardTitle>
      </CardHeader>
      <CardContent className="space-y-6">
        {items.length ? (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {items.map((li) => (
              <li key={li.id} className="flex justify-between px-4 py-3 text-sm">
                <span>{li.description}{li.quantity && li.quantity > 1 ? ` × ${li.quantity}` : ""}</span>
                <span className="font-medium">{money(li.amount_total, li.currency)}{li.price.recurring ? ` / ${li.price.recurring.interval}` : ""}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {trialDays ? <p className="text-sm text-slate-600">{trialDays}-day free trial: nothing is charged today.</p> : null}
        {!open ? <Alert tone="warning" title={`This checkout is ${String(s.status)}.`} /> : null}
        {error ? <Alert tone="error" title="Payment not completed">{error}</Alert> : null}
        {open ? (
          <form action={payCheckout} className="space-y-4">
            <input type="hidden" name="sessionId" value={id} />
            <CardFields withEmail={!s.customer} defaultEmail={view.customerEmail} />
            {s.allow_promotion_codes ? (
              <Field id="promotionCode" label="Promotion code">
                <Input id="promotionCode" name="promotionCode" />
              </Field>
            ) : null}
            {auth === "1" ? (
              <Alert tone="info" title="Authentication (sandbox 3-D Secure)">
                <label className="mt-2 flex items-center gap-2">
                  <input type="checkbox" name="authenticate" value="1" /> I approve this payment at my bank
                </label>
              </Alert>
            ) : null}
            <SubmitButton pendingText="Processing…" className="w-full">
              {s.mode === "setup"
                ? "Save card"
                : trialDays
                  ? `Start ${trialDays}-day free trial`
                  : s.amount_total
                    ? `Pay ${money(s.amount_total as number, String(s.currency ?? "usd"))}`
                    : "Start"}
            </SubmitButton>
          </form>
        ) : null}
        {open && s.cancel_url ? (
          <a className="block text-center text-sm text-slate-600 underline" href={String(s.cancel_url)}>Cancel and go back</a>
        ) : null}
      </CardContent>
    </Card>
  );
}
