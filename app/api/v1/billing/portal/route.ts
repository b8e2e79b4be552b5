import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { portalBody } from "@/lib/api/schemas/billing";
import { createPortalSession } from "@/lib/billing/create-portal-session";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** A Customer Portal session → `{ url }`. */
export const POST = withApiKey("billing:write", async (req, key) => {
  const body = await readJson(req, portalBody);
  return NextResponse.json(await createPortalSession({ orgId: key.orgId, returnUrl: body.return_url, actor: key.actor }), { status: 201 });
});
