"use client";

import { useId, useState } from "react";
import { cancelSubscriptionAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/input";
import { ActionMessage } from "./action-message";

/** Cancel a subscription (at period end or now), with a reason, after a confirmation. */
export function CancelSubscriptionForm({ orgId, subscriptionId, planName }: { orgId: string; subscriptionId: string; planName: string }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [mode, setMode] = useState<"period_end" | "now">("period_end");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button variant="secondary" size="sm" className="text-red-700" onClick={() => setOpen(true)}>
        Cancel subscription…
      </Button>
      <ActionMessage result={result} />
      <Dialog open={open} onClose={() => setOpen(false)} title={`Cancel the ${planName} subscription?`} description="Stripe is updated first; the mirror is re-synced and the change is audited.">
        <div className="space-y-3">
          <Field id={`${id}-mode`} label="When">
            <Select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as "period_end" | "now")}>
              <option value="period_end">At the end of the current period</option>
              <option value="now">Immediately (no refund)</option>
            </Select>
          </Field>
          <Field id={`${id}-reason`} label="Reason">
            <Input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} required />
          </Field>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={busy}>
              Keep it
            </Button>
            <Button
              variant="danger"
              disabled={busy || reason.trim().length < 3}
              onClick={async () => {
                setBusy(true);
                const res = await cancelSubscriptionAction({ orgId, subscriptionId, mode, reason });
                setBusy(false);
                setOpen(false);
                setResult(res.ok ? { ok: true, text: mode === "now" ? "Cancelled." : "Will cancel at period end." } : { ok: false, text: res.error.message });
              }}
            >
              {busy ? "Working…" : "Cancel subscription"}
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}
