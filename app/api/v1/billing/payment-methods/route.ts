import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { serializePaymentMethod } from "@/lib/api/serializers";
import { listPaymentMethods } from "@/lib/billing/payment-methods";

export const dynamic = "force-dynamic";

/** The organisation's cards (brand, last 4, expiry, default). */
export const GET = withApiKey("billing:read", async (_req, key) => NextResponse.json({ data: (await listPaymentMethods(key.orgId)).map(serializePaymentMethod) }));
