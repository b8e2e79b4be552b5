import type Stripe from "stripe";

/** The Stripe customer id an event is about, read off its object (null when it names none). */
export function eventCustomerId(event: Pick<Stripe.Event, "data">): string | null {
  const obj = event.data?.object as unknown as Record<string, unknown> | undefined;
  if (!obj) return null;
  if (obj.object === "customer" && typeof obj.id === "string") return obj.id;
  const c = obj.customer;
  if (typeof c === "string") return c;
  if (c && typeof c === "object" && typeof (c as { id?: unknown }).id === "string") return (c as { id: string }).id;
  return null;
}
