import "server-only";
import type Stripe from "stripe";
import { handlers } from "./handlers";
import type { HandlerResult, WebhookContext } from "./types";

/** Route an event to its handler (`eventType → handler`); unknown types are acknowledged with a note. */
export async function dispatchStripeEvent(event: Stripe.Event, ctx: WebhookContext): Promise<HandlerResult> {
  const handler = handlers[event.type];
  if (!handler) return { note: `no handler for ${event.type}; stored and acknowledged` };
  return handler(event, ctx);
}

export function handledEventTypes(): string[] {
  return Object.keys(handlers).sort();
}
