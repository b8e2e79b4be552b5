import { NextResponse } from "next/server";
import { holdBody } from "@/lib/api/schemas/credits";
import { withApiKey } from "@/lib/auth/route-guards";
import { reserveCredits } from "@/lib/credits/reserve-credits";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Reserve credits for long-running work; returns the hold (commit or release it before it expires). */
export const POST = withApiKey("credits:write", async (req, key) => {
  const b = await readJson(req, holdBody);
  const hold = await reserveCredits({ orgId: key.orgId, amount: b.amount, ttlSeconds: b.ttl_seconds, idempotencyKey: b.idempotency_key });
  return NextResponse.json(hold, { status: hold.duplicate ? 200 : 201 });
});
