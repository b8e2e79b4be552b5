import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { discountBody } from "@/lib/api/schemas/billing";
import { serializeDiscountCheck } from "@/lib/api/serializers";
import { validateDiscount } from "@/lib/billing/validate-discount";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Check a discount code (optionally for a plan): `{ valid: true, … }` or `{ valid: false, reason }`. */
export const POST = withApiKey("billing:read", async (req, key) => {
  void key;
  const body = await readJson(req, discountBody);
  return NextResponse.json(serializeDiscountCheck(await validateDiscount({ code: body.code, planKey: body.plan })));
});
