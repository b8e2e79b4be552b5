import { withSandbox } from "../session";
import { findObject } from "../store";

/** An invoice (or a payment intent's receipt) for the hosted invoice page. */
export async function getInvoiceView(id: string) {
  return withSandbox(async (s) => {
    const invoice = (await findObject(s.tx, id, "invoice")) ?? (await findObject(s.tx, id, "payment_intent"));
    if (!invoice) return null;
    const customer = typeof invoice.customer === "string" ? await findObject(s.tx, invoice.customer, "customer") : null;
    return { invoice, customer };
  });
}
