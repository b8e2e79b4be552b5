import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert, Badge, Card, CardContent, CardHeader, CardTitle, Select } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { sandboxOr404 } from "../../_lib/sandbox";
import { CardFields, day, money } from "../../_components/card-fields";
import { addCard, cancelSubscription, makeDefault, removeCard, resumeSubscription, switchPlan } from "./actions";

export const metadata: Metadata = { title: "Sandbox billing portal" };

type Obj = Record<string, unknown> & { id: string };
type Item = { price: Obj & { unit_amount: number | null; currency: string; recurring: { interval: string; usage_type: string } }; current_period_end: number };

export default async function SandboxPortalPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ error?: string; notice?: string }> }) {
  const { id } = await params;
  const { error, notice } = await searchParams;
  const view = await (await sandboxOr404()).views.portal.get(id);
  if (!view) notFound();
  const defaultPm = (view.customer?.invoice_settings as { default_payment_method: string | null } | undefined)?.default_payment_method;
  const hidden = <input type="hidden" name="sessionId" value={id} />;
  return (
    <div className="space-y-6">
      <div className="flex items-center justify-between">
        <h1 className="text-2xl font-semibold">Billing portal</h1>
        {view.session.return_url ? <a className="text-sm underline" href={String(view.session.return_url)}>Return to the app</a> : null}
      </div>
      {error ? <Alert tone="error" title="Not done">{error}</Alert> : null}
      {notice ? <Alert tone="success">{notice}</Alert> : null}

      <Card>
        <CardHeader><CardTitle>Subscriptions</CardTitle></CardHeader>
        <CardContent className="space-y-4">
          {view.subscriptions.length === 0 ? <p className="text-sm text-slate-600">No subscriptions.</p> : null}
          {view.subscriptions.map((sub) => {
            const items = (sub.items as { data: Item[] }).data;
            const main = items.find((i) => i.price.recurring.usage_type !== "metered") ?? items[0];
            const live = sub.status !== "canceled";
            return (
              <div key={sub.id} className="space-y-3 rounded-md border border-slate-200 p-4">
                <div className="flex flex-wrap items-center gap-2 text-sm">
                  <span className="font-medium">{money(main.price.unit_amount, main.price.currency)} / {main.price.recurring.interval}</span>
                  <Badge>{String(sub.status)}</Badge>
                  {sub.cancel_at_period_end ? <span className="text-amber-700">Ends {day(sub.cancel_at as number)}</span> : live ? <span className="text-slate-600">Renews {day(main.current_period_end)}</span> : null}
                </div>
                {live ? (
                  <div className="flex flex-wrap items-end gap-3">
                    <form action={switchPlan} className="flex items-end gap-2">
                      {hidden}
                      <input type="hidden" name="subscriptionId" value={sub.id} />
                      <Select name="priceId" defaultValue={main.price.id} aria-label="Plan">
                        {view.plans.map((p) => (
                          <option key={p.price.id} value={p.price.id}>
                            {p.productName} — {money(p.price.unit_amount as number, String(p.price.currency))} / {(p.price.recurring as { interval: string }).interval}
                          </option>
                        ))}
                      </Select>
                      <SubmitButton variant="secondary" pendingText="Switching…">Switch plan</SubmitButton>
                    </form>
                    <form action={sub.cancel_at_period_end ? resumeSubscription : cancelSubscription}>
                      {hidden}
                      <input type="hidden" name="subscriptionId" value={sub.id} />
                      <SubmitButton variant={sub.cancel_at_period_end ? "secondary" : "danger"}>
                        {sub.cancel_at_period_end ? "Don't cancel" : "Cancel at period end"}
                      </SubmitButton>
                    </form>
                  </div>
                ) : null}
              </div>
            );
          })}
        </CardContent>
      </Card>

      <Card>
        <CardHeader><CardTitle>Payment methods</CardTitle></CardHeader>
        <CardContent className="space-y-4">
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {view.paymentMethods.map((pm) => {
              const card = pm.card as { brand: string; last4: string; exp_month: number; exp_year: number };
              return (
                <li key={pm.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-3 text-sm">
                  <span>{card.brand} •••• {card.last4} (exp. {card.exp_month}/{card.exp_year}) {pm.id === defaultPm ? <Badge tone="success">Default</Badge> : null}</span>
                  <span className="flex gap-2">
                    {pm.id !== defaultPm ? (
                      <form action={makeDefault}>{hidden}<input type="hidden" name="paymentMethodId" value={pm.id} /><SubmitButton size="sm" variant="secondary">Make default</SubmitButton></form>
                    ) : null}
                    <form action={removeCard}>{hidden}<input type="hidden" name="paymentMethodId" value={pm.id} /><SubmitButton size="sm" variant="ghost">Remove</SubmitButton></form>
                  </span>
                </li>
              );
            })}
            {view.paymentMethods.length === 0 ? <li className="px-4 py-3 text-sm text-slate-600">No saved cards.</li> : null}
          </ul>
          <form action={addCard} className="space-y-4">
            {hidden}
            <CardFields />
            <SubmitButton pendingText="Saving…">Add card</SubmitButton>
          </form>
        </CardContent>
      </Card>

      <Card>
        <CardHeader><CardTitle>Invoices</CardTitle></CardHeader>
        <CardContent>
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
            {view.invoices.map((inv) => (
              <li key={inv.id} className="flex justify-between px-4 py-3 text-sm">
                <a className="underline" href={`/sandbox/invoices/${inv.id}`}>{String(inv.number ?? inv.id)}</a>
                <span>{day(inv.created as number)}</span>
                <span>{money(inv.total as number, String(inv.currency))}</span>
                <Badge tone={inv.status === "paid" ? "success" : inv.status === "open" ? "warning" : "neutral"}>{String(inv.status)}</Badge>
              </li>
            ))}
            {view.invoices.length === 0 ? <li className="px-4 py-3 text-sm text-slate-600">No invoices yet.</li> : null}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}
