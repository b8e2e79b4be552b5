import type { Metadata } from "next";
import { InviteForm } from "@/components/settings/invite-form";
import { Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { orgPage } from "@/lib/auth/page-guards";
import { listMembers } from "@/lib/orgs/list-members";
import { roleAtLeast } from "@/lib/orgs/roles";

export const metadata: Metadata = { title: "Members" };

const date = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

export default async function MembersPage() {
  const { org, role, user } = await orgPage("member", "/settings/members");
  const { members, pending } = await listMembers(org.id);
  const canManage = roleAtLeast(role, "admin");
  return (
    <>
      <PageHeader title="Members" description={`People who can see and manage billing for ${org.name}.`} />
      <div className="space-y-6">
        {canManage ? (
          <Card>
            <CardHeader>
              <CardTitle>Invite someone</CardTitle>
              <CardDescription>Admins can manage members and API keys; members can view billing.</CardDescription>
            </CardHeader>
            <CardContent>
              <InviteForm orgId={org.id} />
            </CardContent>
          </Card>
        ) : null}
        <Card>
          <CardHeader>
            <CardTitle>Members ({members.length})</CardTitle>
            {!canManage ? <CardDescription>Only owners and admins can invite people.</CardDescription> : null}
          </CardHeader>
          <Table>
            <THead>
              <tr>
                <TH>Name</TH>
                <TH>Email</TH>
                <TH>Role</TH>
                <TH>Joined</TH>
              </tr>
            </THead>
            <TBody>
              {members.map((m) => (
                <TR key={m.userId}>
                  <TD className="font-medium text-slate-900">
                    {m.name ?? "—"}
                    {m.userId === user.id ? <span className="ml-2 text-xs text-slate-400">(you)</span> : null}
                  </TD>
                  <TD>{m.email}</TD>
                  <TD>
                    <Badge tone={m.role === "member" ? "neutral" : "brand"}>{m.role}</Badge>
                  </TD>
                  <TD className="whitespace-nowrap">{date(m.joinedAt)}</TD>
                </TR>
              ))}
            </TBody>
          </Table>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Pending invitations ({pending.length})</CardTitle>
          </CardHeader>
          {pending.length === 0 ? (
            <CardContent>
              <EmptyState title="No pending invitations" description={canManage ? "Invite a teammate above; the invitation shows here until they accept it." : undefined} />
            </CardContent>
          ) : (
            <Table>
              <THead>
                <tr>
                  <TH>Email</TH>
                  <TH>Role</TH>
                  <TH>Expires</TH>
                </tr>
              </THead>
              <TBody>
                {pending.map((p) => (
                  <TR key={p.id}>
                    <TD>{p.email}</TD>
                    <TD>
                      <Badge>{p.role}</Badge>
                    </TD>
                    <TD className="whitespace-nowrap">{date(p.expiresAt)}</TD>
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
