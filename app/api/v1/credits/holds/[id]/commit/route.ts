import { NextResponse } from "next/server";
import { commitBody } from "@/lib/api/schemas/credits";
import { withApiKey } from "@/lib/auth/route-guards";
import { commitHold } from "@/lib/credits/commit-hold";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Commit the amount actually used (≤ reserved); the rest returns to the balance. */
export const POST = withApiKey<{ id: string }>("credits:write", async (req, key, ctx) => {
  const { id } = await ctx.params;
  const { amount } = await readJson(req, commitBody);
  return NextResponse.json(await commitHold({ orgId: key.orgId, holdId: id, amount }));
});
