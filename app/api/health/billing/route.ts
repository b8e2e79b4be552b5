import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { getBillingHealth } from "@/lib/analytics/get-billing-health";

export const dynamic = "force-dynamic";

/** Public operational check (counts and states only, no customer data): 200 when healthy, else 503. */
export const GET = route(async () => {
  const health = await getBillingHealth();
  return NextResponse.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
});
