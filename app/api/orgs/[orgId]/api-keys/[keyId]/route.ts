import { NextResponse } from "next/server";
import { requireOrgRole } from "@/lib/auth/guards";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Revoke a key (owners and admins). Another organisation's key id is a 404. */
export const DELETE = route<{ orgId: string; keyId: string }>(async (_req, ctx) => {
  const { orgId, keyId } = await ctx.params;
  const { org, actor } = await requireOrgRole("admin", orgId);
  const row = await revokeApiKey({ orgId: org.id, keyId, actor });
  return NextResponse.json({ apiKey: { ...row, revoked: true } });
});
