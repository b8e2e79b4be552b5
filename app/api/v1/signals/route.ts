import { NextResponse } from "next/server";
import { catalog } from "@/lib/billing/catalog";
import { demoSignals } from "@/lib/usage/demo-data";
import { withUsage } from "@/lib/usage/with-usage";

export const dynamic = "force-dynamic";

/** Demo metered endpoint: today's signals (costs catalog.endpointCosts["/signals"] api_calls). */
export const GET = withUsage(async () => NextResponse.json({ data: demoSignals() }), {
  metric: "api_calls",
  cost: catalog.endpointCosts["/signals"] ?? 1,
  endpoint: "/signals",
});
