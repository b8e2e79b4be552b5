import { notFound, redirect } from "next/navigation";
import { orgPage } from "@/lib/auth/page-guards";
import { packReceiptUrl } from "@/lib/billing/confirm-pack-purchase";

export const dynamic = "force-dynamic";

/** The receipt of a credit-pack payment (one-time payments on the invoices tab): redirects to the charge's receipt. */
export default async function PackReceiptPage({ params }: { params: Promise<{ sessionId: string }> }) {
  const { sessionId } = await params;
  const { org } = await orgPage("member", `/billing/invoices/receipt/${encodeURIComponent(sessionId)}`);
  if (!/^cs_[A-Za-z0-9_]{1,200}$/.test(sessionId)) notFound();
  const url = await packReceiptUrl(org.id, sessionId).catch(() => null);
  if (!url) notFound();
  redirect(url);
}
