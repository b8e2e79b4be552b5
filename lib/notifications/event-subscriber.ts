import "server-only";
import type { Notice } from "@/lib/events/record";
import { registerSubscriber } from "@/lib/events/subscribers";
import { writeNotice } from "./notify";

/**
 * The in-app notification (and its email) of a domain event that carries a notice. Idempotent: the
 * notification's dedupe key is the event's key (the Stripe object or period that caused it) or, without
 * one, the event id — a re-dispatched event writes and emails nothing new.
 */
registerSubscriber({
  name: "notifications",
  types: "*",
  async handle(event, row) {
    const notice = row.notice as Notice | null;
    if (!notice || !row.orgId) return;
    await writeNotice({ orgId: row.orgId, kind: notice.kind, title: notice.title, body: notice.body, dedupeKey: row.dedupeKey ?? `event:${event.id}`, email: notice.email ?? false });
  },
});
