import type { Metadata } from "next";
import { signOutAction } from "@/app/(auth)/sign-out/actions";
import { CenteredPage } from "@/components/shell/centered-page";
import { AcceptInviteForm } from "@/components/settings/accept-invite-form";
import { Alert, ButtonLink, Card, CardContent } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { getSessionUser } from "@/lib/auth/guards";
import { nowMs } from "@/lib/clock";
import { findInvitation } from "@/lib/orgs/accept-invitation";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const inv = await findInvitation(token);
  const user = await getSessionUser();
  const here = `/invite/${encodeURIComponent(token)}`;

  let body: React.ReactNode;
  if (!inv || inv.revokedAt) {
    body = <Alert tone="error" title="This invitation link is not valid">Check that you copied the whole link, or ask for a new invitation.</Alert>;
  } else if (inv.acceptedAt) {
    body = (
      <Alert tone="info" title="This invitation has already been used">
        {user ? <a className="font-medium underline" href="/settings">Go to your settings</a> : "Sign in to continue."}
      </Alert>
    );
  } else if (inv.expiresAt.getTime() < nowMs()) {
    body = <Alert tone="warning" title="This invitation has expired">Ask an admin of {inv.orgName} to invite you again.</Alert>;
  } else if (!user) {
    const q = `callbackUrl=${encodeURIComponent(here)}&email=${encodeURIComponent(inv.email)}`;
    body = (
      <div className="space-y-3">
        <p className="text-sm text-slate-600">
          Sign in or create an account with <strong className="text-slate-900">{inv.email}</strong> to accept.
        </p>
        <ButtonLink href={`/sign-up?${q}`} className="w-full">
          Create an account
        </ButtonLink>
        <ButtonLink href={`/sign-in?${q}`} variant="secondary" className="w-full">
          I already have an account
        </ButtonLink>
      </div>
    );
  } else if (user.email.toLowerCase() !== inv.email) {
    body = (
      <div className="space-y-3">
        <Alert tone="warning" title="Wrong account">
          This invitation is for <strong>{inv.email}</strong>, but you are signed in as <strong>{user.email}</strong>. Sign out and sign in with the invited email.
        </Alert>
        <form action={signOutAction}>
          <SubmitButton variant="secondary" className="w-full">
            Sign out
          </SubmitButton>
        </form>
      </div>
    );
  } else {
    body = (
      <div className="space-y-3">
        <AcceptInviteForm token={token} orgName={inv.orgName} />
        <p className="text-center text-xs text-slate-500">Signed in as {user.email}</p>
      </div>
    );
  }

  return (
    <CenteredPage>
      <Card>
        <CardContent className="space-y-5 py-6">
          <div>
            <h1 className="text-xl font-semibold text-slate-900">{inv && !inv.revokedAt ? `Join ${inv.orgName}` : "Invitation"}</h1>
            {inv && !inv.revokedAt ? (
              <p className="mt-1 text-sm text-slate-500">
                You have been invited to join <strong className="text-slate-700">{inv.orgName}</strong> as {inv.role === "admin" ? "an admin" : "a member"}.
              </p>
            ) : null}
          </div>
          {body}
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
