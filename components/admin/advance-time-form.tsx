"use client";

import { useState } from "react";
import { advanceClockAction } from "@/app/admin/actions";
import { Button } from "@/components/ui/button";
import { inputClass } from "@/components/ui/input";
import { ActionMessage } from "./action-message";

/** Sandbox only: move the test clock forward (renewals, trial ends, failed payments, expiry) by any duration. */
export function AdvanceTimeForm({ now }: { now: string }) {
  const [advance, setAdvance] = useState("1d");
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <form
      className="flex flex-wrap items-center gap-2 text-sm"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        const res = await advanceClockAction({ advance });
        setBusy(false);
        setResult(res.ok ? { ok: true, text: `Clock now ${res.data.now.slice(0, 16).replace("T", " ")} UTC` } : { ok: false, text: res.error.message });
      }}
    >
      <span className="text-slate-600">
        Sandbox clock: <time dateTime={now}>{now.slice(0, 16).replace("T", " ")} UTC</time>
      </span>
      <label htmlFor="advance" className="sr-only">
        Advance by
      </label>
      <input
        id="advance"
        value={advance}
        onChange={(e) => setAdvance(e.target.value)}
        list="advance-presets"
        required
        pattern="\d{1,4}\s*[dhm]"
        title="A duration such as 15d, 12h or 30m"
        placeholder="15d"
        className={`${inputClass.replace("h-10 w-full", "h-8 w-28")}`}
      />
      <datalist id="advance-presets">
        <option value="1h">1 hour</option>
        <option value="1d">1 day</option>
        <option value="7d">7 days</option>
        <option value="15d">15 days (past a 14-day trial)</option>
        <option value="30d">30 days</option>
        <option value="366d">366 days (past a yearly renewal)</option>
      </datalist>
      <Button type="submit" size="sm" variant="secondary" disabled={busy}>
        {busy ? "Advancing…" : "Advance time"}
      </Button>
      <ActionMessage result={result} />
    </form>
  );
}
