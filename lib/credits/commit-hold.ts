import { eq } from "drizzle-orm";
import { creditHolds } from "@/db/schema";
import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { splitHold } from "./allocate";
import { giveBack, lockHold, settle, view, type HoldView } from "./hold-internals";

/** Settle a hold with the amount actually used (≤ reserved); the rest returns to the balance. */
export async function commitHold(input: { orgId: string; holdId: string; amount: number }): Promise<HoldView> {
  if (!Number.isSafeInteger(input.amount) || input.amount < 0) throw badRequest("amount must be a non-negative integer.", undefined, "invalid_amount");
  const result = await withOrg(input.orgId, async (tx): Promise<HoldView | "expired"> => {
    const { balance, hold } = await lockHold(tx, input.orgId, input.holdId);
    if (hold.status === "committed" && hold.committedAmount === input.amount) return view(hold, balance);
    if (hold.status !== "held") throw conflict(`This hold is already ${hold.status}.`, "hold_not_active");
    if (hold.expiresAt <= now()) {
      // Return the credits (committed), then answer 409.
      await settle(tx, hold, "expired", null, balance);
      return "expired";
    }
    if (input.amount > hold.amount) throw badRequest(`amount (${input.amount}) exceeds the reserved ${hold.amount}.`, undefined, "amount_exceeds_hold");
    const { returned } = splitHold(hold.allocations, input.amount);
    const after = await giveBack(tx, input.orgId, hold, returned, "commit", balance, { committed: input.amount });
    const settled = { ...hold, status: "committed", committedAmount: input.amount, settledAt: now() };
    await tx.update(creditHolds).set({ status: "committed", committedAmount: input.amount, settledAt: settled.settledAt }).where(eq(creditHolds.id, hold.id));
    return view(settled, after);
  });
  if (result === "expired") throw new AppError("hold_expired", "This hold expired before it was committed; its credits were returned.", 409);
  return result;
}

