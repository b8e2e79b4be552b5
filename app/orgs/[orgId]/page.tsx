import type { Metadata } from "next";
import { CenteredPage } from "@/components/shell/centered-page";
import { AutoSubmitForm } from "@/components/shell/auto-submit";
import { Card, CardContent } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { orgPage } from "@/lib/auth/page-guards";
import { switchOrgAction } from "./actions";

export const metadata: Metadata = { title: "Switch organisation" };

/** /orgs/<id>: switch the active organisation. Not a member → 404 (same as a missing id). */
export default async function SwitchOrgPage({ params, searchParams }: { params: Promise<{ orgId: string }>; searchParams: Promise<{ next?: string }> }) {
  const { orgId } = await params;
  const { next } = await searchParams;
  const { org } = await orgPage("member", `/orgs/${encodeURIComponent(orgId)}`, orgId);
  return (
    <CenteredPage>
      <Card>
        <CardContent className="space-y-4 py-6 text-center">
          <p className="text-sm text-slate-600" role="status">
            Switching to <strong className="text-slate-900">{org.name}</strong>…
          </p>
          <AutoSubmitForm action={switchOrgAction}>
            <input type="hidden" name="orgId" value={org.id} />
            <input type="hidden" name="next" value={typeof next === "string" ? next : "/settings"} />
            <SubmitButton pendingText="Switching…">Continue to {org.name}</SubmitButton>
          </AutoSubmitForm>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
