import "server-only";
import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { paymentMethods } from "@/db/schema";
import { cardLabel } from "@/lib/billing/payment-methods";
import { catalog, getPlan } from "@/lib/billing/catalog";
import type { Interval } from "@/lib/billing/catalog-schema";
import { now } from "@/lib/clock";
import { conflict } from "@/lib/errors";
import { firstInvoicePreview } from "./first-invoice-preview";
import { getBillingDetails } from "./get-billing-details";
import { loadSession } from "./session";

async function cardLabelOf(orgId: string, paymentMethodId: string): Promise<string | null> {
  const [pm] = await db.select().from(paymentMethods).where(and(eq(paymentMethods.id, paymentMethodId), eq(paymentMethods.orgId, orgId)));
  return pm ? cardLabel(pm) : null;
}

/** Step 5's summary: the chosen plan, the billing details, the card and the first invoice preview. */
export async function getSubscriptionSummary(orgId: string) {
  const session = await loadSession(orgId);
  const plan = session?.planKey ? getPlan(session.planKey) : undefined;
  if (!session || !plan) throw conflict("Choose a plan first.", "plan_missing");
  const interval = (session.interval ?? "month") as Interval;
  const coupon = session.discountCode ? (catalog.coupons.find((c) => c.code === session.discountCode) ?? null) : null;
  return {
    plan,
    interval,
    discountCode: session.discountCode,
    paymentMethodId: session.paymentMethodId,
    /** The card by name ("Visa ending in 4242"), from the mirror; null while it has not synced. */
    paymentMethodLabel: session.paymentMethodId ? await cardLabelOf(orgId, session.paymentMethodId) : null,
    details: await getBillingDetails(orgId),
    preview: firstInvoicePreview(plan, interval, coupon, now()),
  };
}
