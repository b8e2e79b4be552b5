import type { Metadata } from "next";
import { BillingDetailsForm } from "@/components/settings/billing-details-form";
import { RenameOrgForm } from "@/components/settings/rename-org-form";
import { getBillingDetails } from "@/lib/billing/get-billing-details";
import { TAX_ID_TYPES } from "@/lib/billing/update-billing-details";
import { COUNTRIES, countryName } from "@/lib/onboarding/countries";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, Field, Input, PageHeader } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { roleAtLeast } from "@/lib/orgs/roles";

export const metadata: Metadata = { title: "Organisation settings" };

type Search = Promise<{ created?: string; joined?: string }>;

export default async function SettingsPage({ searchParams }: { searchParams: Search }) {
  const { org, role } = await orgPage("member", "/settings");
  const sp = await searchParams;
  const canEdit = roleAtLeast(role, "admin");
  const details = await getBillingDetails(org.id);
  return (
    <>
      <PageHeader title="Organisation" description="The organisation is the customer that is billed: its plan, usage and invoices are shared by its members." />
      <div className="space-y-6">
        {sp.created ? <Alert tone="success">Organisation “{org.name}” created. Invite your team from Members.</Alert> : null}
        {sp.joined ? <Alert tone="success">You joined “{org.name}”.</Alert> : null}
        <Card>
          <CardHeader>
            <CardTitle>General</CardTitle>
            <CardDescription>
              Your role: <Badge tone={role === "member" ? "neutral" : "brand"}>{role}</Badge>
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-5">
            {canEdit ? (
              <RenameOrgForm orgId={org.id} name={org.name} />
            ) : (
              <Field id="org-name" label="Organisation name" hint="Only owners and admins can rename the organisation.">
                <Input id="org-name" value={org.name} readOnly aria-describedby="org-name-hint" />
              </Field>
            )}
            <Field id="org-id" label="Organisation ID" hint="Use it when talking to support or calling the API.">
              <Input id="org-id" value={org.id} readOnly aria-describedby="org-id-hint" className="font-mono" />
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Billing details</CardTitle>
            <CardDescription>These appear on your invoices and are kept on your Stripe customer.</CardDescription>
          </CardHeader>
          <CardContent>
            {canEdit ? (
              <BillingDetailsForm orgId={org.id} details={details} countries={COUNTRIES} taxIdTypes={TAX_ID_TYPES} />
            ) : (
              <dl className="space-y-1 text-sm" data-testid="billing-details">
                <div>Company: {details.companyName || "—"}</div>
                <div>Billing email: {details.billingEmail || "—"}</div>
                <div>
                  Address:{" "}
                  {details.address ? [details.address.line1, details.address.line2, `${details.address.postalCode} ${details.address.city}`, details.address.state].filter(Boolean).join(", ") : "—"}
                </div>
                <div>Country: {details.country ? countryName(details.country) : "—"}</div>
                <div>Tax ID: {details.taxId ? `${TAX_ID_TYPES.find((t) => t.type === details.taxId!.type)?.label ?? details.taxId.type} ${details.taxId.value}` : "—"}</div>
                <p className="text-slate-500">Only owners and admins can change the billing details.</p>
              </dl>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
