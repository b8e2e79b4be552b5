import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiKey } from "@/lib/auth/route-guards";
import { readQuery } from "@/lib/http/respond";
import { getUsageSummary } from "@/lib/usage/get-usage-summary";

export const dynamic = "force-dynamic";

const query = z.object({ period: z.string().regex(/^(current|\d{4}-(0[1-9]|1[0-2]))$/, 'expected "current" or YYYY-MM').default("current") });

/** Usage per metric, per day and per endpoint for the current or a past period. */
export const GET = withApiKey("usage:read", async (req, key) => {
  const { period } = readQuery(req, query);
  return NextResponse.json(await getUsageSummary(key.orgId, period));
});
