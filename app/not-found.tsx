import { CenteredPage } from "@/components/shell/centered-page";
import { ButtonLink, Card, CardContent } from "@/components/ui";

export const metadata = { title: "Not found" };

export default function NotFound() {
  return (
    <CenteredPage>
      <Card>
        <CardContent className="space-y-4 py-6 text-center">
          <p className="text-sm font-semibold text-brand-600">404</p>
          <h1 className="text-xl font-semibold text-slate-900">Page not found</h1>
          <p className="text-sm text-slate-500">This page does not exist, or it belongs to an organisation you are not a member of.</p>
          <ButtonLink href="/billing" variant="secondary">
            Back to the app
          </ButtonLink>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
