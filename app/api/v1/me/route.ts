import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";

export const dynamic = "force-dynamic";

/** The API key's organisation. */
export const GET = withApiKey(null, async (_req, key) =>
  NextResponse.json({ organization: { id: key.orgId, name: key.orgName } }),
);
