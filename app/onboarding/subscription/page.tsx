import { ConfirmSubscriptionForm } from "@/components/onboarding/step-forms";
import { Stepper, StepFrame } from "@/components/onboarding/stepper";
import { formatDate, formatMoney } from "@/lib/billing-ui/format";
import { countryName } from "@/lib/onboarding/countries";
import { getSubscriptionSummary } from "@/lib/onboarding/get-subscription-summary";
import { openStep } from "../_lib/wizard";

export const dynamic = "force-dynamic";

function Row({ label, value, strong, testId }: { label: string; value: React.ReactNode; strong?: boolean; testId?: string }) {
  const money = typeof value === "string" && /^[−$]/.test(value);
  return (
    <div className="flex justify-between gap-4 py-2 text-sm">
      <dt className="text-slate-600">{label}</dt>
      <dd data-testid={testId} className={`text-right text-slate-900 ${money ? "whitespace-nowrap" : "min-w-0 break-words"} ${strong ? "font-semibold" : ""}`}>
        {value}
      </dd>
    </div>
  );
}

export default async function SubscriptionStep() {
  const w = await openStep("subscription");
  const s = await getSubscriptionSummary(w.ctx!.org.id);
  const p = s.preview;
  const free = p.subtotalCents === 0;
  const per = s.interval === "month" ? "month" : "year";
  return (
    <>
      <Stepper {...w.progress} />
      <StepFrame title="Review and confirm" description="Check the details of your subscription before it starts.">
        <div className="grid gap-6 sm:grid-cols-2">
          <section aria-labelledby="sum-plan">
            <h2 id="sum-plan" className="text-sm font-semibold text-slate-900">
              Plan
            </h2>
            <dl className="divide-y divide-slate-100">
              <Row label="Plan" value={`${s.plan.name} (${s.interval === "month" ? "monthly" : "yearly"})`} testId="summary-plan" />
              <Row label="Billed to" value={s.details.companyName ?? s.details.name} />
              <Row label="Billing email" value={s.details.billingEmail ?? "—"} />
              <Row label="Country" value={s.details.country ? countryName(s.details.country) : "—"} />
              {!free ? <Row label="Payment method" value={s.paymentMethodId ? `${s.paymentMethodLabel ?? "Card on file"} (default)` : "None"} /> : null}
            </dl>
          </section>
          <section aria-labelledby="sum-invoice">
            <h2 id="sum-invoice" className="text-sm font-semibold text-slate-900">
              First invoice preview
            </h2>
            <dl className="divide-y divide-slate-100">
              <Row label={`${s.plan.name} × 1 ${per}`} value={formatMoney(p.subtotalCents)} />
              {p.discountLabel ? <Row label={`Discount — ${p.discountLabel}`} value={`−${formatMoney(p.discountCents)}`} testId="summary-discount" /> : null}
              <Row label="Total per invoice" value={formatMoney(p.totalCents)} />
              {p.trialEnd ? <Row label="Free trial ends" value={formatDate(p.trialEnd)} testId="summary-trial-end" /> : null}
              <Row label="Amount due today" value={formatMoney(p.dueTodayCents)} strong testId="summary-due-today" />
              {!free && p.trialEnd ? <Row label={`First charge on ${formatDate(p.firstChargeAt)}`} value={formatMoney(p.firstChargeCents)} /> : null}
            </dl>
          </section>
        </div>
        <p className="mt-4 text-sm text-slate-500">
          {free
            ? "The Free plan costs nothing. Upgrade any time from the billing page."
            : p.trialEnd
              ? `You will not be charged today. Unless you cancel before ${formatDate(p.trialEnd)}, your card is charged ${formatMoney(p.firstChargeCents)} then, and ${formatMoney(p.renewalCents)} per ${per} after any discount ends.`
              : `Your card is charged ${formatMoney(p.dueTodayCents)} now, then ${formatMoney(p.renewalCents)} per ${per}.`}
        </p>
        <div className="mt-5 border-t border-slate-100 pt-4">
          <ConfirmSubscriptionForm orgId={w.ctx!.org.id} label={free ? "Start on the Free plan" : p.dueTodayCents > 0 ? `Subscribe and pay ${formatMoney(p.dueTodayCents)}` : "Start my subscription"} />
        </div>
      </StepFrame>
    </>
  );
}
