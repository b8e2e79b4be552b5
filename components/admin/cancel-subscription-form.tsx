"use client";

import { useState } from "react";
import { cancelSubscriptionAction } from "@/app/admin/actions";
import { Field, Select } from "@/components/ui/input";
import { ReasonedActionDialog } from "./reasoned-action-dialog";

/** Cancel a subscription (at period end or now), with a reason, after a confirmation. */
export function CancelSubscriptionForm({ orgId, subscriptionId, planName }: { orgId: string; subscriptionId: string; planName: string }) {
  const [mode, setMode] = useState<"period_end" | "now">("period_end");
  return (
    <ReasonedActionDialog
      trigger="Cancel subscription…"
      title={`Cancel the ${planName} subscription?`}
      description="Stripe is updated first; the mirror is re-synced and the change is audited."
      keepLabel="Keep it"
      confirmLabel="Cancel subscription"
      danger
      onConfirm={async (reason) => {
        const res = await cancelSubscriptionAction({ orgId, subscriptionId, mode, reason });
        return res.ok ? { ok: true, text: mode === "now" ? "Cancelled." : "Will cancel at period end." } : { ok: false, text: res.error.message };
      }}
    >
      {(id) => (
        <Field id={`${id}-mode`} label="When">
          <Select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as "period_end" | "now")}>
            <option value="period_end">At the end of the current period</option>
            <option value="now">Immediately (no refund)</option>
          </Select>
        </Field>
      )}
    </ReasonedActionDialog>
  );
}
