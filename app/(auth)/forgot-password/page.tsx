import type { Metadata } from "next";
import Link from "next/link";
import { Alert, Card, CardContent, CardDescription, CardTitle, Field, Input } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { requestResetAction } from "./actions";

export const metadata: Metadata = { title: "Forgot password" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: Promise<{ sent?: string; error?: string }> }) {
  const sp = await searchParams;
  return (
    <Card>
      <CardContent className="space-y-4 py-6">
        <div>
          <CardTitle>Forgot your password?</CardTitle>
          <CardDescription>We will email you a link to choose a new one. It works once, for an hour.</CardDescription>
        </div>
        {sp.sent ? <Alert tone="success">If an account uses that address, a link is on its way.</Alert> : null}
        {sp.error ? <Alert tone="error">{sp.error === "rate_limited" ? "Too many requests from your network. Try again later." : "Enter a valid email address."}</Alert> : null}
        <form action={requestResetAction} className="space-y-4">
          <Field id="email" label="Email">
            <Input id="email" name="email" type="email" autoComplete="email" required />
          </Field>
          <SubmitButton className="w-full" pendingText="Sending…">
            Email me a link
          </SubmitButton>
        </form>
        <p className="text-center text-sm text-slate-600">
          <Link className="font-medium text-brand-700 hover:underline" href="/sign-in">
            Back to sign in
          </Link>
        </p>
      </CardContent>
    </Card>
  );
}
