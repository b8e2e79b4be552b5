import { and, eq, isNull } from "drizzle-orm";
import { apiKeys } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { now } from "@/lib/clock";
import { notFound } from "@/lib/errors";
import { forgetApiKey } from "./api-key-cache";

/** Revoke a key of this organisation; another organisation's key id is a 404. */
export async function revokeApiKey(input: { orgId: string; keyId: string; actor: Actor }) {
  return withOrg(input.orgId, async (tx) => {
    const [row] = await tx
      .update(apiKeys)
      .set({ revokedAt: now() })
      .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.orgId, input.orgId), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name, prefix: apiKeys.prefix });
    if (!row) throw notFound("API key");
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "api_key.revoked",
      target: row.id,
      before: row,
      event: { type: "api_key.revoked", data: { api_key_id: row.id, name: row.name, prefix: row.prefix } },
    });
    return row;
  }).then((row) => {
    forgetApiKey(row.id);
    return row;
  });
}
