"use client";

import { useId, useState } from "react";
import { compPlanAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/input";
import { ActionMessage } from "./action-message";

/** Comp a paid plan (100 % off forever in Stripe), with a reason, after a confirmation. */
export function CompPlanForm({ orgId, plans }: { orgId: string; plans: { key: string; name: string }[] }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [planKey, setPlanKey] = useState(plans[0]?.key ?? "");
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button variant="secondary" size="sm" onClick={() => setOpen(true)}>
        Comp a plan…
      </Button>
      <ActionMessage result={result} />
      <Dialog open={open} onClose={() => setOpen(false)} title="Give this organisation a plan for free?" description="Creates a Stripe subscription with a 100 %-off-forever coupon: invoices stay at $0, limits follow the plan, MRR counts it as $0. Audited.">
        <div className="space-y-3">
          <Field id={`${id}-plan`} label="Plan">
            <Select id={`${id}-plan`} value={planKey} onChange={(e) => setPlanKey(e.target.value)}>
              {plans.map((p) => (
                <option key={p.key} value={p.key}>
                  {p.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id={`${id}-reason`} label="Reason">
            <Input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} required />
          </Field>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={busy}>
              Not now
            </Button>
            <Button
              disabled={busy || reason.trim().length < 3}
              onClick={async () => {
                setBusy(true);
                const res = await compPlanAction({ orgId, planKey, reason });
                setBusy(false);
                setOpen(false);
                setResult(res.ok ? { ok: true, text: "Plan comped." } : { ok: false, text: res.error.message });
              }}
            >
              {busy ? "Working…" : "Comp the plan"}
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}
