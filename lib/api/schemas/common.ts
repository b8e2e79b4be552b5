import { z } from "zod";

/** The one error shape of every /api/v1 answer that is not a success. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable, machine-readable code, e.g. invalid_request, insufficient_scope, quota_exceeded.", example: "invalid_request" }),
      message: z.string().meta({ description: "A sentence for humans: what went wrong and what to do." }),
      details: z.unknown().optional().meta({ description: "Extra data for some codes (the fields zod rejected, the problems of a usage batch, the required scope…)." }),
    }),
  })
  .meta({ id: "Error", description: 'Every error: `{"error":{"code","message"}}`, with optional details.' });

export const isoDateTime = z.string().meta({ format: "date-time" });
export const nullableDateTime = isoDateTime.nullable();
export const idempotencyKey = z.string().min(1, "required").max(255).meta({ description: "Your key for this operation (1–255 characters): a retry with the same key does nothing twice." });
export const idParam = z.object({ id: z.string().meta({ description: "The hold's id." }) });
