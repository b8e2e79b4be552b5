import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardTitle } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { signOutAction } from "./actions";

export const metadata: Metadata = { title: "Sign out" };

export default function SignOutPage() {
  return (
    <Card>
      <CardContent className="space-y-4 py-6">
        <div>
          <CardTitle>Sign out?</CardTitle>
          <CardDescription>You will need your email and password to sign in again.</CardDescription>
        </div>
        <form action={signOutAction}>
          <SubmitButton className="w-full" pendingText="Signing out…">
            Sign out
          </SubmitButton>
        </form>
      </CardContent>
    </Card>
  );
}
