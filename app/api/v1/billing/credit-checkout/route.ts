import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { packCheckoutBody } from "@/lib/api/schemas/billing";
import { createPaymentCheckout } from "@/lib/billing/create-payment-checkout";
import { readJson } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** Buy a credit pack (one-time Checkout) → `{ id, url }`. */
export const POST = withApiKey("billing:write", async (req, key) => {
  const body = await readJson(req, packCheckoutBody);
  const out = await createPaymentCheckout({ orgId: key.orgId, packKey: body.pack, successUrl: body.success_url, cancelUrl: body.cancel_url, saveCard: body.save_card, actor: key.actor, idempotencyKey: req.headers.get("idempotency-key") ?? undefined });
  return NextResponse.json(out, { status: 201 });
});
