"use client";

import { useState } from "react";
import { compPlanAction } from "@/app/admin/actions";
import { Field, Select } from "@/components/ui/input";
import { ReasonedActionDialog } from "./reasoned-action-dialog";

/** Comp a paid plan (100 % off forever in Stripe), with a reason, after a confirmation. */
export function CompPlanForm({ orgId, plans }: { orgId: string; plans: { key: string; name: string }[] }) {
  const [planKey, setPlanKey] = useState(plans[0]?.key ?? "");
  return (
    <ReasonedActionDialog
      trigger="Comp a plan…"
      title="Give this organisation a plan for free?"
      description="Creates a Stripe subscription with a 100 %-off-forever coupon: invoices stay at $0, limits follow the plan, MRR counts it as $0. Audited."
      keepLabel="Not now"
      confirmLabel="Comp the plan"
      onConfirm={async (reason) => {
        const res = await compPlanAction({ orgId, planKey, reason });
        return res.ok ? { ok: true, text: "Plan comped." } : { ok: false, text: res.error.message };
      }}
    >
      {(id) => (
        <Field id={`${id}-plan`} label="Plan">
          <Select id={`${id}-plan`} value={planKey} onChange={(e) => setPlanKey(e.target.value)}>
            {plans.map((p) => (
              <option key={p.key} value={p.key}>
                {p.name}
              </option>
            ))}
          </Select>
        </Field>
      )}
    </ReasonedActionDialog>
  );
}
