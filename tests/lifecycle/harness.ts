import { desc, eq } from "drizzle-orm";
import { NextRequest } from "next/server";
import type Stripe from "stripe";
import { POST as webhookPOST } from "@/app/api/webhooks/stripe/route";
import { db } from "@/db";
import { invoices, notifications, paymentMethods, stripeCustomers, subscriptions, users } from "@/db/schema";
import { adminAdjustCredits } from "@/lib/analytics/admin-adjust-credits";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";
import { getCatalogIds } from "@/lib/billing/catalog-ids";
import { changePlan } from "@/lib/billing/change-plan";
import { attachPaymentMethod } from "@/lib/billing/payment-methods";
import { previewPlanChange } from "@/lib/billing/preview-plan-change";
import { invalidateOrgPlan } from "@/lib/billing/resolve-org-plan";
import { resumeSubscription } from "@/lib/billing/resume-subscription";
import { mapInvoice, mapPaymentMethod, mapSubscription } from "@/lib/billing/stripe-mirror-map";
import { nowUnix } from "@/lib/clock";
import { commitHold } from "@/lib/credits/commit-hold";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";
import { releaseHold } from "@/lib/credits/release-hold";
import { reserveCredits } from "@/lib/credits/reserve-credits";
import { verifyLedger } from "@/lib/credits/verify-ledger";
import { newId } from "@/lib/ids";
import { drainInlineJobs } from "@/lib/jobs/enqueue";
import { choosePlan, skipPaymentStep } from "@/lib/onboarding/choose-plan";
import { completeOnboarding } from "@/lib/onboarding/complete-onboarding";
import { confirmOnboardingSubscription } from "@/lib/onboarding/confirm-subscription";
import { saveBillingDetails } from "@/lib/onboarding/save-billing-details";
import { saveOnboardingCard } from "@/lib/onboarding/save-payment-method";
import { startOnboarding } from "@/lib/onboarding/start-onboarding";
import { acceptInvitation } from "@/lib/orgs/accept-invitation";
import { inviteMember } from "@/lib/orgs/invite-member";
import { getStripe } from "@/lib/stripe/client";
import { getBillingOverview } from "@/lib/billing-ui/get-overview";
import { check } from "@/lib/usage/check-quota";
import { getBillingStatus } from "@/lib/usage/get-billing-status";
import { recordUsage } from "@/lib/usage/record-usage";
import { reportOverage } from "@/lib/usage/report-overage";
import { sandbox } from "@/tests/sandbox";
import { BillingModel, type MetricFigures, type ModelInvoice, type ModelLine } from "@/tests/model/model";
import { PLANS, type Interval, type MetricKey, type PlanKey } from "@/tests/model/prices";
import { findDeviation, type DeviationContext, type Mismatch } from "./known-deviations";

// ---------- the command language (what the generator produces; times are relative) ----------

export type CardNumber = "4242" | "0341" | "0002";
export type Onboard = { plan: PlanKey; interval: Interval; code: "WELCOME20" | "PRO50" | "LAUNCH10" | null; card: CardNumber };
export type Step =
  | { c: "usage"; metric: "api_calls" | "tokens" | "storage_gb"; quantity: number }
  | { c: "advance"; seconds: number }
  | { c: "change"; plan: PlanKey; interval: Interval }
  | { c: "cancel" }
  | { c: "resume" }
  | { c: "card"; number: "0341" | "4242" }
  | { c: "consume"; amount: number }
  | { c: "hold"; amount: number }
  | { c: "commit"; hold: number; amount: number }
  | { c: "release"; hold: number }
  | { c: "adjust"; kind: "grant" | "adjust"; amount: number }
  | { c: "invite" };

/**
 * Fifty years after the clock's now: 200 lifecycles move the one sandbox clock ~70 years (clock moves of up
 * to 400 days), so a fixed year (it was 2099) expires under a long run ("Your card's expiration year is invalid").
 */
const cardExpiryYear = () => new Date(nowUnix() * 1000).getUTCFullYear() + 50;
const CARDS: Record<CardNumber, string> = { "4242": "4242424242424242", "0341": "4000000000000341", "0002": "4000000000000002" };

export const describeStep = (s: Step | Onboard): string => ("c" in s ? `${s.c} ${JSON.stringify({ ...s, c: undefined })}` : `onboard ${JSON.stringify(s)}`);

// ---------- tallies shared by a run ----------

export const tally = { ms: new Map<string, number>(), diverged: 0, lifecycles: 0, steps: 0, invoicesCompared: 0, tolerated: new Map<string, number>(), msInLifecycles: 0 };

export async function timed<T>(what: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    tally.ms.set(what, (tally.ms.get(what) ?? 0) + performance.now() - t0);
  }
}

export class LifecycleFailure extends Error {}
/** A tolerated known deviation made the app and the model take different paths: the lifecycle stops there (counted). */
export class Diverged extends Error {}

// ---------- app plumbing ----------

const ctxParams = { params: Promise.resolve({}) };
const actorOf = (id: string) => ({ type: "user" as const, id });
const ADMIN = { type: "user" as const, id: "user_lifecycle_admin" };

export async function routeWebhooksToApp() {
  const { testing } = await sandbox();
  testing.setWebhookTransport(async (d) => {
    const res = await webhookPOST(new NextRequest(d.url, { method: "POST", headers: d.headers, body: d.payload }), ctxParams);
    return res.status;
  });
  return () => testing.setWebhookTransport(null);
}

async function settle(orgId: string) {
  for (let i = 0; i < 30; i++) {
    const n = await (await sandbox()).testing.flushWebhooks();
    await drainInlineJobs();
    if (n === 0) break;
  }
  invalidateOrgPlan(orgId);
}

/** The scheduled jobs a clock move runs (lib/stripe/sandbox-control.ts), except the reconciler. */
const JOBS_AFTER_ADVANCE = ["credits-expire", "usage-meter-flush", "ops-subscription-monitor"];

async function runJobsExceptReconciler() {
  await import("@/lib/jobs/register-jobs");
  const { runScheduledJobs } = await import("@/lib/jobs/run-scheduled");
  const res = await runScheduledJobs(JOBS_AFTER_ADVANCE);
  if (res.failed.length) throw new Error(`scheduled jobs failed: ${res.failed.join(", ")}`);
}

type AppError = { code?: string; message?: string; status?: number };
const errText = (e: unknown) => {
  const a = e as AppError;
  return `${a.code ?? "error"}: ${a.message ?? String(e)}`;
};

// ---------- one lifecycle ----------

export class Lifecycle {
  model!: BillingModel;
  orgId = newId("org");
  userId = "";
  customerId: string | null = null;
  holds: string[] = [];
  mismatches: { step: string; m: Mismatch }[] = [];
  log: string[] = [];
  private ctx: DeviationContext = { trialChangeScheduled: false, earlierChange: false, seen: new Set(), step: "" };
  private seq = 0;
  /** The clock moves so far (model seconds), to tell a notice that was due from one a clock move jumped over. */
  private advances: { from: number; to: number }[] = [];
  private changesSoFar = 0;

  constructor(private readonly label: string) {}

  private key(what: string) {
    return `${this.orgId}:${what}:${++this.seq}`;
  }

  private expect(m: Mismatch) {
    const dev = findDeviation(m, this.ctx);
    if (dev) {
      this.ctx.seen.add(dev.id);
      tally.tolerated.set(dev.id, (tally.tolerated.get(dev.id) ?? 0) + 1);
      return;
    }
    this.mismatches.push({ step: this.ctx.step, m });
  }

  private fail() {
    if (!this.mismatches.length) return;
    const lines = this.mismatches.slice(0, 8).map(({ step, m }) => `  after "${step}": ${m.check} ${m.path}\n    model:  ${JSON.stringify(m.expected)}\n    actual: ${JSON.stringify(m.actual)}`);
    throw new LifecycleFailure(`${this.label}: ${this.mismatches.length} mismatch(es) with the model\n${lines.join("\n")}\n  steps:\n    ${this.log.join("\n    ")}`);
  }

  async onboard(o: Onboard) {
    this.ctx.step = describeStep(o);
    this.log.push(this.ctx.step);
    const [u] = await db.insert(users).values({ email: `${newId("u").toLowerCase()}@lifecycle.test` }).returning();
    this.userId = u!.id;
    const actor = actorOf(this.userId);
    await startOnboarding({ userId: this.userId, name: "Lifecycle Co", orgId: this.orgId, actor });
    const details = await saveBillingDetails({ orgId: this.orgId, actor, companyName: "Lifecycle Co", billingEmail: `billing@${this.orgId.toLowerCase()}.test`, country: "US" });
    this.customerId = details.customerId;
    this.model = new BillingModel(nowUnix());
    let cardOk = true;
    if (o.plan !== "free") {
      // the wizard's card step: a card refused here (0002) leaves the organisation on Free
      try {
        const pm = await (await sandbox()).views.cardForm.createPaymentMethod({ number: CARDS[o.card], expMonth: 12, expYear: cardExpiryYear(), cvc: "123" }, { idempotencyKey: this.key("card") });
        if (!pm.ok) cardOk = false;
        else await saveOnboardingCard({ orgId: this.orgId, paymentMethodId: pm.paymentMethodId, actor });
      } catch (e) {
        if ((e as AppError).code !== "card_declined") throw e;
        cardOk = false;
      }
    } else {
      await skipPaymentStep({ orgId: this.orgId });
    }
    const modelCard = o.plan === "free" ? "none" : !cardOk ? "refused" : o.card === "4242" ? "ok" : "decline";
    let actual: string = "ok";
    if (cardOk) {
      try {
        await choosePlan({ orgId: this.orgId, actor, planKey: o.plan, interval: o.interval, discountCode: o.code });
        await confirmOnboardingSubscription({ orgId: this.orgId, actor });
        await completeOnboarding({ orgId: this.orgId, userId: this.userId, actor });
      } catch (e) {
        actual = errText(e);
      }
    } else actual = "card refused at the card step";
    await settle(this.orgId);
    // the customer's "subscribe" moment is the subscription's creation second (an input of the timeline)
    const [sub] = await db.select({ createdAt: subscriptions.createdAt }).from(subscriptions).where(eq(subscriptions.orgId, this.orgId));
    const at = sub ? Math.floor(sub.createdAt.getTime() / 1000) : nowUnix();
    const expected = this.model.apply({ t: "onboard", at, plan: o.plan, interval: o.interval, code: o.code, card: modelCard });
    this.compareOutcome("onboard", expected.ok, actual);
    await this.check();
  }

  private compareOutcome(path: string, modelOk: boolean, actual: string) {
    if (modelOk !== (actual === "ok")) this.expect({ check: "outcome", path, expected: modelOk ? "ok" : "refused", actual });
  }

  /** Run one step on the app and the model, then check everything. */
  async step(s: Step) {
    await timed(`step.${s.c}`, () => this.runStep(s));
    await timed("settle", () => settle(this.orgId));
    await this.check(s.c);
  }

  private async runStep(s: Step) {
    this.ctx.step = describeStep(s);
    this.log.push(this.ctx.step);
    tally.steps++;
    const actor = actorOf(this.userId);
    const m = this.model;
    const at = () => Math.max(nowUnix(), m.now);
    switch (s.c) {
      case "usage": {
        await recordUsage({ orgId: this.orgId, metric: s.metric, quantity: s.quantity, idempotencyKey: this.key("usage") });
        m.apply({ t: "usage", at: at(), metric: s.metric, quantity: s.quantity });
        break;
      }
      case "advance": {
        await timed("advance.reportOverage", () => reportOverage().catch(() => {}));
        await timed("advance.sandbox", async () => (await sandbox()).clock.advance(s.seconds * 1000));
        await timed("advance.settle", () => settle(this.orgId));
        await timed("advance.jobs", () => runJobsExceptReconciler());
        await settle(this.orgId);
        this.advances.push({ from: m.now, to: nowUnix() });
        m.apply({ t: "advance", to: nowUnix() });
        break;
      }
      case "change": {
        // A person changes plan at least a second after signing up or recording usage: the sandbox clock
        // only moves on "advance", and a change in the very second the subscription started would begin
        // its new period at the same instant as the old one (one usage counter for both).
        if (nowUnix() <= (m.live()?.periodStart ?? -1)) {
          await (await sandbox()).clock.advance(1000);
          m.apply({ t: "advance", to: nowUnix() });
        }
        const kind = m.changeKind(s.plan, s.interval);
        this.ctx.earlierChange = this.changesSoFar++ > 0;
        let actual = "ok";
        let t = at();
        try {
          if (kind === "upgrade" || kind === "interval_up") {
            const preview = await previewPlanChange({ orgId: this.orgId, planKey: s.plan, interval: s.interval });
            t = preview.prorationDate;
            await changePlan({ orgId: this.orgId, planKey: s.plan, interval: s.interval, prorationDate: preview.prorationDate, actor });
          } else {
            await changePlan({ orgId: this.orgId, planKey: s.plan, interval: s.interval, actor });
          }
        } catch (e) {
          actual = errText(e);
        }
        const from = m.live() ? `${m.live()!.plan}/${m.live()!.interval}` : "none";
        const snap = m.snapshot();
        const out = m.apply({ t: "change", at: t, plan: s.plan, interval: s.interval });
        this.compareOutcome(`change.${kind}:${from}->${s.plan}/${s.interval}`, out.ok, actual);
        if (kind === "downgrade" && actual === "ok") {
          // the model waits for the period end; did the app apply it at once?
          await settle(this.orgId);
          const [row] = await db.select({ planKey: subscriptions.planKey, interval: subscriptions.interval, pendingChange: subscriptions.pendingChange }).from(subscriptions).where(eq(subscriptions.orgId, this.orgId)).orderBy(desc(subscriptions.createdAt));
          if (row && !row.pendingChange && row.planKey === s.plan && row.interval === s.interval) {
            this.expect({ check: "outcome", path: `change.applied-at-once:${from}->${s.plan}/${s.interval}`, expected: "scheduled for the period end", actual: "applied at once" });
            this.fail();
            throw new Diverged(`the app applied ${from} → ${s.plan}/${s.interval} at once (tolerated known deviation); the lifecycle ends here`);
          }
        }
        if (out.ok && actual !== "ok") m.restore(snap); // the app refused it: the rest of the lifecycle follows the app
        break;
      }
      case "cancel":
      case "resume": {
        let actual = "ok";
        try {
          if (s.c === "cancel") await cancelSubscription({ orgId: this.orgId, actor });
          else await resumeSubscription({ orgId: this.orgId, actor });
        } catch (e) {
          actual = errText(e);
        }
        const snap = m.snapshot();
        const out = m.apply({ t: s.c, at: at() });
        this.compareOutcome(s.c, out.ok, actual);
        if (out.ok && actual !== "ok") m.restore(snap);
        break;
      }
      case "card": {
        const stripe = getStripe();
        const pm = await stripe.paymentMethods.create({ type: "card", card: { number: CARDS[s.number], exp_month: 12, exp_year: cardExpiryYear(), cvc: "123" } });
        let actual = "ok";
        try {
          await attachPaymentMethod({ orgId: this.orgId, paymentMethodId: pm.id, makeDefault: true, actor });
        } catch (e) {
          actual = errText(e);
        }
        m.apply({ t: "card", at: at(), card: s.number === "4242" ? "ok" : "decline" });
        this.compareOutcome("card", true, actual);
        break;
      }
      case "consume": {
        const actual = await consumeCredits({ orgId: this.orgId, amount: s.amount, idempotencyKey: this.key("consume") }).then(() => "ok", errText);
        const out = m.apply({ t: "consume", at: at(), amount: s.amount });
        this.compareOutcome("consume", out.ok, actual);
        break;
      }
      case "hold": {
        let actual = "ok";
        let id = `missing_${this.seq}`;
        try {
          id = (await reserveCredits({ orgId: this.orgId, amount: s.amount, idempotencyKey: this.key("hold") })).id;
        } catch (e) {
          actual = errText(e);
        }
        const out = m.apply({ t: "hold", at: at(), id, amount: s.amount });
        this.compareOutcome("hold", out.ok, actual);
        if (actual === "ok") this.holds.push(id);
        break;
      }
      case "commit":
      case "release": {
        if (!this.holds.length) break;
        const id = this.holds[s.hold % this.holds.length]!;
        const actual =
          s.c === "commit"
            ? await commitHold({ orgId: this.orgId, holdId: id, amount: s.amount }).then(() => "ok", errText)
            : await releaseHold({ orgId: this.orgId, holdId: id }).then(() => "ok", errText);
        const out = s.c === "commit" ? m.apply({ t: "commit", at: at(), id, amount: s.amount }) : m.apply({ t: "release", at: at(), id });
        this.compareOutcome(s.c, out.ok, actual);
        break;
      }
      case "invite": {
        // an owner invites a new address; its user signs up and accepts (lib/orgs, as the pages do)
        const email = `${newId("m").toLowerCase()}@lifecycle.test`;
        const actual = await (async () => {
          const inv = await inviteMember({ orgId: this.orgId, orgName: "Lifecycle Co", email, role: "member", invitedBy: this.userId, actor });
          const [u] = await db.insert(users).values({ email }).returning();
          await acceptInvitation({ token: inv.link.split("/").at(-1)!, userId: u!.id });
        })().then(() => "ok", errText);
        const out = m.apply({ t: "invite", at: at() });
        this.compareOutcome("invite", out.ok, actual);
        break;
      }
      case "adjust": {
        const actual = await adminAdjustCredits({ orgId: this.orgId, kind: s.kind, amount: s.amount, reason: "lifecycle test", idempotencyKey: this.key("adjust") }, ADMIN).then(() => "ok", errText);
        const out =
          s.amount > 0
            ? m.apply({ t: "grant", at: at(), source: s.kind === "grant" ? "promotional" : "adjustment", amount: s.amount, expiresAt: null })
            : m.apply({ t: "consume", at: at(), amount: -s.amount });
        this.compareOutcome("adjust", out.ok, actual);
        break;
      }
    }
  }

  // ---------- the checks after every step ----------

  /**
   * Every check after every step, except two that cannot change on steps that never reach Stripe
   * (usage, credits): the mirror-vs-sandbox comparison and verifyLedger run after onboarding, clock
   * moves and billing steps (verifyLedger also after credit steps).
   */
  async check(kind: Step["c"] | "onboard" = "onboard") {
    const local = ["usage", "consume", "hold", "commit", "release", "adjust", "invite"].includes(kind);
    await timed("check.invoices", () => this.checkInvoices());
    await timed("check.status", () => this.checkStatus());
    await timed("check.credits", () => this.checkCredits(kind !== "usage"));
    await timed("check.notifications", () => this.checkNotifications());
    if (!local) await timed("check.mirror", () => this.checkMirror());
    this.fail();
  }

  private async checkInvoices() {
    const ids = await getCatalogIds();
    const rows = (await db.select().from(invoices).where(eq(invoices.orgId, this.orgId))).filter((r) => r.status !== "draft" && r.subscriptionId);
    rows.sort((a, b) => a.created.getTime() - b.created.getTime() || (a.number ?? a.id).localeCompare(b.number ?? b.id));
    const actual = rows.map((r) => ({
      reason: r.billingReason,
      subtotal: r.subtotalCents,
      discount: r.discountCents,
      total: r.totalCents,
      status: r.status === "paid" ? "paid" : "unpaid",
      lines: normLines(
        ((r.lines ?? []) as { description: string | null; amountCents: number; priceId: string | null; quantity: number | null; proration: boolean; periodStart: string | null; periodEnd: string | null }[]).map((l) => {
          const lk = (l.priceId && ids.describePrice(l.priceId)?.lookupKey) || "";
          const usage = /^(\w+?)_api_calls_overage_(monthly|yearly)$/.exec(lk);
          const plan = /^(\w+?)_(monthly|yearly)$/.exec(lk);
          const kind = usage ? "usage" : l.proration ? (l.amountCents < 0 ? "unused" : "remaining") : /^Trial period/i.test(l.description ?? "") ? "trial" : "plan";
          const m = usage ?? plan;
          return {
            kind,
            plan: m?.[1] ?? lk,
            interval: m?.[2] === "yearly" ? "year" : "month",
            quantity: kind === "usage" ? (l.quantity ?? 0) : 1,
            amount: l.amountCents,
            periodStart: l.periodStart ? Date.parse(l.periodStart) / 1000 : 0,
            periodEnd: l.periodEnd ? Date.parse(l.periodEnd) / 1000 : 0,
          };
        }),
      ),
    }));
    const expected = this.model.invoices.filter((i) => i.reason !== "credit_pack").map(expectInvoice);
    tally.invoicesCompared += Math.min(actual.length, expected.length);
    if (actual.length !== expected.length) {
      const detail = (i: { reason: string | null; total: number; status: string; lines: NLine[] }) =>
        `${brief(i)} [${i.lines.map((l) => `${l.kind} ${l.plan}/${l.interval} ${l.quantity}× ${l.amount} ${new Date(l.periodStart * 1000).toISOString().slice(0, 10)}..${new Date(l.periodEnd * 1000).toISOString().slice(0, 10)}`).join("; ")}]`;
      const trialEnd = this.model.sub?.trialEnd ?? null;
      for (let i = expected.length; i < actual.length; i++) {
        const a = actual[i]!;
        const trialUsage = trialEnd !== null && a.lines.length > 0 && a.lines.every((l) => l.kind === "usage" && l.periodEnd === trialEnd);
        this.expect({ check: "invoice", path: `invoices[${i}].extra${trialUsage ? ".trial-usage" : ""}`, expected: expected.map(detail), actual: actual.map(detail) });
      }
      for (let i = actual.length; i < expected.length; i++) {
        const usageOnly = expected[i]!.lines.every((l) => l.kind === "usage");
        this.expect({ check: "invoice", path: `invoices[${i}].missing${usageOnly ? ".usage-only" : ""}`, expected: expected.map(detail), actual: actual.map(detail) });
      }
    }
    for (let i = 0; i < Math.min(actual.length, expected.length); i++) {
      const a = actual[i]!;
      const e = expected[i]!;
      // A difference confined to the usage lines is named as such (".lines.usage"), and money fields that
      // differ by exactly that usage difference as "<field>.usage-explained", so a deviation about usage
      // pricing can tolerate them without tolerating a wrong plan or proration line.
      const usageSum = (ls: NLine[]) => ls.filter((l) => l.kind === "usage").reduce((x, l) => x + l.amount, 0);
      const others = (ls: NLine[]) => JSON.stringify(ls.filter((l) => l.kind !== "usage"));
      const onlyUsage = others(a.lines) === others(e.lines);
      const usageDelta = usageSum(a.lines) - usageSum(e.lines);
      if (JSON.stringify(a.lines) !== JSON.stringify(e.lines)) this.expect({ check: "invoice", path: `invoices[${i}].lines${onlyUsage ? ".usage" : ""}`, expected: e.lines, actual: a.lines });
      const explained = onlyUsage && usageDelta !== 0 && a.subtotal - e.subtotal === usageDelta;
      for (const f of ["reason", "subtotal", "discount", "total", "status"] as const) {
        if (a[f] !== e[f]) this.expect({ check: "invoice", path: `invoices[${i}].${f}${explained && f !== "reason" ? ".usage-explained" : ""}`, expected: e[f], actual: a[f] });
      }
    }
  }

  private async checkStatus() {
    const st = await getBillingStatus(this.orgId);
    const live = this.model.live();
    const rows = live ? await db.select({ status: subscriptions.status, pastDueSince: subscriptions.pastDueSince, pendingChange: subscriptions.pendingChange }).from(subscriptions).where(eq(subscriptions.orgId, this.orgId)) : [];
    const row = rows.find((r) => !["canceled", "incomplete_expired"].includes(r.status));
    this.ctx.trialChangeScheduled = Boolean(live?.status === "trialing" && row?.status === "trialing" && row.pendingChange);
    if (this.ctx.trialChangeScheduled) {
      // the app and the model now bill different plans at the trial end: stop here (counted)
      this.expect({ check: "status", path: "status.trial-change-scheduled", expected: "the change applied at once", actual: row!.pendingChange });
      this.fail();
      throw new Diverged("a change during the trial was scheduled instead of applied (tolerated known deviation); the lifecycle ends here");
    }
    const e = this.model.status();
    const cmp = (path: string, exp: unknown, act: unknown) => {
      if (JSON.stringify(exp) !== JSON.stringify(act)) this.expect({ check: "status", path, expected: exp, actual: act });
    };
    cmp("status.tier", e.tier, st.tier);
    cmp("status.status", e.status === "free" && st.status === "canceled" ? "canceled" : e.status, st.status);
    cmp("status.has_subscription", e.hasSubscription, st.has_subscription);
    cmp("status.expires_at", new Date(e.periodEnd * 1000).toISOString(), st.expires_at);
    cmp("status.overage_amount_cents", e.overageAmountCents, st.overage_amount_cents);
    for (const [metric, f] of Object.entries(e.usage)) {
      const a = st.usage_by_metric[metric];
      for (const k of ["current", "included", "remaining", "overage", "overage_amount_cents"] as const) cmp(`status.usage.${metric}.${k}`, f[k], a?.[k]);
    }
    // The check API (GET /api/v1/check's lib function, not consuming): the same figures, and whether one
    // more unit is allowed — refused only past a hard limit (an allowance without an overage price).
    for (const [metric, f] of Object.entries(e.usage) as [MetricKey, MetricFigures][]) {
      const q = await check({ orgId: this.orgId, metric, quantity: 1 });
      const hard = f.included !== null && PLANS[e.tier].limits[metric].rate === null;
      cmp(`check.${metric}.used`, f.current, q.used);
      cmp(`check.${metric}.limit`, f.included, q.limit);
      cmp(`check.${metric}.remaining`, f.remaining, q.remaining);
      cmp(`check.${metric}.overage`, f.overage, q.overage);
      cmp(`check.${metric}.allowed`, !hard || f.current + 1 <= f.included!, q.allowed);
    }
    // The dashboard's "next invoice" (BILLING.md §6) equals the invoice the model issues at the period end
    // if nothing else happens (a copy of the model is advanced there); a cancelling subscription with
    // nothing to bill shows a final invoice of $0.
    if (live && (live.status === "active" || live.status === "trialing") && !this.model.restricted()) {
      const ov = await getBillingOverview(this.orgId);
      const probe = new BillingModel(0);
      probe.restore(this.model.snapshot());
      const before = probe.invoices.length;
      probe.apply({ t: "advance", to: live.periodEnd + 1 });
      const next = probe.invoices.slice(before).find((i) => i.reason !== "credit_pack");
      cmp("estimate.total", next ? next.total : live.cancelAtPeriodEnd ? 0 : "an invoice", ov.nextInvoice?.totalCents ?? null);
      if (process.env.LIFECYCLE_DEBUG && next && next.total !== ov.nextInvoice?.totalCents) console.log("ESTIMATE", JSON.stringify({ model: next, app: ov.nextInvoice, bars: ov.bars }));
      cmp("estimate.date", new Date(live.periodEnd * 1000).toISOString(), ov.nextInvoice?.date ? new Date(ov.nextInvoice.date).toISOString() : null);
      cmp("estimate.final", live.cancelAtPeriodEnd, ov.nextInvoice?.final ?? null);
    }
  }

  /**
   * The billing notices the customer got equal the model's, kind by kind: a trial-ending notice only while a
   * trial is ending (never after it converted), a receipt per paid invoice with an amount, a payment-failed
   * notice per failed attempt, "payment recovered" once per recovery. So none contradicts the state it was sent in.
   */
  private async checkNotifications() {
    const KINDS = ["trial_ending", "receipt", "payment_failed", "payment_recovered"] as const;
    const rows = await db.select({ kind: notifications.kind }).from(notifications).where(eq(notifications.orgId, this.orgId));
    // "Your trial ends soon" is due 3 days before the trial end; one clock move across both the notice time
    // and the trial end leaves nothing true to say (BILLING.md §2: it is sent only while the trial is still
    // ending), so such a notice may be missing — never extra.
    const jumped = (at: number) => this.advances.some((a) => a.from < at && at + 3 * 86_400 <= a.to);
    for (const k of KINDS) {
      const due = this.model.notifications.filter((n) => n.kind === k);
      const expected = due.length;
      const atLeast = k === "trial_ending" ? due.filter((n) => !jumped(n.at)).length : expected;
      const actual = rows.filter((r) => r.kind === k).length;
      if (actual > expected || actual < atLeast) this.expect({ check: "notification", path: `notifications.${k}`, expected: atLeast === expected ? expected : `${atLeast}..${expected}`, actual });
    }
  }

  private async checkCredits(ledger: boolean) {
    const bal = await getCreditBalance(this.orgId);
    const e = this.model.creditsBySource();
    for (const src of Object.keys(e) as (keyof typeof e)[]) {
      if (bal.by_source[src] !== e[src]) this.expect({ check: "credits", path: `credits.${src}`, expected: e[src], actual: bal.by_source[src] });
      if ((bal.by_source[src] ?? 0) < 0) this.expect({ check: "credits", path: `credits.${src} >= 0`, expected: ">= 0", actual: bal.by_source[src] });
    }
    if (bal.held !== this.model.heldCredits()) this.expect({ check: "credits", path: "credits.held", expected: this.model.heldCredits(), actual: bal.held });
    const v = ledger ? ((await verifyLedger(this.orgId)) as { ok?: boolean }) : null;
    if (v && v.ok === false) this.expect({ check: "credits", path: "verifyLedger", expected: "ok", actual: v });
  }

  /** The mirror equals what the sandbox holds, mapped the way the sync maps it (no reconciler run). */
  private async checkMirror() {
    if (!this.customerId) return;
    const stripe = getStripe();
    const customerId = this.customerId;
    const [cust, subs, invs, pms] = await Promise.all([
      stripe.customers.retrieve(customerId) as Promise<Stripe.Customer>,
      stripe.subscriptions.list({ customer: customerId, status: "all", limit: 100, expand: ["data.latest_invoice", "data.discounts", "data.discounts.source.coupon"] }),
      stripe.invoices.list({ customer: customerId, limit: 100 }),
      stripe.customers.listPaymentMethods(customerId, { type: "card", limit: 100 }),
    ]);
    const defaultPm = typeof cust.invoice_settings?.default_payment_method === "string" ? cust.invoice_settings.default_payment_method : (cust.invoice_settings?.default_payment_method?.id ?? null);
    const [mc] = await db.select().from(stripeCustomers).where(eq(stripeCustomers.id, customerId));
    this.cmpMirror("stripe_customers.defaultPaymentMethodId", defaultPm, mc?.defaultPaymentMethodId ?? null);
    const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
    const mSubs = new Map((await db.select().from(subscriptions).where(eq(subscriptions.customerId, customerId))).map((r) => [r.id, r]));
    for (const s of subs.data) {
      const x = mapSubscription(s);
      const r = mSubs.get(x.id);
      const pick = (v: typeof x | typeof r) =>
        v && { status: v.status, planKey: v.planKey, interval: v.interval, priceId: v.priceId, amountCents: Number(v.amountCents), currentPeriodStart: iso(v.currentPeriodStart), currentPeriodEnd: iso(v.currentPeriodEnd), trialEnd: iso(v.trialEnd), cancelAtPeriodEnd: v.cancelAtPeriodEnd, canceledAt: iso(v.canceledAt), items: canonical(v.items) };
      this.cmpMirror(`subscriptions.${x.id}`, pick(x), pick(r) ?? null);
    }
    const mInvs = new Map((await db.select().from(invoices).where(eq(invoices.customerId, customerId))).map((r) => [r.id, r]));
    for (const i of invs.data) {
      const x = mapInvoice(i);
      const r = mInvs.get(x.id);
      const pick = (v: typeof x | typeof r) =>
        v && { status: v.status, totalCents: Number(v.totalCents), amountDueCents: Number(v.amountDueCents), amountPaidCents: Number(v.amountPaidCents), discountCents: Number(v.discountCents), paidAt: iso(v.paidAt), lines: canonical(v.lines) };
      this.cmpMirror(`invoices.${x.id}`, pick(x), pick(r) ?? null);
    }
    const mPms = new Map((await db.select().from(paymentMethods).where(eq(paymentMethods.customerId, customerId))).map((r) => [r.id, r]));
    for (const p of pms.data) {
      const x = mapPaymentMethod(p);
      const r = mPms.get(x.id);
      this.cmpMirror(`payment_methods.${x.id}`, { last4: x.last4, isDefault: x.id === defaultPm }, r ? { last4: r.last4, isDefault: r.isDefault } : null);
    }
    for (const id of mPms.keys()) if (!pms.data.some((p) => p.id === id)) this.cmpMirror(`payment_methods.${id}`, null, "in the mirror only");
  }

  private cmpMirror(path: string, stripeSide: unknown, mirror: unknown) {
    if (canonical(stripeSide) !== canonical(mirror)) this.expect({ check: "mirror", path, expected: stripeSide, actual: mirror });
  }

  /** End of lifecycle: the reconciler finds nothing to repair; then stop the subscription so later lifecycles' clock moves skip it. */
  async finish() {
    this.ctx.step = "end: reconciler";
    if (this.customerId) {
      const { runReconciliation } = await import("@/lib/jobs/ops-reconcile");
      const run = await runReconciliation({ orgIds: [this.orgId] });
      if (run.driftCount !== 0 || run.errorCount !== 0) this.expect({ check: "reconcile", path: "reconciler.drift", expected: 0, actual: run.report });
      this.fail();
    }
    await this.stop();
  }

  async stop() {
    if (!this.customerId) return;
    const stripe = getStripe();
    const subs = await stripe.subscriptions.list({ customer: this.customerId, status: "all", limit: 100 });
    for (const s of subs.data) if (!["canceled", "incomplete_expired"].includes(s.status)) await stripe.subscriptions.cancel(s.id).catch(() => {});
    await settle(this.orgId);
  }
}

// ---------- normalisation ----------

/** JSON with object keys sorted (jsonb does not keep key order). */
export function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));
}

type NLine = Omit<ModelLine, "metric" | "plan"> & { plan: string };

/** A metered line at $0 means "nothing charged" whether Stripe lists it or not: both sides drop it. */
function normLines(lines: NLine[]): NLine[] {
  return lines
    .filter((l) => !(l.kind === "usage" && l.amount === 0))
    .map((l) => ({ kind: l.kind, plan: l.plan, interval: l.interval, quantity: l.quantity, amount: l.amount, periodStart: l.periodStart, periodEnd: l.periodEnd }))
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.amount - b.amount);
}

function expectInvoice(i: ModelInvoice) {
  return {
    reason: i.reason === "subscription_final" ? "subscription_cycle" : i.reason,
    subtotal: i.subtotal,
    discount: i.discount,
    total: i.total,
    status: i.status === "paid" ? "paid" : "unpaid",
    lines: normLines(i.lines),
  };
}

const brief = (i: { reason: string | null; total: number; status: string }) => `${i.reason}:${i.total}:${i.status}`;
