import { NextResponse } from "next/server";
import { route } from "@/lib/http/route";
import { receiveStripeWebhook } from "@/lib/stripe/webhooks/receive-webhook";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Stripe posts events here. The signature is verified on the RAW body; the event is stored (unique by
 * id) and queued before the 200; duplicates are acknowledged with `duplicate: true`.
 */
export const POST = route(async (req) => {
  const raw = await req.text();
  const out = await receiveStripeWebhook(raw, req.headers.get("stripe-signature"));
  return NextResponse.json({ received: true, duplicate: out.duplicate });
}, { quiet: true });
