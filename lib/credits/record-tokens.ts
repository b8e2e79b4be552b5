import { catalog } from "@/lib/billing/catalog";
import { badRequest } from "@/lib/errors";
import { recordUsage } from "@/lib/usage/record-usage";
import { tokenCredits } from "./allocate";
import { consumeCredits } from "./consume-credits";

/**
 * Charge an LLM call: credits from the catalog's per-model, per-direction prices (per 1,000 tokens,
 * rounded up), consumed atomically (402 when short), then the tokens recorded as usage. Both are
 * idempotent on `idempotencyKey`, so a retry charges and counts once.
 */
export async function recordTokens(input: { orgId: string; model: string; inputTokens: number; outputTokens: number; idempotencyKey: string }) {
  const price = Object.hasOwn(catalog.tokenPrices, input.model) ? catalog.tokenPrices[input.model] : undefined;
  if (!price) throw badRequest(`Unknown model "${input.model}"; expected one of ${Object.keys(catalog.tokenPrices).join(", ")}.`, undefined, "unknown_model");
  for (const [k, v] of [["inputTokens", input.inputTokens], ["outputTokens", input.outputTokens]] as const) {
    if (!Number.isSafeInteger(v) || v < 0) throw badRequest(`${k} must be a non-negative integer.`, undefined, "invalid_quantity");
  }
  const credits = tokenCredits(price, input.inputTokens, input.outputTokens);
  const total = input.inputTokens + input.outputTokens;
  const charge = credits > 0
    ? await consumeCredits({ orgId: input.orgId, amount: credits, idempotencyKey: `tokens:${input.idempotencyKey}`, metadata: { model: input.model, input_tokens: input.inputTokens, output_tokens: input.outputTokens } })
    : null;
  const usage = total > 0
    ? await recordUsage({ orgId: input.orgId, metric: "tokens", quantity: total, idempotencyKey: `tokens:${input.idempotencyKey}`, properties: { model: input.model, input: input.inputTokens, output: input.outputTokens } })
    : null;
  return { credits, tokens: total, balance: charge?.balance ?? null, duplicate: charge?.duplicate ?? usage?.status === "duplicate" };
}
