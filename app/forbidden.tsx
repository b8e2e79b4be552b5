import { CenteredPage } from "@/components/shell/centered-page";
import { ButtonLink, Card, CardContent } from "@/components/ui";

export const metadata = { title: "Access denied" };

export default function Forbidden() {
  return (
    <CenteredPage>
      <Card>
        <CardContent className="space-y-4 py-6 text-center">
          <p className="text-sm font-semibold text-brand-600">403</p>
          <h1 className="text-xl font-semibold text-slate-900">You don’t have access to this page</h1>
          <p className="text-sm text-slate-500">Your account does not have the role this page needs. If you think it should, ask an admin.</p>
          <ButtonLink href="/billing" variant="secondary">
            Back to the app
          </ButtonLink>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
