"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { PortalResult, Sandbox } from "@/lib/stripe/client";
import { sandboxOrHome } from "../../_lib/sandbox";
import { cardSchema, formFields } from "../../_components/card-input";

const base = z.object({ sessionId: z.string().startsWith("bps_") });
const sub = base.extend({ subscriptionId: z.string().startsWith("sub_") });
const pm = base.extend({ paymentMethodId: z.string().startsWith("pm_") });

function back(sessionId: string, r: PortalResult): never {
  const q = new URLSearchParams(r.ok ? { notice: r.message } : { error: r.error });
  redirect(`/sandbox/portal/${encodeURIComponent(sessionId)}?${q}`);
}

async function parse<T>(schema: z.ZodType<T>, form: FormData): Promise<T & { portal: Sandbox["views"]["portal"] }> {
  const sandbox = await sandboxOrHome();
  const parsed = schema.safeParse(formFields(form));
  if (!parsed.success) back(String(form.get("sessionId") ?? ""), { ok: false, error: parsed.error.issues[0]?.message ?? "Invalid input." });
  return { ...parsed.data, portal: sandbox.views.portal };
}

export async function switchPlan(form: FormData) {
  const d = await parse(sub.extend({ priceId: z.string().startsWith("price_") }), form);
  back(d.sessionId, await d.portal.switchPlan(d.sessionId, d.subscriptionId, d.priceId));
}

export async function cancelSubscription(form: FormData) {
  const d = await parse(sub, form);
  back(d.sessionId, await d.portal.cancel(d.sessionId, d.subscriptionId));
}

export async function resumeSubscription(form: FormData) {
  const d = await parse(sub, form);
  back(d.sessionId, await d.portal.resume(d.sessionId, d.subscriptionId));
}

export async function addCard(form: FormData) {
  const d = await parse(base.merge(cardSchema), form);
  back(d.sessionId, await d.portal.addCard(d.sessionId, { number: d.number, expMonth: d.expMonth, expYear: d.expYear, name: d.name || undefined }));
}

export async function makeDefault(form: FormData) {
  const d = await parse(pm, form);
  back(d.sessionId, await d.portal.setDefault(d.sessionId, d.paymentMethodId));
}

export async function removeCard(form: FormData) {
  const d = await parse(pm, form);
  back(d.sessionId, await d.portal.removeCard(d.sessionId, d.paymentMethodId));
}
