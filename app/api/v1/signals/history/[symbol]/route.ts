import { NextResponse } from "next/server";
import { catalog } from "@/lib/billing/catalog";
import { badRequest } from "@/lib/errors";
import { demoHistory } from "@/lib/usage/demo-data";
import { withUsage } from "@/lib/usage/with-usage";

export const dynamic = "force-dynamic";

/** Demo metered endpoint: 30 days of closes for a symbol. */
export const GET = withUsage<{ symbol: string }>(
  async (_req, _key, ctx) => {
    const { symbol } = await ctx.params;
    if (!/^[A-Za-z0-9.-]{1,12}$/.test(symbol)) throw badRequest("symbol must be 1-12 letters, digits, dots or dashes.", undefined, "invalid_symbol");
    return NextResponse.json({ symbol: symbol.toUpperCase(), data: demoHistory(symbol) });
  },
  { metric: "api_calls", cost: catalog.endpointCosts["/signals/history/{symbol}"] ?? 2, endpoint: "/signals/history/{symbol}" },
);
