import { readFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { PUBLIC_SANDBOX_WEBHOOK_SECRET as SANDBOX_WEBHOOK_SECRET } from "../webhook-secret";

/** Stripe's published example objects (tests/fixtures/stripe/fixtures3.json, MIT), deep-copied with overrides. */
const resources = (JSON.parse(readFileSync(path.resolve(__dirname, "../../../../tests/fixtures/stripe/fixtures3.json"), "utf8")) as {
  resources: Record<string, Record<string, unknown>>;
}).resources;

export function fixture<T = Record<string, unknown>>(name: string, overrides: Record<string, unknown> = {}): T {
  const base = structuredClone(resources[name]);
  if (!base) throw new Error(`no fixture ${name}`);
  return { ...base, ...overrides } as T;
}

let seq = 0;
export const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Wrap an object in the fixture `event` envelope. */
export function eventFor(type: string, object: Record<string, unknown>, extra: Record<string, unknown> = {}): Stripe.Event {
  return fixture<Stripe.Event>("event", {
    id: uid("evt"),
    type,
    created: Math.floor(Date.now() / 1000),
    api_version: "2026-10-28.endive",
    data: { object },
    ...extra,
  });
}

export function sign(payload: string, opts: { secret?: string; timestamp?: number } = {}) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? SANDBOX_WEBHOOK_SECRET, timestamp: opts.timestamp });
}
