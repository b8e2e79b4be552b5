import { CompletePanel } from "@/components/onboarding/complete-panel";
import { Stepper, StepFrame } from "@/components/onboarding/stepper";
import { env } from "@/lib/env";
import { openStep } from "../_lib/wizard";

export const dynamic = "force-dynamic";

export default async function CompleteStep() {
  const w = await openStep("complete");
  return (
    <>
      <Stepper {...w.progress} />
      <StepFrame title="You’re all set" description="Your organisation is provisioned. Create your first API key and call the API.">
        <CompletePanel orgId={w.ctx!.org.id} baseUrl={env.APP_URL} keyCreated={w.status.api_key_created} />
      </StepFrame>
    </>
  );
}
