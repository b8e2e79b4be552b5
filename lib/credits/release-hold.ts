import { withOrg } from "@/db/with-org";
import { now } from "@/lib/clock";
import { conflict } from "@/lib/errors";
import { lockHold, settle, view, type HoldView } from "./hold-internals";

/** Cancel a hold: all of it returns to the balance. Releasing twice is a no-op. */
export async function releaseHold(input: { orgId: string; holdId: string }): Promise<HoldView> {
  return withOrg(input.orgId, async (tx) => {
    const { balance, hold } = await lockHold(tx, input.orgId, input.holdId);
    if (hold.status === "released" || hold.status === "expired") return view(hold, balance);
    if (hold.status !== "held") throw conflict(`This hold is already ${hold.status}.`, "hold_not_active");
    const after = await settle(tx, hold, hold.expiresAt <= now() ? "expired" : "released", null, balance);
    return view({ ...hold, status: hold.expiresAt <= now() ? "expired" : "released" }, after);
  });
}

