import { NextResponse } from "next/server";
import { z } from "zod";
import { apiScopesSchema, SCOPE_PRESETS, scopePresetSchema } from "@/lib/auth/api-key-scopes";
import { createApiKey } from "@/lib/auth/create-api-key";
import { listApiKeys } from "@/lib/auth/list-api-keys";
import { readJson } from "@/lib/http/respond";
import { withOrgRole } from "@/lib/auth/route-guards";

export const dynamic = "force-dynamic";

type Params = { orgId: string };

/** Active keys of the organisation, never the secret (owners and admins). */
export const GET = withOrgRole<Params>("admin", async (_req, { org }) => {
  return NextResponse.json({ data: await listApiKeys(org.id) });
});

const createSchema = z
  .object({
    name: z.string().trim().min(1, "give the key a name").max(100, "at most 100 characters"),
    /** Explicit scopes, or a preset (full, metering, read_only); neither = full access. */
    scopes: apiScopesSchema.optional(),
    preset: scopePresetSchema.optional(),
  })
  .strict()
  .refine((v) => !(v.scopes && v.preset), { message: "give scopes or preset, not both", path: ["scopes"] });

/** Create a key; the response is the only time the full key is returned (owners and admins). */
export const POST = withOrgRole<Params>("admin", async (req, { org, actor, user }) => {
  const { name, scopes, preset } = await readJson(req, createSchema);
  const key = await createApiKey({ orgId: org.id, name, actor, createdBy: user.id, scopes: scopes ?? SCOPE_PRESETS[preset ?? "full"].scopes });
  return NextResponse.json({ apiKey: key }, { status: 201 });
});
