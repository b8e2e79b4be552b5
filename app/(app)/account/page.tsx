import type { Metadata } from "next";
import { ResendVerificationForm } from "@/components/auth/resend-verification-form";
import { ChangeEmailForm, ChangePasswordForm } from "@/components/settings/account-forms";
import { SignOutEverywhereButton } from "@/components/settings/sign-out-everywhere-button";
import { Alert, Badge, Card, CardContent, CardDescription, CardHeader, CardTitle, EmptyState, PageHeader, Table, TBody, TD, TH, THead, TR } from "@/components/ui";
import { auth } from "@/lib/auth/auth";
import { getAccountOverview } from "@/lib/auth/get-account-overview";
import { describeUserAgent } from "@/lib/auth/sign-ins";
import { userPage } from "@/lib/auth/page-guards";

export const metadata: Metadata = { title: "Your account" };

const dateTime = (d: Date) => d.toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" }) + " UTC";

/** The signed-in person's own account: address, password, sessions (not an organisation's settings). */
export default async function AccountPage({ searchParams }: { searchParams: Promise<{ password?: string }> }) {
  const user = await userPage("/account");
  const sp = await searchParams;
  const session = await auth();
  const { emailVerified, sessionsRevokedAt, pendingEmail: pending, signIns } = await getAccountOverview(user.id, (session as { authAt?: unknown } | null)?.authAt);
  return (
    <>
      <PageHeader title="Your account" description="Your sign-in address, password and sessions. They are yours alone, whatever organisations you belong to." />
      <div className="space-y-6">
        <Card>
          <CardHeader>
            <CardTitle>Email address</CardTitle>
            <CardDescription>
              <span data-testid="account-email">{user.email}</span>{" "}
              {emailVerified ? <Badge tone="success">verified</Badge> : <Badge tone="warning">not verified</Badge>}
            </CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            {!emailVerified ? (
              <div className="max-w-md space-y-2">
                <Alert tone="warning">Confirm your address with the link we emailed you.</Alert>
                <ResendVerificationForm />
              </div>
            ) : null}
            {pending ? (
              <Alert tone="info">
                Waiting for confirmation of {pending.email}: open the link we sent there before {dateTime(pending.expires)}. Until then your address stays {user.email}.
              </Alert>
            ) : null}
            <ChangeEmailForm current={user.email} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Password</CardTitle>
            <CardDescription>Changing it signs you out everywhere else.</CardDescription>
          </CardHeader>
          <CardContent>
            <ChangePasswordForm changed={sp.password === "changed"} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Sessions</CardTitle>
            <CardDescription>
              {sessionsRevokedAt ? `Sessions signed in before ${dateTime(sessionsRevokedAt)} were ended.` : "Your recent sign-ins. Each stays signed in for up to 30 days unless you sign out everywhere."}
            </CardDescription>
          </CardHeader>
          {signIns.length ? (
            <Table>
              <THead>
                <tr>
                  <TH>Signed in</TH>
                  <TH>Browser</TH>
                  <TH>IP address</TH>
                  <TH>Status</TH>
                </tr>
              </THead>
              <TBody>
                {signIns.map((s) => (
                  <TR key={s.id} data-testid="session-row">
                    <TD className="whitespace-nowrap">{dateTime(s.at)}</TD>
                    <TD>{describeUserAgent(s.userAgent)}</TD>
                    <TD className="font-mono text-xs">{s.ip ?? "—"}</TD>
                    <TD>{s.current ? <Badge tone="brand">this browser</Badge> : s.active ? <Badge tone="success">active</Badge> : <Badge>ended</Badge>}</TD>
                  </TR>
                ))}
              </TBody>
            </Table>
          ) : (
            <CardContent>
              <EmptyState title="No sign-ins recorded yet" description="Sign-ins are listed from now on." />
            </CardContent>
          )}
          <CardContent>
            <SignOutEverywhereButton />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
