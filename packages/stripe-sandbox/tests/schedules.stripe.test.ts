import { describe, expect, it } from "vitest";
import { sandbox } from "./harness";

const advanceSandboxClock = sandbox.clock.advance;
import { expectStripeShape } from "./shape";
import { customerWithCard, makePlan, periodOf, stripe } from "./helpers";

describe("sandbox subscription schedules (downgrade at period end)", () => {
  it("switches to the next phase's price at the period end without proration, then releases", async () => {
    const { month: pro } = await makePlan(9900);
    const { month: starter } = await makePlan(2900);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
    const { start, end } = periodOf(sub);
    const sched = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    expect(sched.id).toMatch(/^sub_sched_/);
    expect(sched.phases[0]).toMatchObject({ start_date: start, end_date: end });
    expectStripeShape(sched, "subscription_schedule");
    expect((await stripe.subscriptions.retrieve(sub.id)).schedule).toBe(sched.id);
    const again = await stripe.subscriptionSchedules.create({ from_subscription: sub.id }).catch((e) => e);
    expect(again.statusCode).toBe(400);

    await stripe.subscriptionSchedules.update(sched.id, {
      end_behavior: "release", proration_behavior: "none",
      phases: [
        { items: [{ price: pro.id, quantity: 1 }], start_date: start, end_date: end },
        { items: [{ price: starter.id, quantity: 1 }], start_date: end },
      ],
    });
    await advanceSandboxClock({ to: new Date(end * 1000 + 1000) });
    const after = await stripe.subscriptions.retrieve(sub.id);
    expect(after.items.data[0].price.id).toBe(starter.id);
    expect(after.items.data[0].id).toBe(sub.items.data[0].id);
    expect(after.schedule).toBeNull();
    const inv = (await stripe.invoices.list({ subscription: sub.id, limit: 1 })).data[0];
    expect(inv.lines.data.map((l) => l.amount)).toEqual([2900]);
    expect((await stripe.subscriptionSchedules.retrieve(sched.id)).status).toBe("released");
  });

  it("release before the boundary keeps the current price", async () => {
    const { month: pro } = await makePlan(9900);
    const { month: starter } = await makePlan(2900);
    const { customer } = await customerWithCard();
    const sub = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: pro.id }] });
    const { start, end } = periodOf(sub);
    const sched = await stripe.subscriptionSchedules.create({ from_subscription: sub.id });
    await stripe.subscriptionSchedules.update(sched.id, { phases: [{ items: [{ price: pro.id }], start_date: start, end_date: end }, { items: [{ price: starter.id }], start_date: end }] });
    const rel = await stripe.subscriptionSchedules.release(sched.id);
    expect([rel.status, rel.released_subscription]).toEqual(["released", sub.id]);
    await advanceSandboxClock({ to: new Date(end * 1000 + 1000) });
    expect((await stripe.subscriptions.retrieve(sub.id)).items.data[0].price.id).toBe(pro.id);
  });
});
