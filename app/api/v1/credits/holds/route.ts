import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiKey } from "@/lib/auth/route-guards";
import { MAX_HOLD_TTL_SECONDS } from "@/lib/credits/hold-internals";
import { reserveCredits } from "@/lib/credits/reserve-credits";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const body = z.object({
  amount: z.number().int("expected a whole number").positive("expected a positive integer"),
  ttl_seconds: z.number().int().min(1).max(MAX_HOLD_TTL_SECONDS).optional(),
  idempotency_key: z.string().min(1, "required").max(255),
});

/** Reserve credits for long-running work; returns the hold (commit or release it before it expires). */
export const POST = withApiKey("credits:write", async (req, key) => {
  const b = await readJson(req, body);
  const hold = await reserveCredits({ orgId: key.orgId, amount: b.amount, ttlSeconds: b.ttl_seconds, idempotencyKey: b.idempotency_key });
  return NextResponse.json(hold, { status: hold.duplicate ? 200 : 201 });
});
