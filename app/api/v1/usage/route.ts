import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiKey } from "@/lib/auth/route-guards";
import { readJson } from "@/lib/http/respond";
import { recordUsageRequest } from "@/lib/usage/record-usage-request";

export const dynamic = "force-dynamic";

/** Record one usage event or {"events":[…]} (≤ 1,000). 200 only after the events are committed. */
export const POST = withApiKey("usage:write", async (req, key) => {
  const body = await readJson(req, z.unknown());
  return NextResponse.json(await recordUsageRequest(key.orgId, body));
});
