import { NextResponse } from "next/server";
import { getBillingConfig } from "@/lib/billing/get-billing-config";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** Public: the Stripe mode, the publishable key and the plans. */
export const GET = route(async () => NextResponse.json(getBillingConfig()));
