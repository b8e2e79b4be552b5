import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { getCreditBalance } from "@/lib/credits/get-credit-balance";

export const dynamic = "force-dynamic";

/** Credit balance, by source, held, and grants expiring in the next 30 days. */
export const GET = withApiKey("usage:read", async (_req, key) => NextResponse.json(await getCreditBalance(key.orgId)));
