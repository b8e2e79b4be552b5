"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { orgAction } from "@/lib/auth/action-clients";
import { SCOPE_PRESETS, scopePresetSchema } from "@/lib/auth/api-key-scopes";
import { createApiKey } from "@/lib/auth/create-api-key";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";
import { formObject, type ActionResult } from "@/lib/http/action";

const createSchema = z.object({
  orgId: z.string().min(1),
  name: z.string().trim().min(1, "give the key a name").max(100, "at most 100 characters"),
  preset: scopePresetSchema.default("full"),
});

export type CreateKeyState = ActionResult<{ id: string; name: string; prefix: string; key: string; scopes: string[] }> | null;

/** Create a key (owners and admins); the secret is returned once, for the page to show. */
export async function createApiKeyAction(_prev: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  return orgAction("admin", createSchema, formObject(form), async ({ orgId, name, preset }, ctx) => {
    const key = await createApiKey({ orgId, name, actor: ctx.actor, createdBy: ctx.user.id, scopes: SCOPE_PRESETS[preset].scopes });
    revalidatePath("/settings/api-keys");
    return { id: key.id, name: key.name, prefix: key.prefix, key: key.key, scopes: key.scopes };
  });
}

const revokeSchema = z.object({ orgId: z.string().min(1), keyId: z.string().min(1) });

/** Revoke a key of this organisation (owners and admins). */
export async function revokeApiKeyAction(input: { orgId: string; keyId: string }) {
  return orgAction("admin", revokeSchema, input, async ({ orgId, keyId }, ctx) => {
    const row = await revokeApiKey({ orgId, keyId, actor: ctx.actor });
    revalidatePath("/settings/api-keys");
    return { id: row.id };
  });
}
