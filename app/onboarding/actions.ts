"use server";

import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { orgAction, userAction } from "@/lib/auth/action-clients";
import { orgPage } from "@/lib/auth/page-guards";
import { z } from "zod";
import { activeOrgCookieOptions } from "@/lib/auth/active-org-cookie";
import { ACTIVE_ORG_COOKIE } from "@/lib/auth/guards";
import { AppError } from "@/lib/errors";
import { formObject, type ActionResult } from "@/lib/http/action";
import { choosePlan, skipPaymentStep } from "@/lib/onboarding/choose-plan";
import { completeOnboarding, type CompleteResult } from "@/lib/onboarding/complete-onboarding";
import { confirmOnboardingSubscription } from "@/lib/onboarding/confirm-subscription";
import { checkDiscountCode, type DiscountCodeCheck } from "@/lib/onboarding/check-discount-code";
import { saveBillingDetails } from "@/lib/onboarding/save-billing-details";
import { confirmOnboardingSetupIntent, createOnboardingSetupIntent, saveOnboardingCard } from "@/lib/onboarding/save-payment-method";
import { ORG_ID_PATTERN, startOnboarding } from "@/lib/onboarding/start-onboarding";
import { stepPath, type OnboardingStep } from "@/lib/onboarding/steps";

/**
 * The wizard's server actions: each validates its step on the server, checks the caller may change
 * billing (owner/admin) and calls ONE lib/onboarding function; on success it moves to the step the
 * session says is next.
 */
export type StepState = ActionResult<unknown> | null;

const orgId = z.string().min(1).max(64);
const go = (step: OnboardingStep) => redirect(stepPath(step));

const startSchema = z.object({
  name: z.string().trim().min(1, "enter your organisation's name").max(100, "at most 100 characters"),
  orgId: z.string().regex(ORG_ID_PATTERN, "reload the page and try again"),
});

export async function startAction(_prev: StepState, form: FormData): Promise<StepState> {
  const result = await userAction(startSchema, formObject(form), async ({ name, orgId: id }, user) => {
    const r = await startOnboarding({ userId: user.id, name, orgId: id, actor: { type: user.isAdmin ? "admin" : "user", id: user.id } });
    (await cookies()).set(ACTIVE_ORG_COOKIE, r.orgId, activeOrgCookieOptions());
    return r.session.currentStep as OnboardingStep;
  });
  if (!result.ok) return result;
  go(result.data);
  return null;
}

const customerSchema = z.object({
  orgId,
  companyName: z.string().trim().min(1, "enter the company name").max(200, "at most 200 characters"),
  billingEmail: z.string().trim().email("enter a valid email address").max(254),
  country: z.string().trim().length(2, "choose a country"),
});

export async function billingDetailsAction(_prev: StepState, form: FormData): Promise<StepState> {
  const result = await orgAction("admin", customerSchema, formObject(form), async (d, ctx) => {
    const r = await saveBillingDetails({ ...d, orgId: ctx.org.id, actor: ctx.actor });
    return r.session.currentStep as OnboardingStep;
  });
  if (!result.ok) return result;
  go(result.data);
  return null;
}

const paymentMethodId = z.string().regex(/^pm_[A-Za-z0-9]+$/, "the card form did not return a payment method");

/** The card form's PaymentMethod (the sandbox's form): the decline reason (the user stays on the step), or the next step. */
export async function saveCardAction(input: { orgId: string; paymentMethodId: string }) {
  return orgAction("admin", z.object({ orgId, paymentMethodId }), input, async (d, ctx) => {
    const r = await saveOnboardingCard({ orgId: ctx.org.id, paymentMethodId: d.paymentMethodId, actor: ctx.actor });
    return { next: stepPath(r.session.currentStep as OnboardingStep) };
  });
}

export async function skipPaymentAction(form: FormData): Promise<void> {
  const parsed = z.object({ orgId }).safeParse(formObject(form));
  if (!parsed.success) notFound();
  const ctx = await orgPage("admin", "/onboarding/payment", parsed.data.orgId);
  await skipPaymentStep({ orgId: ctx.org.id });
  go("plan");
}

export async function createSetupIntentAction(input: { orgId: string; attemptId: string }) {
  return orgAction("admin", z.object({ orgId, attemptId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/) }), input, async (d, ctx) => {
    return createOnboardingSetupIntent({ orgId: ctx.org.id, attemptId: d.attemptId });
  });
}

export async function confirmSetupIntentAction(input: { orgId: string; setupIntentId: string }) {
  return orgAction("admin", z.object({ orgId, setupIntentId: z.string().regex(/^seti_[A-Za-z0-9]+$/) }), input, async (d, ctx) => {
    const r = await confirmOnboardingSetupIntent({ orgId: ctx.org.id, setupIntentId: d.setupIntentId, actor: ctx.actor });
    return { next: stepPath(r.session.currentStep as OnboardingStep) };
  });
}

const codeSchema = z.object({ orgId, planKey: z.string().min(1).max(40), code: z.string().trim().max(40) });

/** Live discount-code validation: why a code is refused, or what it takes off. */
export async function checkDiscountAction(input: { orgId: string; planKey: string; code: string }): Promise<ActionResult<DiscountCodeCheck>> {
  return orgAction("admin", codeSchema, input, async (d, _ctx) => {
    return checkDiscountCode(d.code, d.planKey);
  });
}

const planSchema = z.object({
  orgId,
  planKey: z.string().min(1, "choose a plan").max(40),
  interval: z.enum(["month", "year"]),
  discountCode: z.string().trim().max(40).optional(),
});

export async function choosePlanAction(_prev: StepState, form: FormData): Promise<StepState> {
  const result = await orgAction("admin", planSchema, formObject(form), async (d, ctx) => {
    const session = await choosePlan({ ...d, orgId: ctx.org.id, actor: ctx.actor }, async (code, planKey) => {
      const check = await checkDiscountCode(code, planKey);
      if (!check.ok) throw new AppError("invalid_discount", check.reason, 400);
    });
    return session.currentStep as OnboardingStep;
  });
  if (!result.ok) return result;
  go(result.data);
  return null;
}

export async function confirmSubscriptionAction(_prev: StepState, form: FormData): Promise<StepState> {
  const result = await orgAction("admin", z.object({ orgId }), formObject(form), async (d, ctx) => {
    await confirmOnboardingSubscription({ orgId: ctx.org.id, actor: ctx.actor });
  });
  if (!result.ok) return result;
  go("complete");
  return null;
}

/** Step 6: provision (first API key shown once, the plan's credits). Safe to call again. */
export async function completeAction(input: { orgId: string }): Promise<ActionResult<CompleteResult>> {
  return orgAction("admin", z.object({ orgId }), input, async (d, ctx) => {
    return completeOnboarding({ orgId: ctx.org.id, userId: ctx.user.id, actor: ctx.actor });
  });
}
