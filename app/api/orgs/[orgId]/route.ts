import { NextResponse } from "next/server";
import { z } from "zod";
import { withOrgRole } from "@/lib/auth/route-guards";
import { readJson } from "@/lib/http/respond";
import { renameOrganization } from "@/lib/orgs/rename-organization";

export const dynamic = "force-dynamic";

type Params = { orgId: string };

/** The organisation and the caller's role (members). Another organisation's id is a 404. */
export const GET = withOrgRole<Params>("member", async (_req, { org, role }) => {
  return NextResponse.json({ organization: { id: org.id, name: org.name, role } });
});

const renameSchema = z.object({ name: z.string().trim().min(1, "enter a name").max(100, "at most 100 characters") });

/** Rename (owners and admins). */
export const PATCH = withOrgRole<Params>("admin", async (req, { org, actor }) => {
  const { name } = await readJson(req, renameSchema);
  const renamed = await renameOrganization({ orgId: org.id, name, actor });
  return NextResponse.json({ organization: renamed });
});
