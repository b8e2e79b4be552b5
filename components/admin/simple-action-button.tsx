"use client";

import { useState } from "react";
import { ConfirmButton } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/http/action";
import { reconcileNowAction, replayEventAction, replayFailedEventsAction, syncCustomerAction, takeSnapshotAction } from "@/app/admin/actions";
import { ActionMessage } from "./action-message";

/**
 * A button that confirms in a dialog, then calls a server action. Actions are passed by name from a
 * fixed map so server components can use this without passing functions.
 */
const ACTIONS = {
  syncCustomer: syncCustomerAction,
  replayEvent: replayEventAction,
  replayFailed: replayFailedEventsAction,
  reconcileNow: reconcileNowAction,
  snapshotNow: takeSnapshotAction,
} as const satisfies Record<string, (input: unknown) => Promise<ActionResult<unknown>>>;

export function SimpleActionButton({
  action,
  input,
  label,
  title,
  description,
  confirmLabel,
  done,
  variant = "secondary",
}: {
  action: keyof typeof ACTIONS;
  input: Record<string, string>;
  label: string;
  title: string;
  description?: string;
  confirmLabel: string;
  done: string;
  variant?: "primary" | "secondary" | "danger";
}) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-col items-start gap-1">
      <ConfirmButton
        label={label}
        title={title}
        description={description}
        confirmLabel={confirmLabel}
        variant={variant}
        onConfirm={async () => {
          const res = await ACTIONS[action](input);
          setResult(res.ok ? { ok: true, text: done } : { ok: false, text: res.error.message });
        }}
      />
      <ActionMessage result={result} />
    </div>
  );
}
