import type { Metadata } from "next";
import { Card, CardContent, CardDescription, CardTitle } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { signOutAction, signOutEverywhereAction } from "./actions";

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
        <form action={signOutEverywhereAction}>
          <SubmitButton variant="secondary" className="w-full" pendingText="Signing out everywhere…">
            Sign out everywhere
          </SubmitButton>
        </form>
        <p className="text-xs text-slate-500">“Everywhere” ends every session of your account, on every device.</p>
      </CardContent>
    </Card>
  );
}
