import { BillingTabs } from "@/components/billing/billing-tabs";
import { SandboxBanner } from "@/components/billing/sandbox-banner";
import { Toaster } from "@/components/billing/toast";
import { Alert, PageHeader } from "@/components/ui";
import { buttonClass } from "@/components/ui/button";
import { orgPage } from "@/lib/auth/page-guards";
import { roleAtLeast } from "@/lib/orgs/roles";
import { portalAction } from "./actions";

/** The billing dashboard frame: header with "Manage in Stripe" and the bell, the tabs, the sandbox banner. */
export default async function BillingLayout({ children }: { children: React.ReactNode }) {
  const { org, role } = await orgPage("member", "/billing");
  const canManage = roleAtLeast(role, "admin");
  return (
    <>
      <div className="-mx-4 -mt-8 mb-6 sm:-mx-6">
        <SandboxBanner />
      </div>
      <PageHeader
        title="Billing"
        description={`Plan, usage, credits and invoices for ${org.name}.`}
        actions={
          <div className="flex items-center gap-2">
            {canManage ? (
              <form action={portalAction}>
                <input type="hidden" name="orgId" value={org.id} />
                <button type="submit" className={buttonClass("secondary", "sm")}>
                  Manage in Stripe
                </button>
              </form>
            ) : null}
          </div>
        }
      />
      {canManage ? null : (
        <Alert tone="info" className="mb-6" data-testid="read-only-notice">
          You can view billing as a member. Only owners and admins of {org.name} can change the plan, payment methods or credits.
        </Alert>
      )}
      <BillingTabs />
      {children}
      <Toaster />
    </>
  );
}
