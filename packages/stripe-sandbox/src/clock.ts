import { eq } from "drizzle-orm";
import { sandboxState } from "./schema";
import { nowMs, runtime } from "./runtime";
import { invalidRequest } from "./errors";
import { processDueWork } from "./billing/due-work";
import { withSandbox, type Session } from "./session";

/**
 * ONE clock: the sandbox's test clocks all map onto the host's clock offset, so Stripe objects and the
 * host move together. The offset is persisted in sandbox_state and restored at start.
 */
const KEY = "clock_offset_ms";
const clockOffsetMs = () => runtime().clock.offsetMs();
const setClockOffset = (ms: number) => runtime().clock.setOffsetMs(ms);

async function persistOffset(s: Session) {
  await s.tx
    .insert(sandboxState)
    .values({ key: KEY, value: clockOffsetMs() })
    .onConflictDoUpdate({ target: sandboxState.key, set: { value: clockOffsetMs() } });
}

/** Move time forward to `targetMs`, processing due work (trial ends, renewals, retries) in time order. */
export async function advanceWithin(s: Session, targetMs: number): Promise<void> {
  if (!Number.isFinite(targetMs)) throw invalidRequest("Invalid time.", "frozen_time");
  if (targetMs < nowMs()) throw invalidRequest("The test clock cannot be moved backwards.", "frozen_time");
  const startOffset = clockOffsetMs();
  try {
    await processDueWork(s, targetMs, (atMs) => {
      if (atMs > nowMs()) setClockOffset(clockOffsetMs() + (atMs - nowMs()));
    });
    if (targetMs > nowMs()) setClockOffset(clockOffsetMs() + (targetMs - nowMs()));
    await persistOffset(s);
  } catch (e) {
    setClockOffset(startOffset); // the transaction rolls back: so does the clock
    throw e;
  }
}

/** Advance the app-wide sandbox clock by `ms`, or to `{ to: Date }`. */
export async function advanceSandboxClock(by: number | { to: Date }): Promise<{ now: Date }> {
  await withSandbox(async (s) => {
    const target = typeof by === "number" ? nowMs() + by : by.to.getTime();
    if (typeof by === "number" && (!Number.isFinite(by) || by < 0)) throw invalidRequest("Advance by a non-negative duration.");
    await advanceWithin(s, target);
  });
  return { now: new Date(nowMs()) };
}

/** Load the persisted clock offset into the host's clock (call once at start). */
export async function restoreSandboxClock(): Promise<number> {
  const [row] = await runtime().db.select().from(sandboxState).where(eq(sandboxState.key, KEY));
  const offset = typeof row?.value === "number" ? row.value : 0;
  if (offset > clockOffsetMs()) setClockOffset(offset);
  return clockOffsetMs();
}
