import { NextResponse } from "next/server";
import { z } from "zod";
import { withApiKey } from "@/lib/auth/route-guards";
import { commitHold } from "@/lib/credits/commit-hold";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

const body = z.object({ amount: z.number().int("expected a whole number").min(0, "cannot be negative") });

/** Commit the amount actually used (≤ reserved); the rest returns to the balance. */
export const POST = withApiKey<{ id: string }>("credits:write", async (req, key, ctx) => {
  const { id } = await ctx.params;
  const { amount } = await readJson(req, body);
  return NextResponse.json(await commitHold({ orgId: key.orgId, holdId: id, amount }));
});
