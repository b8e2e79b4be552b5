import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiKey } from "@/lib/auth/route-guards";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const key = z.string().min(1, "required").max(255);
const body = z.union([
  z.object({ amount: z.number().int("expected a whole number").positive("expected a positive integer"), idempotency_key: key }).strict(),
  z.object({ event: z.string().min(1), quantity: z.number().int().positive().default(1), idempotency_key: key }).strict(),
]);

/** Spend credits by amount or by event type; 402 insufficient_credits and nothing consumed when short. */
export const POST = withApiKey("credits:write", async (req, k) => {
  const b = await readJson(req, body);
  const res = await consumeCredits({ orgId: k.orgId, idempotencyKey: b.idempotency_key, ...("amount" in b ? { amount: b.amount } : { event: b.event, quantity: b.quantity }) });
  return NextResponse.json(res);
});
