import { StartForm } from "@/components/onboarding/step-forms";
import { Stepper, StepFrame } from "@/components/onboarding/stepper";
import { newId } from "@/lib/ids";
import { openStep } from "../_lib/wizard";

export const dynamic = "force-dynamic";

export default async function StartStep() {
  const w = await openStep("start");
  return (
    <>
      <Stepper {...w.progress} />
      <StepFrame title="Welcome — let’s set up your organisation" description="Your account is ready. Name the organisation you are billing for; you can change it later.">
        <StartForm orgId={newId("org")} />
      </StepFrame>
    </>
  );
}
