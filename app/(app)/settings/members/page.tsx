import type { Metadata } from "next";
import { InviteForm } from "@/components/settings/invite-form";
import { InvitationRowActions, LeaveOrgButton, MemberRowActions } from "@/components/settings/member-actions";
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
  const owners = members.filter((m) => m.role === "owner").length;
  // Only owners make, unmake or remove owners (lib/orgs/team-rules.ts); nobody manages their own row here.
  const manageable = (m: { userId: string; role: string }) => canManage && m.userId !== user.id && (role === "owner" || m.role !== "owner");
  const roleChoices = role === "owner" ? (["owner", "admin", "member"] as const) : (["admin", "member"] as const);
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
                {canManage ? <TH className="text-right">Manage</TH> : null}
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
                  {canManage ? (
                    <TD className="text-right">
                      {manageable(m) ? <MemberRowActions orgId={org.id} userId={m.userId} email={m.email} role={m.role} roles={[...roleChoices]} /> : null}
                    </TD>
                  ) : null}
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
                  {canManage ? <TH className="text-right">Manage</TH> : null}
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
                    {canManage ? (
                      <TD className="text-right">
                        <InvitationRowActions orgId={org.id} invitationId={p.id} email={p.email} />
                      </TD>
                    ) : null}
                  </TR>
                ))}
              </TBody>
            </Table>
          )}
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Leave {org.name}</CardTitle>
            <CardDescription>
              {role === "owner" && owners === 1
                ? "You are its only owner: make someone else an owner before you leave."
                : "You stop being a member; your account and your other organisations are not affected."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <LeaveOrgButton orgId={org.id} orgName={org.name} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
