"use server";

import { revalidatePath } from "next/cache";
import { notFound, redirect } from "next/navigation";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { orgPage } from "@/lib/auth/page-guards";
import { cancelSubscription } from "@/lib/billing/cancel-subscription";
import { changePlan } from "@/lib/billing/change-plan";
import { createCheckoutSession } from "@/lib/billing/create-checkout-session";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { createPortalSession } from "@/lib/billing/create-portal-session";
import type { OverdueOutcome } from "@/lib/billing/pay-overdue-invoice";
import { payPackWithSavedCard } from "@/lib/billing/confirm-pack-purchase";
import { attachPaymentMethod, cardLabel, detachPaymentMethod, setDefaultPaymentMethod } from "@/lib/billing/payment-methods";
import { previewPlanChange, type PlanChangePreview } from "@/lib/billing/preview-plan-change";
import { resumeSubscription } from "@/lib/billing/resume-subscription";
import { markNotificationsRead } from "@/lib/billing-ui/notifications";
import { setLowBalanceThreshold } from "@/lib/credits/set-low-balance-threshold";
import { formObject, type ActionResult } from "@/lib/http/action";

/**
 * Billing dashboard actions: every one that changes billing requires an owner or admin
 * (`orgAction("admin", …)`, which checks before parsing) and calls ONE lib function; members only read.
 */
const orgId = z.string().min(1).max(64);
const interval = z.enum(["month", "year"]);
const planKey = z.string().min(1).max(40);

const done = <T>(r: T) => {
  revalidatePath("/billing", "layout");
  return r;
};

export async function previewChangeAction(input: { orgId: string; planKey: string; interval: "month" | "year" }): Promise<ActionResult<PlanChangePreview>> {
  return orgAction("admin", z.object({ orgId, planKey, interval }), input, async (d, ctx) => {
    return previewPlanChange({ orgId: ctx.org.id, planKey: d.planKey, interval: d.interval });
  });
}

export async function changePlanAction(input: { orgId: string; planKey: string; interval: "month" | "year"; prorationDate?: number; requestId: string }) {
  return orgAction("admin", z.object({ orgId, planKey, interval, prorationDate: z.number().int().positive().optional(), requestId: z.string().min(8).max(64) }), input, async (d, ctx) => {
    const r = await changePlan({ orgId: ctx.org.id, planKey: d.planKey, interval: d.interval, prorationDate: d.prorationDate, actor: ctx.actor, idempotencyKey: d.requestId });
    return done({ kind: r.kind, effectiveAt: r.effectiveAt });
  });
}

export async function cancelAction(input: { orgId: string; reason?: string }) {
  return orgAction("admin", z.object({ orgId, reason: z.string().max(500).optional() }), input, async (d, ctx) => {
    const r = await cancelSubscription({ orgId: ctx.org.id, when: "period_end", actor: ctx.actor, reason: d.reason });
    return done({ effectiveAt: r.effectiveAt });
  });
}

export async function resumeAction(input: { orgId: string }) {
  return orgAction("admin", z.object({ orgId }), input, async (d, ctx) => {
    const r = await resumeSubscription({ orgId: ctx.org.id, actor: ctx.actor });
    return done({ subscriptionId: r.subscriptionId });
  });
}

/** "Manage in Stripe": open the Customer Portal. */
export async function portalAction(form: FormData): Promise<void> {
  const parsed = z.object({ orgId }).safeParse(formObject(form));
  if (!parsed.success) notFound();
  // A form action renders a page: refusals become sign-in / 403 / 404 pages, not a 500.
  const ctx = await orgPage("admin", "/billing", parsed.data.orgId);
  const { url } = await createPortalSession({ orgId: ctx.org.id, actor: ctx.actor });
  redirect(url);
}

/**
 * Buy a credit pack: with a saved card (charged now, no checkout), or with a new card at checkout —
 * kept for later only if the customer ticked "save this card".
 */
export async function buyPackAction(input: { orgId: string; packKey: string; requestId: string; paymentMethodId?: string; saveCard?: boolean }) {
  const schema = z.object({
    orgId,
    packKey: z.string().min(1).max(40),
    requestId: z.string().min(8).max(64),
    paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9]+$/).optional(),
    saveCard: z.boolean().optional(),
  });
  return orgAction("admin", schema, input, async (d, ctx) => {
    if (d.paymentMethodId) {
      const paid = await payPackWithSavedCard({ orgId: ctx.org.id, packKey: d.packKey, paymentMethodId: d.paymentMethodId, actor: ctx.actor, idempotencyKey: d.requestId });
      revalidatePath("/billing/credits");
      return { paid: true as const, credits: paid.credits, balance: paid.balance, receiptUrl: paid.receiptUrl, url: null };
    }
    const session = await createPaymentCheckout({ orgId: ctx.org.id, packKey: d.packKey, actor: ctx.actor, idempotencyKey: d.requestId, saveCard: d.saveCard ?? false });
    return { paid: false as const, url: session.url };
  });
}

export type ThresholdState = ActionResult<{ low_balance_threshold: number | null }> | null;

export async function thresholdAction(_prev: ThresholdState, form: FormData): Promise<ThresholdState> {
  const schema = z.object({
    orgId,
    threshold: z
      .string()
      .trim()
      .regex(/^\d{0,12}$/, "enter a whole number of credits, or leave empty to turn the alert off")
      .transform((s) => (s === "" ? null : Number(s))),
  });
  return orgAction("admin", schema, formObject(form), async (d, ctx) => {
    return done(await setLowBalanceThreshold({ orgId: ctx.org.id, threshold: d.threshold, actor: ctx.actor }));
  });
}

/** A card from the card form (its PaymentMethod id, never the number): attach it, optionally as the default. */
export async function addCardAction(input: { orgId: string; paymentMethodId: string; makeDefault: boolean }): Promise<ActionResult<{ count: number; overdue: OverdueOutcome | null; duplicate: boolean }>> {
  const schema = z.object({ orgId, paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9]+$/), makeDefault: z.boolean() });
  return orgAction("admin", schema, input, async (d, ctx) => {
    const r = await attachPaymentMethod({ orgId: ctx.org.id, paymentMethodId: d.paymentMethodId, makeDefault: d.makeDefault, actor: ctx.actor });
    return done({ count: r.methods.length, overdue: r.overdue, duplicate: Boolean(r.duplicateOf) });
  });
}

export async function setDefaultCardAction(input: { orgId: string; paymentMethodId: string }) {
  return orgAction("admin", z.object({ orgId, paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9]+$/) }), input, async (d, ctx) => {
    const r = await setDefaultPaymentMethod({ orgId: ctx.org.id, paymentMethodId: d.paymentMethodId, actor: ctx.actor });
    return done({ count: r.methods.length, overdue: r.overdue });
  });
}

export async function removeCardAction(input: { orgId: string; paymentMethodId: string }) {
  return orgAction("admin", z.object({ orgId, paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9]+$/) }), input, async (d, ctx) => {
    const r = await detachPaymentMethod({ orgId: ctx.org.id, paymentMethodId: d.paymentMethodId, actor: ctx.actor });
    return done({ newDefault: r.newDefault ? cardLabel(r.newDefault) : null });
  });
}

/** Members may mark their organisation's notifications read (it changes no billing). */
export async function markNotificationsReadAction(input: { orgId: string; ids?: string[] }) {
  return orgAction("member", z.object({ orgId, ids: z.array(z.string().max(64)).max(100).optional() }), input, async (d, ctx) => {
    const n = await markNotificationsRead(ctx.org.id, d.ids);
    revalidatePath("/", "layout");
    return n;
  });
}

/** No subscription yet (e.g. skipped onboarding on the free plan): subscribe through Checkout. */
export async function startCheckoutAction(input: { orgId: string; planKey: string; interval: "month" | "year"; requestId: string }) {
  return orgAction("admin", z.object({ orgId, planKey, interval, requestId: z.string().min(8).max(64) }), input, async (d, ctx) => {
    return createCheckoutSession({ orgId: ctx.org.id, planKey: d.planKey, interval: d.interval, actor: ctx.actor, idempotencyKey: d.requestId });
  });
}
