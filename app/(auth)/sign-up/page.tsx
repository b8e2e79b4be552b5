import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Card, CardContent } from "@/components/ui";
import { getSessionUser } from "@/lib/auth/guards";
import { safeRedirectPath } from "@/lib/http/safe-redirect";

export const metadata: Metadata = { title: "Create an account" };

type Search = Promise<{ callbackUrl?: string; email?: string }>;

export default async function SignUpPage({ searchParams }: { searchParams: Search }) {
  const sp = await searchParams;
  const callbackUrl = typeof sp.callbackUrl === "string" ? sp.callbackUrl : undefined;
  if (await getSessionUser()) redirect(safeRedirectPath(callbackUrl));
  return (
    <Card>
      <CardContent className="space-y-5 py-6">
        <div>
          <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
          <p className="mt-1 text-sm text-slate-500">Then set up your organisation — it takes a minute.</p>
        </div>
        <SignUpForm callbackUrl={callbackUrl} defaultEmail={typeof sp.email === "string" ? sp.email : undefined} />
      </CardContent>
    </Card>
  );
}
