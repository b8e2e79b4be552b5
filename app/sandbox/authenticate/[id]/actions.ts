"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { approveIntent } from "@/lib/stripe/sandbox";
import { isSandbox } from "@/lib/stripe/client";

const schema = z.object({ intentId: z.string().regex(/^(pi|seti)_/), decision: z.enum(["approve", "fail"]) });

/** The sandbox's stand-in for the bank's 3-D Secure page. */
export async function decide(form: FormData) {
  if (!isSandbox()) redirect("/");
  const d = schema.parse({ intentId: form.get("intentId"), decision: form.get("decision") });
  const r = await approveIntent(d.intentId, d.decision === "approve");
  redirect(`/sandbox/authenticate/${d.intentId}?status=${encodeURIComponent(r.status)}`);
}
