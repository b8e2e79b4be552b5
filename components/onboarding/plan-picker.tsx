"use client";

import { useActionState, useEffect, useState } from "react";
import { checkDiscountAction, choosePlanAction, type StepState } from "@/app/onboarding/actions";
import { IntervalToggle } from "@/components/billing/interval-toggle";
import { PlanCardView } from "@/components/billing/plan-card-view";
import { Alert, Field, Input, cn } from "@/components/ui";
import { SubmitButton } from "@/components/ui/submit-button";
import type { PlanCard } from "@/lib/billing-ui/plan-cards";

type CodeState = { status: "idle" | "checking" | "ok" | "bad"; message?: string };

/** Step 4: plans side by side, monthly/yearly, and a discount code checked as you type. */
export function PlanPicker({ orgId, plans, initial }: { orgId: string; plans: PlanCard[]; initial: { planKey: string; interval: "month" | "year"; code: string } }) {
  const [state, action] = useActionState<StepState, FormData>(choosePlanAction, null);
  const [planKey, setPlanKey] = useState(initial.planKey);
  const [interval, setInterval] = useState<"month" | "year">(initial.interval);
  const [code, setCode] = useState(initial.code);
  const [codeState, setCodeState] = useState<CodeState>({ status: "idle" });
  const plan = plans.find((p) => p.key === planKey);
  const effectiveInterval = plan && plan.prices.year === null ? "month" : interval;
  const best = plans.reduce((m, p) => Math.max(m, p.yearlySavingCents && p.prices.month ? Math.round((p.yearlySavingCents / (p.prices.month * 12)) * 100) : 0), 0);

  useEffect(() => {
    const trimmed = code.trim();
    if (!trimmed || !plan || plan.free) {
      const t = setTimeout(() => setCodeState({ status: "idle" }), 0);
      return () => clearTimeout(t);
    }
    let live = true;
    const t = setTimeout(async () => {
      setCodeState({ status: "checking" });
      const r = await checkDiscountAction({ orgId, planKey, code: trimmed });
      if (!live) return;
      if (!r.ok) setCodeState({ status: "bad", message: r.error.message });
      else if (r.data.ok) setCodeState({ status: "ok", message: `${r.data.code}: ${r.data.label}` });
      else setCodeState({ status: "bad", message: r.data.reason });
    }, 350);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [code, planKey, orgId, plan]);

  return (
    <form action={action} className="space-y-5">
      {state && !state.ok ? <Alert tone="error">{state.error.message}</Alert> : null}
      <input type="hidden" name="orgId" value={orgId} />
      <input type="hidden" name="interval" value={effectiveInterval} />
      <IntervalToggle value={interval} onChange={setInterval} savingNote={best > 0 ? `Save up to ${best}% with yearly billing` : null} />
      <fieldset>
        <legend className="sr-only">Plan</legend>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          {plans.map((p) => (
            <label key={p.key} className={cn("block cursor-pointer rounded-lg focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand-600")}>
              <input type="radio" name="planKey" value={p.key} checked={planKey === p.key} onChange={() => setPlanKey(p.key)} className="sr-only" aria-label={`${p.name} plan`} />
              <PlanCardView plan={p} interval={interval} selected={planKey === p.key} />
            </label>
          ))}
        </div>
      </fieldset>
      {plan && !plan.free ? (
        <Field id="discount-code" label="Discount code (optional)">
          <Input
            id="discount-code"
            name="discountCode"
            value={code}
            onChange={(e) => setCode(e.target.value.toUpperCase())}
            autoComplete="off"
            maxLength={40}
            aria-invalid={codeState.status === "bad"}
            aria-describedby="discount-code-status"
          />
          <p id="discount-code-status" aria-live="polite" data-testid="discount-status" className={cn("text-sm", codeState.status === "bad" ? "text-red-600" : codeState.status === "ok" ? "text-emerald-700" : "text-slate-500")}>
            {codeState.status === "checking" ? "Checking…" : codeState.message ?? "Have a code? It is checked as you type."}
          </p>
        </Field>
      ) : null}
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-slate-600">
          {plan ? (
            <>
              <span className="font-medium text-slate-900">{plan.name}</span> · {plan.priceLabel[effectiveInterval] ?? plan.priceLabel.month}
              {plan.trialLabel ? ` · ${plan.trialLabel}` : ""}
            </>
          ) : (
            "Choose a plan"
          )}
        </p>
        <SubmitButton pendingText="Saving…" disabled={!plan || codeState.status === "bad" || codeState.status === "checking"}>
          Continue
        </SubmitButton>
      </div>
    </form>
  );
}
