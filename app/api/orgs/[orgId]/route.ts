import { NextResponse } from "next/server";
import { z } from "zod";
import { requireOrgRole } from "@/lib/auth/guards";
import { readJson } from "@/lib/http/respond";
import { route } from "@/lib/http/route";
import { renameOrganization } from "@/lib/orgs/rename-organization";

export const dynamic = "force-dynamic";

type Params = { orgId: string };

/** The organisation and the caller's role (members). Another organisation's id is a 404. */
export const GET = route<Params>(async (_req, ctx) => {
  const { org, role } = await requireOrgRole("member", (await ctx.params).orgId);
  return NextResponse.json({ organization: { id: org.id, name: org.name, role } });
});

const renameSchema = z.object({ name: z.string().trim().min(1, "enter a name").max(100, "at most 100 characters") });

/** Rename (owners and admins). */
export const PATCH = route<Params>(async (req, ctx) => {
  const { org, actor } = await requireOrgRole("admin", (await ctx.params).orgId);
  const { name } = await readJson(req, renameSchema);
  const renamed = await renameOrganization({ orgId: org.id, name, actor });
  return NextResponse.json({ organization: renamed });
});
