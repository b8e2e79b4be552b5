import { NextResponse } from "next/server";
import { spendCapBody } from "@/lib/api/schemas/billing";
import { withApiKey } from "@/lib/auth/route-guards";
import { readJson } from "@/lib/http/respond";
import { getSpendCap, setSpendCap } from "@/lib/usage/spend-cap";

export const dynamic = "force-dynamic";

/** The organisation's spend cap: maximum overage per period in cents (null = none). */
export const GET = withApiKey("billing:read", async (_req, key) => NextResponse.json({ spend_cap_cents: await getSpendCap(key.orgId) }));

/** Set or clear the spend cap (audited). Past it, metered calls are refused with 429. */
export const PUT = withApiKey("billing:write", async (req, key) => {
  const { spend_cap_cents } = await readJson(req, spendCapBody);
  return NextResponse.json(await setSpendCap({ orgId: key.orgId, spendCapCents: spend_cap_cents, actor: key.actor }));
});
