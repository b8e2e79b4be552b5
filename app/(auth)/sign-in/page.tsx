import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { Alert, Card, CardContent } from "@/components/ui";
import { getSessionUser } from "@/lib/auth/guards";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

export const metadata: Metadata = { title: "Sign in" };

type Search = Promise<{ callbackUrl?: string; error?: string; signedOut?: string; email?: string }>;

export default async function SignInPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const callbackUrl = typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined;
  if (await getSessionUser()) redirect(safeRedirectPath(callbackUrl));
  return (
    <Card>
      <CardContent className="space-y-5 py-6">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Welcome back. Sign in to manage billing for your organisation.</p>
        </div>
        {sp.signedOut ? <Alert tone="success">You have signed out.</Alert> : null}
        {sp.error ? <Alert tone="error">{sp.error === "CredentialsSignin" ? "Wrong email or password." : "Sign-in failed. Try again."}</Alert> : null}
        <SignInForm callbackUrl={callbackUrl} defaultEmail={typeof sp.email === "string" ? sp.email : undefined} />
      </CardContent>
    </Card>
  );
}
