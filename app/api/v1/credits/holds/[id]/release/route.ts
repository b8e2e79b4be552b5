import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { releaseHold } from "@/lib/credits/release-hold";

export const dynamic = "force-dynamic";

/** Release a hold: all of its credits return to the balance. */
export const POST = withApiKey<{ id: string }>("credits:write", async (_req, key, ctx) => {
  const { id } = await ctx.params;
  return NextResponse.json(await releaseHold({ orgId: key.orgId, holdId: id }));
});
