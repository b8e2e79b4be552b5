import { z } from "zod";

/** /me and the metered demo endpoints. */
export const me = z.object({ organization: z.object({ id: z.string(), name: z.string() }).strict() }).strict().meta({ id: "Me" });
export const signals = z
  .object({ data: z.array(z.object({ symbol: z.string(), signal: z.enum(["buy", "sell", "hold"]), confidence: z.number() }).strict()) })
  .strict()
  .meta({ id: "Signals" });
export const historyParams = z.object({ symbol: z.string().meta({ description: "1–12 letters, digits, dots or dashes.", example: "AAPL" }) });
export const history = z
  .object({ symbol: z.string(), data: z.array(z.object({ date: z.string(), close: z.number() }).strict()) })
  .strict()
  .meta({ id: "History" });
