import { NextResponse } from "next/server";
import { z } from "zod";
import { withAdmin } from "@/lib/auth/route-guards";
import { readQuery } from "@/lib/http/respond";
import { getOverview } from "@/lib/analytics/get-overview";

export const dynamic = "force-dynamic";

const query = z.object({
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD").optional(),
  months: z.coerce.number().int().min(1).max(36).optional(),
});

/** The admin overview figures (from the daily rollups): the current month and one entry per month. */
export const GET = withAdmin(async (req) => {
  const q = readQuery(req, query);
  return NextResponse.json(await getOverview(q));
});
