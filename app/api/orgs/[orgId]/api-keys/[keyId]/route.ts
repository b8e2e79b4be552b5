import { NextResponse } from "next/server";
import { withOrgRole } from "@/lib/auth/route-guards";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";

export const dynamic = "force-dynamic";

/** Revoke a key (owners and admins). Another organisation's key id is a 404. */
export const DELETE = withOrgRole<{ orgId: string; keyId: string }>("admin", async (_req, { org, actor }, ctx) => {
  const { keyId } = await ctx.params;
  const row = await revokeApiKey({ orgId: org.id, keyId, actor });
  return NextResponse.json({ apiKey: { ...row, revoked: true } });
});
