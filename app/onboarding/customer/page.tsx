import { CustomerForm } from "@/components/onboarding/step-forms";
import { Stepper, StepFrame } from "@/components/onboarding/stepper";
import { COUNTRIES } from "@/lib/onboarding/countries";
import { getBillingDetails } from "@/lib/onboarding/get-billing-details";
import { openStep } from "../_lib/wizard";

export const dynamic = "force-dynamic";

export default async function CustomerStep() {
  const w = await openStep("customer");
  const orgId = w.ctx!.org.id;
  const org = await getBillingDetails(orgId);
  return (
    <>
      <Stepper {...w.progress} />
      <StepFrame title="Billing details" description="These appear on your invoices. We create your customer record with our payment provider now.">
        <CustomerForm
          orgId={orgId}
          countries={COUNTRIES}
          defaults={{ companyName: org.companyName ?? org.name, billingEmail: org.billingEmail ?? w.ctx!.user.email, country: org.country ?? "" }}
        />
      </StepFrame>
    </>
  );
}
