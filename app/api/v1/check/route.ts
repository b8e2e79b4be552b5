import { NextResponse } from "next/server";
import { checkQuery } from "@/lib/api/schemas/usage";
import { serializeCheck } from "@/lib/api/serializers";
import { withApiKey } from "@/lib/auth/route-guards";
import { readQuery } from "@/lib/http/respond";
import { check } from "@/lib/usage/check-quota";

export const dynamic = "force-dynamic";

/** May the organisation use `quantity` of `metric` now (or does it have `feature`)? Counts nothing. */
export const GET = withApiKey("usage:read", async (req, key) => {
  const q = readQuery(req, checkQuery);
  return NextResponse.json(serializeCheck(await check({ orgId: key.orgId, ...q })));
});
