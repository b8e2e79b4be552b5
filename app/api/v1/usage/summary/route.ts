import { NextResponse } from "next/server";
import { usageSummaryQuery } from "@/lib/api/schemas/usage";
import { withApiKey } from "@/lib/auth/route-guards";
import { readQuery } from "@/lib/http/respond";
import { getUsageSummary } from "@/lib/usage/get-usage-summary";

export const dynamic = "force-dynamic";

/** Usage per metric, per day and per endpoint for the current or a past period. */
export const GET = withApiKey("usage:read", async (req, key) => {
  const { period } = readQuery(req, usageSummaryQuery);
  return NextResponse.json(await getUsageSummary(key.orgId, period));
});
