import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, CardContent, CardDescription, CardTitle } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { confirmEmailChangeAction } from "./actions";

export const metadata: Metadata = { title: "Confirm your new email" };

type Search = Promise<{ token?: string; changed?: string; error?: string }>;

/** The link emailed to a new address lands here; the button makes the change (a GET never changes anything). */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : "";
  return (
    <Card>
      <CardContent className="space-y-4 py-6">
        <div>
          <CardTitle>Confirm your new email</CardTitle>
          <CardDescription>Your account moves to this address when you confirm. Your previous address gets a notice.</CardDescription>
        </div>
        {sp.changed ? (
          <Alert tone="success" title="Your email address is changed">
            Sign in with the new address from now on.{" "}
            <Link className="font-medium underline" href="/account">
              Account settings
            </Link>
          </Alert>
        ) : sp.error ? (
          <Alert tone="error">
            {sp.error === "email_taken"
              ? "This address has an account of its own now, so it cannot be moved onto yours."
              : "This link is invalid, already used or expired. Ask for a new one from your account settings."}
          </Alert>
        ) : token ? (
          <form action={confirmEmailChangeAction}>
            <input type="hidden" name="token" value={token} />
            <SubmitButton className="w-full" pendingText="Confirming…">
              Use this email address
            </SubmitButton>
          </form>
        ) : (
          <Alert tone="info">Open the link from the email we sent to your new address.</Alert>
        )}
      </CardContent>
    </Card>
  );
}
