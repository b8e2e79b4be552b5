import { randomUUID } from "node:crypto";
import { ElementsCardForm } from "@/components/onboarding/elements-card-form";
import { SandboxCardForm } from "@/components/onboarding/sandbox-card-form";
import { Stepper, StepFrame } from "@/components/onboarding/stepper";
import { cardEntry } from "@/lib/stripe/client";
import { openStep } from "../_lib/wizard";

export const dynamic = "force-dynamic";

export default async function PaymentStep() {
  const w = await openStep("payment");
  const orgId = w.ctx!.org.id;
  const attemptId = randomUUID();
  const entry = cardEntry();
  return (
    <>
      <Stepper {...w.progress} />
      <StepFrame title="Payment method" description="Add the card your subscription will be charged to. Nothing is charged now.">
        {entry.kind === "sandbox" ? (
          <SandboxCardForm orgId={orgId} attemptId={attemptId} />
        ) : (
          <ElementsCardForm orgId={orgId} attemptId={attemptId} publishableKey={entry.publishableKey} />
        )}
      </StepFrame>
    </>
  );
}
