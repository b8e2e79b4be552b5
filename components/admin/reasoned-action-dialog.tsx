"use client";

import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/input";
import { ActionMessage } from "./action-message";

type Props = {
  trigger: string;
  title: string;
  description: string;
  /** Fields above the reason (they may use `${fieldId}-…` ids). */
  children: (fieldId: string) => ReactNode;
  keepLabel: string;
  confirmLabel: string;
  danger?: boolean;
  /** Runs the admin action with the typed reason; returns what to show next to the trigger. */
  onConfirm: (reason: string) => Promise<{ ok: boolean; text: string }>;
};

/** An admin action behind a confirmation dialog that asks for a reason (it goes into the audit log). */
export function ReasonedActionDialog({ trigger, title, description, children, keepLabel, confirmLabel, danger = false, onConfirm }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <Button variant="secondary" size="sm" className={danger ? "text-red-700" : undefined} onClick={() => setOpen(true)}>
        {trigger}
      </Button>
      <ActionMessage result={result} />
      <Dialog open={open} onClose={() => setOpen(false)} title={title} description={description}>
        <div className="space-y-3">
          {children(id)}
          <Field id={`${id}-reason`} label="Reason">
            <Input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} required />
          </Field>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={() => setOpen(false)} disabled={busy}>
              {keepLabel}
            </Button>
            <Button
              variant={danger ? "danger" : undefined}
              disabled={busy || reason.trim().length < 3}
              onClick={async () => {
                setBusy(true);
                const res = await onConfirm(reason);
                setBusy(false);
                setOpen(false);
                setResult(res);
              }}
            >
              {busy ? "Working…" : confirmLabel}
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  );
}
