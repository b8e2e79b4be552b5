import { inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { db } from "@/db";
import { stripeEvents } from "@/db/schema";
import { storeStripeEvent } from "../store-event";
import { eventFor, fixture } from "./fixtures";

/** The receiver's group commit: many deliveries at once are stored by one statement, each exactly once. */
const invoice = () => fixture("invoice", { customer: "cus_store_batch" });

describe("storeStripeEvent group commit", () => {
  it("200 concurrent deliveries of 40 events (5× each, shuffled) store 40 rows and report stored once per event", async () => {
    const events = Array.from({ length: 40 }, () => eventFor("invoice.paid", invoice()));
    const deliveries = events.flatMap((e) => Array.from({ length: 5 }, () => structuredClone(e)));
    deliveries.sort(() => Math.random() - 0.5);
    const results = await Promise.all(deliveries.map((e) => storeStripeEvent(e)));
    const storedIds = results.filter((r) => r.stored).map((r) => r.eventId);
    expect(storedIds.length).toBe(40);
    expect(new Set(storedIds).size).toBe(40);
    const rows = await db.select({ id: stripeEvents.id, status: stripeEvents.status }).from(stripeEvents).where(inArray(stripeEvents.id, events.map((e) => e.id)));
    expect(rows.length).toBe(40);
    expect(rows.every((r) => r.status === "pending")).toBe(true);
    // Delivered again later: acknowledged, nothing stored.
    const again = await Promise.all(events.map((e) => storeStripeEvent(e)));
    expect(again.filter((r) => r.stored)).toEqual([]);
  });

  it("one event the database refuses fails only itself, not the others flushed with it", async () => {
    const good = Array.from({ length: 10 }, () => eventFor("invoice.paid", invoice()));
    // Postgres (and PGlite) cannot store U+0000 in jsonb: the batch statement fails, the retry isolates it.
    const bad = eventFor("invoice.paid", { ...invoice(), description: "nul \u0000 inside" });
    const settled = await Promise.allSettled([...good.slice(0, 5), bad, ...good.slice(5)].map((e) => storeStripeEvent(e)));
    expect(settled.filter((s) => s.status === "rejected")).toHaveLength(1);
    expect(settled[5]!.status).toBe("rejected");
    const rows = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(inArray(stripeEvents.id, [...good, bad].map((e) => e.id)));
    expect(rows.map((r) => r.id).sort()).toEqual(good.map((e) => e.id).sort());
  });
});
