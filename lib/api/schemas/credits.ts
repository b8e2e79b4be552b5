import { z } from "zod";
import { MAX_HOLD_TTL_SECONDS } from "@/lib/credits/hold-internals";
import { idempotencyKey, isoDateTime } from "./common";

/** Requests and responses of the credits API. */
export const consumeBody = z
  .union([
    z.object({ amount: z.number().int("expected a whole number").positive("expected a positive integer"), idempotency_key: idempotencyKey }).strict(),
    z.object({ event: z.string().min(1).meta({ description: "A credit-priced event type from the catalog, e.g. ai_inference." }), quantity: z.number().int().positive().default(1), idempotency_key: idempotencyKey }).strict(),
  ])
  .meta({ id: "ConsumeRequest", description: "Spend an amount of credits, or the catalog price of `quantity` events." });

export const holdBody = z
  .object({
    amount: z.number().int("expected a whole number").positive("expected a positive integer"),
    ttl_seconds: z.number().int().min(1).max(MAX_HOLD_TTL_SECONDS).optional().meta({ description: `Seconds until the hold expires and its credits return (at most ${MAX_HOLD_TTL_SECONDS}).` }),
    idempotency_key: idempotencyKey,
  })
  .meta({ id: "HoldRequest" });

export const commitBody = z.object({ amount: z.number().int("expected a whole number").min(0, "cannot be negative").meta({ description: "Credits actually used (≤ the amount held)." }) }).meta({ id: "CommitHoldRequest" });

export const consumeResult = z
  .object({
    transaction_id: z.number().int(),
    consumed: z.number().int(),
    balance: z.number().int(),
    allocations: z.array(z.object({ grant_id: z.string(), amount: z.number().int() }).strict()),
    duplicate: z.boolean().meta({ description: "True when this idempotency_key was already consumed (nothing spent twice)." }),
  })
  .strict()
  .meta({ id: "ConsumeResult" });

export const hold = z
  .object({
    id: z.string(),
    amount: z.number().int(),
    status: z.string().meta({ description: "held, committed, released or expired." }),
    committed_amount: z.number().int().nullable(),
    expires_at: isoDateTime,
    balance: z.number().int(),
  })
  .strict()
  .meta({ id: "Hold" });
export const holdCreated = hold.extend({ duplicate: z.boolean() }).meta({ id: "HoldCreated" });

export const creditBalance = z
  .object({
    balance: z.number().int(),
    by_source: z.record(z.string(), z.number().int()),
    held: z.number().int(),
    low_balance_threshold: z.number().int().nullable(),
    expiring_soon: z.array(z.object({ grant_id: z.string(), source: z.string(), remaining: z.number().int(), expires_at: isoDateTime }).strict()),
  })
  .strict()
  .meta({ id: "CreditBalance" });
