import { apiKeys } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { record, type Actor } from "@/lib/events/record";
import { newId } from "@/lib/ids";
import { now } from "@/lib/clock";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "./api-key-format";
import { API_SCOPES, apiScopesSchema, type ApiScope } from "./api-key-scopes";

/** Create an API key for an organisation. The full key is returned once and never stored. */
export async function createApiKey(input: {
  orgId: string;
  name: string;
  actor: Actor;
  createdBy?: string | null;
  /** Fixed key (seeding with SEED_API_KEY); otherwise generated. */
  key?: string;
  /** What the key may do; all scopes when not given. */
  scopes?: readonly ApiScope[];
}) {
  const key = input.key ?? generateApiKey();
  const scopes = input.scopes ? apiScopesSchema.parse(input.scopes) : [...API_SCOPES];
  const row = {
    id: newId("key"),
    orgId: input.orgId,
    name: input.name,
    prefix: apiKeyPrefix(key),
    hash: hashApiKey(key),
    createdBy: input.createdBy ?? null,
    createdAt: now(),
    scopes,
  };
  await withOrg(input.orgId, async (tx) => {
    await tx.insert(apiKeys).values(row);
    await record(tx, {
      actor: input.actor,
      orgId: input.orgId,
      action: "api_key.created",
      target: row.id,
      after: { id: row.id, name: row.name, prefix: row.prefix, scopes },
      event: { type: "api_key.created", data: { api_key_id: row.id, name: row.name, prefix: row.prefix, scopes } },
    });
  });
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, scopes, key };
}
