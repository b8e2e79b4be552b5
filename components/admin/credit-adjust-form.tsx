"use client";

import { useId, useState } from "react";
import { adjustCreditsAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/input";
import { ActionMessage } from "./action-message";

/** Grant (promotional) or adjust (±) an organisation's credits, with a reason, after a confirmation. */
export function CreditAdjustForm({ orgId, balance }: { orgId: string; balance: number }) {
  const id = useId();
  const [kind, setKind] = useState<"grant" | "adjust">("grant");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(() => crypto.randomUUID());
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const n = Number(amount);
  const valid = Number.isInteger(n) && n !== 0 && (kind === "adjust" || n > 0) && reason.trim().length >= 3;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) setConfirming(true);
      }}
    >
      <div className="grid gap-3 sm:grid-cols-3">
        <Field id={`${id}-kind`} label="Type">
          <Select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as "grant" | "adjust")}>
            <option value="grant">Grant (promotional)</option>
            <option value="adjust">Adjust (+ or −)</option>
          </Select>
        </Field>
        <Field id={`${id}-amount`} label="Credits" hint={kind === "adjust" ? "Negative to deduct" : undefined}>
          <Input id={`${id}-amount`} inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value.trim())} placeholder="500" required />
        </Field>
        <Field id={`${id}-reason`} label="Reason">
          <Input id={`${id}-reason`} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Outage compensation" required minLength={3} maxLength={500} />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" size="sm" disabled={!valid}>
          Review…
        </Button>
        <ActionMessage result={result} />
      </div>
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        title={n > 0 ? `Give ${n.toLocaleString("en-US")} credits?` : `Deduct ${Math.abs(n).toLocaleString("en-US")} credits?`}
        description={`Balance ${balance.toLocaleString("en-US")} → ${(balance + (Number.isFinite(n) ? n : 0)).toLocaleString("en-US")}. Reason: “${reason.trim()}”. This is recorded in the audit log.`}
      >
        <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setConfirming(false)} disabled={busy} autoFocus>
            Cancel
          </Button>
          <Button
            variant={n > 0 ? "primary" : "danger"}
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const res = await adjustCreditsAction({ orgId, kind, amount: n, reason, idempotencyKey: key });
              setBusy(false);
              setConfirming(false);
              if (res.ok) {
                setResult({ ok: true, text: res.data.duplicate ? "Already applied." : `Done. New balance ${res.data.balance.toLocaleString("en-US")}.` });
                setAmount("");
                setReason("");
                setKey(crypto.randomUUID());
              } else setResult({ ok: false, text: res.error.message });
            }}
          >
            {busy ? "Working…" : "Confirm"}
          </Button>
        </div>
      </Dialog>
    </form>
  );
}
