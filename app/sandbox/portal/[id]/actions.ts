"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { portalAddCard, portalCancel, portalRemoveCard, portalResume, portalSetDefault, portalSwitchPlan, type PortalResult } from "@/lib/stripe/sandbox";
import { isSandbox } from "@/lib/stripe/client";
import { cardSchema, formFields } from "../../_components/card-input";

const base = z.object({ sessionId: z.string().startsWith("bps_") });
const sub = base.extend({ subscriptionId: z.string().startsWith("sub_") });
const pm = base.extend({ paymentMethodId: z.string().startsWith("pm_") });

function back(sessionId: string, r: PortalResult): never {
  const q = new URLSearchParams(r.ok ? { notice: r.message } : { error: r.error });
  redirect(`/sandbox/portal/${encodeURIComponent(sessionId)}?${q}`);
}

function parse<T>(schema: z.ZodType<T>, form: FormData): T {
  if (!isSandbox()) redirect("/");
  const parsed = schema.safeParse(formFields(form));
  if (!parsed.success) back(String(form.get("sessionId") ?? ""), { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input." });
  return parsed.data;
}

export async function switchPlan(form: FormData) {
  const d = parse(sub.extend({ priceId: z.string().startsWith("price_") }), form);
  back(d.sessionId, await portalSwitchPlan(d.sessionId, d.subscriptionId, d.priceId));
}

export async function cancelSubscription(form: FormData) {
  const d = parse(sub, form);
  back(d.sessionId, await portalCancel(d.sessionId, d.subscriptionId));
}

export async function resumeSubscription(form: FormData) {
  const d = parse(sub, form);
  back(d.sessionId, await portalResume(d.sessionId, d.subscriptionId));
}

export async function addCard(form: FormData) {
  const d = parse(base.merge(cardSchema), form);
  back(d.sessionId, await portalAddCard(d.sessionId, { number: d.number, expMonth: d.expMonth, expYear: d.expYear, name: d.name || undefined }));
}

export async function makeDefault(form: FormData) {
  const d = parse(pm, form);
  back(d.sessionId, await portalSetDefault(d.sessionId, d.paymentMethodId));
}

export async function removeCard(form: FormData) {
  const d = parse(pm, form);
  back(d.sessionId, await portalRemoveCard(d.sessionId, d.paymentMethodId));
}
