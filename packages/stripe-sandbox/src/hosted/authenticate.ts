import { withSandbox } from "../session";
import { findObject, saveObject } from "../store";
import { confirmPaymentIntent } from "../billing/payments";
import { confirmSetupIntent } from "../resources/intents";
import { attemptInvoicePayment, invoiceSubscriptionId } from "../billing/invoicing";
import { queryObjects } from "../store";
import { settleSubscriptionAfterPayment } from "../billing/subscription-engine";

/**
 * The sandbox stands in for the bank's 3-D Secure page: approve (or fail) a PaymentIntent or
 * SetupIntent waiting in requires_action. An approved invoice payment settles its subscription.
 */
export async function approveIntent(id: string, approve = true): Promise<{ ok: boolean; status: string }> {
  return withSandbox(async (s) => {
    const intent = (await findObject(s.tx, id, "payment_intent")) ?? (await findObject(s.tx, id, "setup_intent"));
    if (!intent || intent.status !== "requires_action") return { ok: false, status: String(intent?.status ?? "missing") };
    if (!approve) {
      intent.status = "requires_payment_method";
      intent.next_action = null;
      intent[intent.object === "payment_intent" ? "last_payment_error" : "last_setup_error"] = { type: "card_error", code: "payment_intent_authentication_failure", message: "The customer did not authenticate." };
      await saveObject(s.tx, intent);
      await s.emit(`${intent.object}.${intent.object === "payment_intent" ? "payment_failed" : "setup_failed"}`, intent);
      return { ok: true, status: String(intent.status) };
    }
    if (intent.object === "setup_intent") {
      await confirmSetupIntent(s, intent, { authenticated: true });
      return { ok: true, status: String(intent.status) };
    }
    const [invoice] = await queryObjects(s.tx, "invoice", { contains: { payments: { data: [{ payment: { payment_intent: intent.id } }] } } });
    if (invoice && invoice.status === "open") {
      await confirmPaymentIntent(s, intent, { offSession: false, authenticated: true });
      await attemptInvoicePayment(s, invoice, { offSession: false });
      const subId = invoiceSubscriptionId(invoice);
      const sub = subId ? await findObject(s.tx, subId, "subscription") : null;
      if (sub) await settleSubscriptionAfterPayment(s, sub, invoice);
    } else {
      await confirmPaymentIntent(s, intent, { offSession: false, authenticated: true });
    }
    return { ok: true, status: String(intent.status) };
  });
}
