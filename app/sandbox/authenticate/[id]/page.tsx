import type { Metadata } from "next";
import { Alert, Card, CardContent, CardHeader, CardTitle } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import { decide } from "./actions";

export const metadata: Metadata = { title: "Sandbox authentication" };

export default async function SandboxAuthenticatePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ status?: string }> }) {
  const { id } = await params;
  const { status } = await searchParams;
  return (
    <Card>
      <CardHeader><CardTitle>Confirm with your bank (sandbox 3-D Secure)</CardTitle></CardHeader>
      <CardContent className="space-y-4">
        {status ? <Alert tone={status === "succeeded" ? "success" : "warning"}>Status: {status}. You can close this page.</Alert> : null}
        {!status ? (
          <div className="flex gap-3">
            <form action={decide}><input type="hidden" name="intentId" value={id} /><input type="hidden" name="decision" value="approve" /><SubmitButton>Approve</SubmitButton></form>
            <form action={decide}><input type="hidden" name="intentId" value={id} /><input type="hidden" name="decision" value="fail" /><SubmitButton variant="danger">Fail authentication</SubmitButton></form>
          </div>
        ) : null}
      </CardContent>
    </Card>
  );
}
