"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { sandboxOrHome } from "../../_lib/sandbox";

const schema = z.object({ intentId: z.string().regex(/^(pi|seti)_/), decision: z.enum(["approve", "fail"]) });

/** The sandbox's stand-in for the bank's 3-D Secure page. */
export async function decide(form: FormData) {
  const sandbox = await sandboxOrHome();
  const d = schema.parse({ intentId: form.get("intentId"), decision: form.get("decision") });
  const r = await sandbox.views.authenticate.decide(d.intentId, d.decision === "approve");
  redirect(`/sandbox/authenticate/${d.intentId}?status=${encodeURIComponent(r.status)}`);
}
