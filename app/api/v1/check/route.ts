import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiKey } from "@/lib/auth/route-guards";
import { readQuery } from "@/lib/http/respond";
import { check } from "@/lib/usage/check-quota";

export const dynamic = "force-dynamic";

const query = z
  .object({
    metric: z.string().min(1).optional(),
    feature: z.string().min(1).optional(),
    quantity: z.coerce.number().int("expected a whole number").min(0, "expected a non-negative integer").default(1),
  })
  .refine((q) => Boolean(q.metric) !== Boolean(q.feature), { message: "send exactly one of metric or feature", path: ["metric"] });

/** May the organisation use `quantity` of `metric` now (or does it have `feature`)? Counts nothing. */
export const GET = withApiKey("usage:read", async (req, key) => {
  const q = readQuery(req, query);
  const { period_start: _p, ...result } = await check({ orgId: key.orgId, ...q });
  return NextResponse.json(result);
});
