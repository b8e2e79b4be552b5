import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { getBillingStatus } from "@/lib/usage/get-billing-status";

export const dynamic = "force-dynamic";

/** Plan, status and usage in the seed contract's shape (+ overage_amount_cents, usage_by_metric). */
export const GET = withApiKey("billing:read", async (_req, key) => NextResponse.json(await getBillingStatus(key.orgId)));
