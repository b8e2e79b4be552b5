import type { Metadata } from "next";
import { PlanManager } from "@/components/billing/plan-manager";
import { orgPage } from "@/lib/auth/page-guards";
import { roleAtLeast } from "@/lib/orgs/roles";
import { getPlansTab } from "@/lib/billing-ui/get-plans-tab";

export const metadata: Metadata = { title: "Plans · Billing" };
export const dynamic = "force-dynamic";

export default async function BillingPlansPage() {
  const { org, role } = await orgPage("member", "/billing/plans");
  const tab = await getPlansTab(org.id);
  return <PlanManager orgId={org.id} canManage={roleAtLeast(role, "admin")} {...tab} />;
}
