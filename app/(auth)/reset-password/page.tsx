import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, CardContent, CardDescription, CardTitle, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { resetPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string; error?: string }> }) {
  const sp = await searchParams;
  const token = typeof sp.token === "string" ? sp.token : "";
  return (
    <Card>
      <CardContent className="space-y-4 py-6">
        <div>
          <CardTitle>Choose a new password</CardTitle>
          <CardDescription>Every session of your account ends: sign in again with the new password.</CardDescription>
        </div>
        {sp.error === "invalid_password" ? <Alert tone="error">Use 8 to 200 characters.</Alert> : null}
        {sp.error && sp.error !== "invalid_password" ? (
          <Alert tone="error">
            This link is invalid, already used or expired.{" "}
            <Link className="font-medium underline" href="/forgot-password">
              Ask for a new one
            </Link>
            .
          </Alert>
        ) : null}
        <form action={resetPasswordAction} className="space-y-4">
          <input type="hidden" name="token" value={token} />
          <Field id="password" label="New password">
            <Input id="password" name="password" type="password" autoComplete="new-password" required minLength={8} maxLength={200} />
          </Field>
          <SubmitButton className="w-full" pendingText="Saving…">
            Set new password
          </SubmitButton>
        </form>
      </CardContent>
    </Card>
  );
}
