"use client";

import { cn } from "@/components/ui";

/** Monthly / yearly switch (a radio group, keyboard-operable). */
export function IntervalToggle({ value, onChange, savingNote }: { value: "month" | "year"; onChange: (v: "month" | "year") => void; savingNote?: string | null }) {
  return (
    <fieldset className="flex flex-wrap items-center gap-3">
      <legend className="sr-only">Billing interval</legend>
      <div className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
        {(["month", "year"] as const).map((v) => (
          <label
            key={v}
            className={cn(
              "cursor-pointer rounded px-3 py-1.5 text-sm font-medium focus-within:outline-2 focus-within:outline-brand-600",
              value === v ? "bg-brand-600 text-white" : "text-slate-700 hover:bg-slate-100",
            )}
          >
            <input type="radio" name="interval-toggle" value={v} checked={value === v} onChange={() => onChange(v)} className="sr-only" />
            {v === "month" ? "Monthly" : "Yearly"}
          </label>
        ))}
      </div>
      {savingNote ? <span className="text-sm font-medium text-emerald-700">{savingNote}</span> : null}
    </fieldset>
  );
}
