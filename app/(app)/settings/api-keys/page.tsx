import type { Metadata } from "next";
import { CreateApiKeyForm } from "@/components/settings/create-api-key-form";
import { RevokeApiKeyButton } from "@/components/settings/revoke-api-key-button";
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { listApiKeys } from "@/lib/auth/list-api-keys";
import { orgPage } from "@/lib/auth/page-guards";
import { roleAtLeast } from "@/lib/orgs/roles";

export const metadata: Metadata = { title: "API keys" };

const when = (d: Date | null) =>
  d ? d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC" : "Never";

export default async function ApiKeysPage() {
  const { org, role } = await orgPage("member", "/settings/api-keys");
  const description = (
    <>
      Keys let your backend call the billing API as {org.name}: send <code className="rounded bg-slate-100 px-1 font-mono text-xs text-slate-700">Authorization: Bearer &lt;key&gt;</code>.
    </>
  );
  if (!roleAtLeast(role, "admin")) {
    return (
      <>
        <PageHeader title="API keys" description={description} />
        <Alert tone="info" title="Only owners and admins can manage API keys">
          Ask an owner or admin of {org.name} to create a key for you.
        </Alert>
      </>
    );
  }
  const keys = await listApiKeys(org.id);
  return (
    <>
      <PageHeader title="API keys" description={description} />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Create a key</CardTitle>
            <CardDescription>The full key is shown once. Keep it secret: anyone with it can act for your organisation.</CardDescription>
          </CardHeader>
          <CardContent>
            <CreateApiKeyForm orgId={org.id} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Active keys ({keys.length})</CardTitle>
          </CardHeader>
          {keys.length === 0 ? (
            <CardContent>
              <EmptyState title="No API keys yet" description="Create one above to call the API from your backend." />
            </CardContent>
          ) : (
            <Table>
              <THead>
                <tr>
                  <TH>Name</TH>
                  <TH>Key</TH>
                  <TH>Scopes</TH>
                  <TH>Created</TH>
                  <TH>Last used</TH>
                  <TH className="text-right">
                    <span className="sr-only">Actions</span>
                  </TH>
                </tr>
              </THead>
              <TBody>
                {keys.map((k) => (
                  <TR key={k.id} data-testid="api-key-row">
                    <TD className="font-medium text-slate-900">{k.name}</TD>
                    <TD>
                      <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">{k.prefix}…</code>
                    </TD>
                    <TD className="text-xs text-slate-600" data-testid="api-key-scopes">
                      {k.scopes.length === 5 ? "all" : k.scopes.join(", ")}
                    </TD>
                    <TD className="whitespace-nowrap">{when(k.createdAt)}</TD>
                    <TD className="whitespace-nowrap">{when(k.lastUsedAt)}</TD>
                    <TD className="text-right">
                      <RevokeApiKeyButton orgId={org.id} keyId={k.id} name={k.name} prefix={k.prefix} />
                    </TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
