import { NextResponse } from "next/server";
import { consumeBody } from "@/lib/api/schemas/credits";
import { serializeConsume } from "@/lib/api/serializers";
import { withApiKey } from "@/lib/auth/route-guards";
import { consumeCredits } from "@/lib/credits/consume-credits";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Spend credits by amount or by event type; 402 insufficient_credits and nothing consumed when short. */
export const POST = withApiKey("credits:write", async (req, k) => {
  const b = await readJson(req, consumeBody);
  const res = await consumeCredits({ orgId: k.orgId, idempotencyKey: b.idempotency_key, ...("amount" in b ? { amount: b.amount } : { event: b.event, quantity: b.quantity }) });
  return NextResponse.json(serializeConsume(res));
});
