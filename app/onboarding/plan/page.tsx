import { PlanPicker } from "@/components/onboarding/plan-picker";
import { Stepper, StepFrame } from "@/components/onboarding/stepper";
import { catalog } from "@/lib/billing/catalog";
import { buildPlanCards } from "@/lib/billing-ui/plan-cards";
import { openStep } from "../_lib/wizard";

export const dynamic = "force-dynamic";

export default async function PlanStep() {
  const w = await openStep("plan");
  const plan = w.status.plan;
  const hasCard = Boolean(w.status.payment_method_id);
  return (
    <>
      <Stepper {...w.progress} />
      <StepFrame title="Choose a plan" description={hasCard ? "Switch or cancel any time from the billing page." : "The Free plan needs no card; paid plans ask for one next."}>
        <PlanPicker
          orgId={w.ctx!.org.id}
          plans={buildPlanCards(catalog)}
          initial={{ planKey: plan && plan.key !== "free" ? plan.key : hasCard ? (catalog.plans.find((p) => p.highlighted)?.key ?? "free") : (plan?.key ?? "free"), interval: (plan?.interval as "month" | "year") ?? "month", code: plan?.discount_code ?? "" }}
        />
      </StepFrame>
    </>
  );
}
