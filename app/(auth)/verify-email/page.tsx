import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, CardContent, CardDescription, CardTitle } from "@/components/ui";
import { ResendVerificationForm } from "@/components/auth/resend-verification-form";
import { SubmitButton } from "@/components/ui/submit-button";
import { verifyEmailAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your email" };

type Search = Promise<{ token?: string; verified?: string; error?: string }>;

/** The emailed link lands here; the button confirms (a GET never changes anything). */
export default async function VerifyEmailPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : "";
  return (
    <Card>
      <CardContent className="space-y-4 py-6">
        <div>
          <CardTitle>Confirm your email</CardTitle>
          <CardDescription>We sent a link to your address when you signed up.</CardDescription>
        </div>
        {sp.verified ? (
          <Alert tone="success" title="Your email address is confirmed">
            <Link className="font-medium underline" href="/billing">
              Continue
            </Link>
          </Alert>
        ) : sp.error ? (
          <>
            <Alert tone="error">This link is invalid, already used or expired.</Alert>
            <ResendVerificationForm />
          </>
        ) : token ? (
          <form action={verifyEmailAction}>
            <input type="hidden" name="token" value={token} />
            <SubmitButton className="w-full" pendingText="Confirming…">
              Confirm my email address
            </SubmitButton>
          </form>
        ) : (
          <Alert tone="info">Open the link from the email we sent you.</Alert>
        )}
      </CardContent>
    </Card>
  );
}
