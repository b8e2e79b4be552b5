import { db } from "@/db";
import { invoices, organizations, subscriptions } from "@/db/schema";
import { randomBase62 } from "@/lib/ids";
import { eq } from "drizzle-orm";

/** Test fixtures: organisations and mirror rows written directly (as syncStripeCustomer would). */
export function uid(prefix: string) {
  return `${prefix}_${randomBase62(10)}`;
}

export async function makeOrg(name: string): Promise<string> {
  const id = uid("org");
  await db.insert(organizations).values({ id, name, stripeCustomerId: uid("cus") });
  return id;
}

export type SubInput = {
  orgId: string;
  planKey: string;
  interval?: "month" | "year";
  status: string;
  amountCents: number;
  createdAt: Date;
  discount?: unknown;
  trialEnd?: Date | null;
  pastDueSince?: Date | null;
  cancelAtPeriodEnd?: boolean;
  currentPeriodEnd?: Date;
};

export async function makeSub(input: SubInput): Promise<string> {
  const id = uid("sub");
  await db.insert(subscriptions).values({
    id,
    orgId: input.orgId,
    customerId: "cus_fixture",
    status: input.status,
    planKey: input.planKey,
    interval: input.interval ?? "month",
    amountCents: input.amountCents,
    currentPeriodStart: input.createdAt,
    currentPeriodEnd: input.currentPeriodEnd ?? new Date(input.createdAt.getTime() + 30 * 86_400_000),
    trialEnd: input.trialEnd ?? null,
    pastDueSince: input.pastDueSince ?? null,
    cancelAtPeriodEnd: input.cancelAtPeriodEnd ?? false,
    discount: input.discount ?? null,
    createdAt: input.createdAt,
    syncedAt: input.createdAt,
  });
  return id;
}

export async function setSub(id: string, values: Partial<typeof subscriptions.$inferInsert>) {
  await db.update(subscriptions).set(values).where(eq(subscriptions.id, id));
}

export async function makeInvoice(input: { orgId: string; status: string; paidCents: number; paidAt: Date | null; lines: { amountCents: number; lookupKey?: string; priceId?: string }[] }) {
  const id = uid("in");
  await db.insert(invoices).values({
    id,
    orgId: input.orgId,
    customerId: "cus_fixture",
    status: input.status,
    amountDueCents: input.paidCents,
    amountPaidCents: input.status === "paid" ? input.paidCents : 0,
    totalCents: input.paidCents,
    subtotalCents: input.paidCents,
    created: input.paidAt ?? new Date("2031-03-01T00:00:00Z"),
    paidAt: input.paidAt,
    lines: input.lines.map((l, i) => ({ id: `il_${i}`, description: null, quantity: 1, proration: false, priceId: l.priceId ?? null, lookupKey: l.lookupKey ?? null, amountCents: l.amountCents })),
    syncedAt: input.paidAt ?? new Date("2031-03-01T00:00:00Z"),
  });
  return id;
}
