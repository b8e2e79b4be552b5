import type Stripe from "stripe";
import type { Actor } from "@/lib/audit/write-audit";

export type WebhookContext = {
  /** The stored Stripe event id (the audit actor id). */
  eventId: string;
  actor: Actor;
  /** When the event was stored: a customer sync that read Stripe after it stands for this event's sync. */
  receivedAt?: Date;
};

/** What a handler reports; `note` is kept on the event row (e.g. "no organisation for customer"). */
export type HandlerResult = { note?: string } | void;

export type WebhookHandler = (event: Stripe.Event, ctx: WebhookContext) => Promise<HandlerResult>;
