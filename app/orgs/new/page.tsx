import type { Metadata } from "next";
import Link from "next/link";
import { CenteredPage } from "@/components/shell/centered-page";
import { CreateOrgForm } from "@/components/settings/create-org-form";
import { Card, CardContent } from "@/components/ui";
import { userPage } from "@/lib/auth/page-guards";
import { listUserOrganizations } from "@/lib/orgs/list-user-organizations";

export const metadata: Metadata = { title: "Create an organisation" };

export default async function NewOrgPage() {
  const user = await userPage("/orgs/new");
  const orgs = await listUserOrganizations(user.id);
  return (
    <CenteredPage>
      <Card>
        <CardContent className="space-y-5 py-6">
          <div>
            <h1 className="text-xl font-semibold text-slate-900">{orgs.length === 0 ? "Create your organisation" : "Create another organisation"}</h1>
            <p className="mt-1 text-sm text-slate-500">An organisation is who gets billed. Invite your team to it once it exists.</p>
          </div>
          <CreateOrgForm />
          {orgs.length > 0 ? (
            <p className="text-center text-sm">
              <Link href="/settings" className="font-medium text-brand-700 hover:underline">
                Back to {orgs[0]!.name}
              </Link>
            </p>
          ) : (
            <p className="text-center text-xs text-slate-500">Invited to an existing organisation? Open the link from your invitation instead.</p>
          )}
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
