"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { cancelAction, changePlanAction, previewChangeAction, resumeAction, startCheckoutAction } from "@/app/(app)/billing/actions";
import { IntervalToggle } from "@/components/billing/interval-toggle";
import { PlanCardView } from "@/components/billing/plan-card-view";
import { toast } from "@/components/billing/toast";
import { Alert, Button, Card, CardContent, CardHeader, CardTitle } from "@/components/ui";
import { ConfirmButton, Dialog } from "@/components/ui/dialog";
import { formatDate, formatMoney } from "@/lib/billing-ui/format";
import type { PlanCard } from "@/lib/billing-ui/plan-cards";
import type { PlanAction } from "@/lib/billing-ui/plan-changes";
import type { PlanChangePreview } from "@/lib/billing/preview-plan-change";

type Props = {
  orgId: string;
  canManage: boolean;
  plans: { card: PlanCard; actions: { month: PlanAction; year: PlanAction } }[];
  current: {
    planKey: string;
    interval: string;
    subscribed: boolean;
    planName: string;
    status: string | null;
    cancelAtPeriodEnd: boolean;
    periodEnd: string | null;
    pendingChange: { planKey?: string; interval?: string; effectiveAt?: string } | null;
  };
  losses: string[];
};

/** "Upgrade to …" only for a change that applies now and is not to a lower plan (planChangeKind's "upgrade"). */
const upgradeTitle = (t: { kind: PlanAction["kind"]; label: string }) => t.kind === "upgrade" && !t.label.startsWith("Downgrade");

const rid = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(36).slice(2)}`);

/** Plans tab: compare, upgrade/downgrade with the proration preview and a confirmation, cancel and resume. */
export function PlanManager({ orgId, canManage, plans, current, losses }: Props) {
  const router = useRouter();
  const [interval, setInterval] = useState<"month" | "year">(current.interval === "year" ? "year" : "month");
  const [target, setTarget] = useState<{ plan: PlanCard; kind: PlanAction["kind"]; label: string } | null>(null);
  const [preview, setPreview] = useState<PlanChangePreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [requestId, setRequestId] = useState("");

  async function open(plan: PlanCard, { kind, label }: PlanAction) {
    setError(null);
    setPreview(null);
    if (kind === "checkout") {
      setBusy(true);
      const r = await startCheckoutAction({ orgId, planKey: plan.key, interval, requestId: rid() });
      setBusy(false);
      if (!r.ok) return toast(r.error.message, "error");
      window.location.assign(r.data.url);
      return;
    }
    setTarget({ plan, kind, label });
    setRequestId(rid());
    const r = await previewChangeAction({ orgId, planKey: plan.key, interval });
    if (r.ok) setPreview(r.data);
    else setError(r.error.message);
  }

  async function confirm() {
    if (!target) return;
    setBusy(true);
    const r = await changePlanAction({ orgId, planKey: target.plan.key, interval, prorationDate: preview?.prorationDate, requestId });
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setTarget(null);
    // "upgrade" = applied now (during a trial a lower plan too); "downgrade" = scheduled for the period end
    toast(r.data.kind === "upgrade" ? `${upgradeTitle(target) ? "Upgraded" : "Changed"} to ${target.plan.name}.` : r.data.kind === "pending_change_cancelled" ? "Scheduled change cancelled." : `${target.plan.name} starts on ${formatDate(r.data.effectiveAt)}.`);
    router.refresh();
  }

  return (
    <div className="space-y-6">
      {current.pendingChange?.planKey ? (
        <Alert tone="info" title="A plan change is scheduled">
          Your plan changes to {plans.find((p) => p.card.key === current.pendingChange?.planKey)?.card.name ?? current.pendingChange.planKey} on {formatDate(current.pendingChange.effectiveAt)}.
        </Alert>
      ) : null}
      <IntervalToggle value={interval} onChange={setInterval} savingNote="Yearly billing saves about 17%" />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {plans.map(({ card, actions }) => {
          const a = actions[interval];
          const isCurrent = card.key === current.planKey && (!current.subscribed || current.interval === interval || card.free);
          return (
            <PlanCardView key={card.key} plan={card} interval={interval} current={isCurrent}>
              {a.kind === "current" || a.kind === "unavailable" ? (
                <p className="text-center text-sm text-slate-500">{a.label}</p>
              ) : (
                <Button className="w-full" variant={a.kind === "downgrade" ? "secondary" : "primary"} disabled={!canManage || busy} onClick={() => open(card, a)} title={canManage ? undefined : "Only owners and admins can change the plan"}>
                  {a.label}
                </Button>
              )}
            </PlanCardView>
          );
        })}
      </div>

      <Dialog open={target !== null} onClose={() => setTarget(null)} title={target ? `${upgradeTitle(target) ? "Upgrade" : "Change"} to ${target.plan.name} (${interval === "year" ? "yearly" : "monthly"})` : ""}>
        {error ? <Alert tone="error">{error}</Alert> : null}
        {!preview && !error ? <p className="text-sm text-slate-500">Calculating the prorated amount…</p> : null}
        {preview ? (
          <div className="space-y-3 text-sm" data-testid="proration-preview">
            {preview.kind === "upgrade" ? (
              <dl className="space-y-1">
                {preview.prorationChargeCents > 0 ? (
                  <div className="flex justify-between">
                    <dt className="text-slate-600">{target?.plan.name} for the rest of this period</dt>
                    <dd>{formatMoney(preview.prorationChargeCents, preview.currency)}</dd>
                  </div>
                ) : null}
                {preview.creditCents > 0 ? (
                  <div className="flex justify-between">
                    <dt className="text-slate-600">Credit for unused time on {current.planName}</dt>
                    <dd>−{formatMoney(preview.creditCents, preview.currency)}</dd>
                  </div>
                ) : null}
                {preview.discountCents > 0 ? (
                  <div className="flex justify-between">
                    <dt className="text-slate-600">Discount</dt>
                    <dd>−{formatMoney(preview.discountCents, preview.currency)}</dd>
                  </div>
                ) : null}
                <div className="flex justify-between border-t border-slate-100 pt-1 font-semibold">
                  <dt>Charged now</dt>
                  <dd data-testid="proration-amount">{formatMoney(preview.immediateChargeCents, preview.currency)}</dd>
                </div>
                <p className="pt-1 text-slate-500" data-testid="preview-then">
                  {current.status === "trialing" ? `Your trial continues on ${target?.plan.name}. ` : ""}
                  Then {formatMoney(preview.then.amountCents, preview.currency)} per {preview.to.interval}
                  {preview.then.discountCents > 0 ? ` (${formatMoney(preview.to.amountCents, preview.currency)} less your discount)` : ""}
                  {current.status === "trialing" ? ` from ${formatDate(preview.then.at)}` : ""}. The new limits apply at once.
                </p>
              </dl>
            ) : (
              <p>
                Nothing is charged now. You keep {current.planName} until <strong>{formatDate(preview.effectiveAt)}</strong>, then {target?.plan.name} costs {formatMoney(preview.then.amountCents, preview.currency)} per {preview.to.interval}.
              </p>
            )}
          </div>
        ) : null}
        <div className="mt-4 flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
          <Button variant="secondary" onClick={() => setTarget(null)} disabled={busy} autoFocus>
            Keep current plan
          </Button>
          <Button onClick={confirm} disabled={busy || !preview}>
            {busy ? "Working…" : preview?.kind === "upgrade" && preview.immediateChargeCents > 0 ? `Confirm and pay ${formatMoney(preview.immediateChargeCents, preview.currency)}` : "Confirm change"}
          </Button>
        </div>
      </Dialog>

      {current.subscribed ? (
        <Card id="cancel">
          <CardHeader>
            <CardTitle>{current.cancelAtPeriodEnd ? "Your subscription is set to end" : "Cancel subscription"}</CardTitle>
          </CardHeader>
          <CardContent className="space-y-3 text-sm text-slate-700">
            {current.cancelAtPeriodEnd ? (
              <>
                <p data-testid="cancel-scheduled">
                  {current.planName} ends on <strong>{formatDate(current.periodEnd)}</strong>; after that you are on the Free plan.
                </p>
                {canManage ? (
                  <ConfirmButton
                    label="Resume subscription"
                    variant="primary"
                    title={`Resume ${current.planName}?`}
                    description="Your subscription continues and renews as usual at the end of the period."
                    confirmLabel="Resume"
                    onConfirm={async () => {
                      const r = await resumeAction({ orgId });
                      if (!r.ok) return toast(r.error.message, "error");
                      toast(`${current.planName} resumed.`);
                      router.refresh();
                    }}
                  />
                ) : null}
              </>
            ) : (
              <>
                <p>You keep {current.planName} until the end of the current period ({formatDate(current.periodEnd)}); nothing is refunded and you are not charged again.</p>
                {canManage ? (
                  <ConfirmButton
                    label="Cancel subscription"
                    title={`Cancel ${current.planName} at the end of the period?`}
                    description={
                      <div>
                        <p>
                          On <strong>{formatDate(current.periodEnd)}</strong> you move to the Free plan and lose:
                        </p>
                        <ul className="mt-2 list-disc space-y-0.5 pl-5" data-testid="cancel-losses">
                          {losses.map((l) => (
                            <li key={l}>{l}</li>
                          ))}
                        </ul>
                        <p className="mt-2">You can resume any time before then.</p>
                      </div>
                    }
                    confirmLabel="Cancel at period end"
                    cancelLabel="Keep my plan"
                    onConfirm={async () => {
                      const r = await cancelAction({ orgId });
                      if (!r.ok) return toast(r.error.message, "error");
                      toast(`Cancelled: ${current.planName} ends on ${formatDate(r.data.effectiveAt)}.`);
                      router.refresh();
                    }}
                  />
                ) : null}
              </>
            )}
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
