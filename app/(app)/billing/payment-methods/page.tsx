import type { Metadata } from "next";
import { randomUUID } from "node:crypto";
import { AddCardForm, CardActions } from "@/components/billing/payment-method-forms";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { cardEntry } from "@/lib/stripe/client";
import { getPaymentMethodsTab } from "@/lib/billing-ui/get-payment-methods-tab";
import { roleAtLeast } from "@/lib/orgs/roles";

export const metadata: Metadata = { title: "Payment methods · Billing" };
export const dynamic = "force-dynamic";

export default async function BillingPaymentMethodsPage() {
  const { org, role } = await orgPage("member", "/billing/payment-methods");
  const tab = await getPaymentMethodsTab(org.id);
  const canManage = roleAtLeast(role, "admin");
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Cards</CardTitle>
          <CardDescription>The default card pays your invoices.</CardDescription>
        </CardHeader>
        <CardContent>
          {tab.methods.length === 0 ? (
            <EmptyState title="No payment method yet" description={canManage ? "Add a card to subscribe to a paid plan or pay for overage." : "An owner or admin can add a card."} />
          ) : (
            <ul className="divide-y divide-slate-100" data-testid="payment-method-list">
              {tab.methods.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="payment-method">
                  <div>
                    <p className="font-medium text-slate-900">
                      <span className="capitalize">{m.brand ?? m.type}</span> ending in {m.last4 ?? "••••"} {m.isDefault ? <Badge tone="brand">Default</Badge> : null}
                    </p>
                    <p className="text-sm text-slate-500">
                      Expires {String(m.expMonth ?? "").padStart(2, "0")}/{m.expYear ?? ""}
                    </p>
                  </div>
                  {canManage ? <CardActions orgId={org.id} id={m.id} label={`${m.brand ?? "card"} ending in ${m.last4 ?? ""}`} isDefault={m.isDefault} removable={tab.removable || tab.methods.length > 1} /> : null}
                </li>
              ))}
            </ul>
          )}
          {tab.methods.length === 1 && !tab.removable ? <p className="mt-3 text-xs text-slate-500">Your only card cannot be removed while a paid subscription is active; add another card first.</p> : null}
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Add a card</CardTitle>
        </CardHeader>
        <CardContent>
          {!canManage ? (
            <Alert tone="info">Only owners and admins can add cards.</Alert>
          ) : cardEntry().kind === "sandbox" ? (
            <AddCardForm orgId={org.id} attemptId={randomUUID()} makeDefaultChecked={tab.methods.length === 0} />
          ) : (
            <Alert tone="info">Use &ldquo;Manage in Stripe&rdquo; above to add a card securely in the Customer Portal.</Alert>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
