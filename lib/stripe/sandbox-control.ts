import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "@/db";
import { SYSTEM_ACTOR, record, type Actor } from "@/lib/events/record";
import { requireAdmin } from "@/lib/auth/guards";
import { clockOffsetMs, now, nowMs, parseDuration } from "@/lib/clock";
import { env } from "@/lib/env";
import { badRequest, conflict, notFound, unauthorized } from "@/lib/errors";
import { getSandbox, type Sandbox } from "./client";

/**
 * Sandbox-only controls reached from outside the app process: `npm run clock:advance` cannot open
 * the database (PGlite is single-process), so it POSTs to /api/sandbox/clock with a control token
 * the app writes at start to `.data/sandbox-token` (0600, next to the PGlite directory).
 */
export function sandboxTokenPath(): string {
  // An in-memory database (tests) has no data directory: keep the token per process in the temp dir.
  if (env.PGLITE_DIR.startsWith("memory://")) return path.join(tmpdir(), `billing-sandbox-token-${process.pid}`);
  return path.join(path.dirname(path.resolve(env.PGLITE_DIR)), "sandbox-token");
}

/** Write a fresh control token (sandbox mode only). Returns it. */
export function writeSandboxToken(file = sandboxTokenPath()): string {
  const token = `sbx_${randomBytes(24).toString("base64url")}`;
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

export function readSandboxToken(file = sandboxTokenPath()): string | null {
  try {
    return readFileSync(file, "utf8").trim() || null;
  } catch {
    return null;
  }
}

function tokenMatches(presented: string | null): boolean {
  const expected = readSandboxToken();
  if (!presented || !expected) return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Guard for sandbox control routes: 404 outside sandbox mode; then the control token
 * (`Authorization: Bearer sbx_…`) or a platform-admin session (401/403 otherwise).
 */
export async function requireSandboxController(req: Request): Promise<Actor> {
  await sandboxOr404();
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1] ?? null;
  if (bearer) {
    if (tokenMatches(bearer)) return SYSTEM_ACTOR;
    throw unauthorized("The sandbox control token is wrong (it changes at every start: see .data/sandbox-token).", "invalid_token");
  }
  const admin = await requireAdmin();
  return admin.actor;
}

/** The sandbox, or the same 404 as an unknown route when a Stripe key is set. */
async function sandboxOr404(): Promise<Sandbox> {
  const sandbox = await getSandbox();
  if (!sandbox) throw notFound("route");
  return sandbox;
}

export type ClockMove = { advance: string } | { to: string };
export type ClockState = { now: string; now_unix: number; offset_ms: number };

export function clockState(): ClockState {
  const t = now();
  return { now: t.toISOString(), now_unix: Math.floor(t.getTime() / 1000), offset_ms: clockOffsetMs() };
}

/**
 * Deliver every pending sandbox event now and process what the app stored from them (claimed one by
 * one, so a queue worker that got there first is not doubled), until nothing is left.
 */
async function settleWebhooks(sandbox: Sandbox, rounds = 10) {
  const { stripeEvents } = await import("@/db/schema");
  const { eq } = await import("drizzle-orm");
  const { processEvent } = await import("@/lib/stripe/webhooks/process-event");
  const { drainInlineJobs } = await import("@/lib/jobs/enqueue");
  for (let i = 0; i < rounds; i++) {
    const delivered = await sandbox.testing.flushWebhooks();
    await drainInlineJobs();
    const pending = await db.select({ id: stripeEvents.id }).from(stripeEvents).where(eq(stripeEvents.status, "pending"));
    for (const e of pending) await processEvent(e.id);
    await drainInlineJobs();
    if (delivered === 0 && pending.length === 0) return;
  }
}

/** The most the clock moves in one request: the admin form's four digits of days. */
export const MAX_CLOCK_MOVE_MS = 9999 * 86_400_000;
/** A long move is made in steps of at most this, each its own sandbox transaction, yielding in between. */
export const CLOCK_STEP_MS = 31 * 86_400_000;

const clockLock = globalThis as unknown as { __billingClockMoving?: boolean };

/**
 * Move the sandbox test clock (and with it lib/clock) forward; never backwards, at most 9999 days.
 * One move at a time (409 clock_busy while one runs). A long move is made in steps of a month, each a
 * transaction of its own with the event loop free in between, so other requests are served while the
 * sandbox catches up (a single 99999999999-day move stalled the server for 495 s, then failed).
 */
export async function moveSandboxClock(move: ClockMove, actor: Actor): Promise<ClockState> {
  const sandbox = await sandboxOr404();
  const before = clockState();
  let targetMs: number;
  if ("advance" in move) {
    let by: number;
    try {
      by = parseDuration(move.advance);
    } catch (err) {
      throw badRequest(err instanceof Error ? err.message : "invalid duration", undefined, "invalid_duration");
    }
    if (by <= 0) throw badRequest("advance must be more than zero", undefined, "invalid_duration");
    if (!(by <= MAX_CLOCK_MOVE_MS)) throw badRequest("advance by at most 9999d at a time", undefined, "invalid_duration");
    targetMs = Date.parse(before.now) + by;
  } else {
    const to = Date.parse(move.to);
    if (!Number.isFinite(to)) throw badRequest(`"to" must be an ISO date-time, got "${move.to}"`, undefined, "invalid_time");
    if (to <= Date.parse(before.now)) throw badRequest(`the clock only moves forward: "to" must be after ${before.now}`, undefined, "clock_backwards");
    if (to - Date.parse(before.now) > MAX_CLOCK_MOVE_MS) throw badRequest("move the clock at most 9999 days at a time", undefined, "invalid_time");
    targetMs = to;
  }
  if (clockLock.__billingClockMoving) throw conflict("The sandbox clock is already moving; try again when it has finished.", "clock_busy");
  clockLock.__billingClockMoving = true;
  try {
    // Usage metered so far reaches the meters before renewals invoice it.
    const { reportOverage } = await import("@/lib/usage/report-overage");
    await reportOverage().catch(() => {});
    while (nowMs() < targetMs) {
      await sandbox.clock.advance({ to: new Date(Math.min(targetMs, nowMs() + CLOCK_STEP_MS)) });
      // The step's webhooks (renewals, trial ends, invoices) reach the mirror before anything else looks
      // at it: otherwise the reconciler below found the mirror lagging and repaired what the webhooks
      // were about to deliver (issue 13 item 6) — the mirror must be kept true by webhooks alone.
      await settleWebhooks(sandbox);
      await new Promise((r) => setImmediate(r)); // let waiting requests run between steps
    }
    // Scheduled jobs follow the app clock: run what the jump made due (expiry, monitor, reconciler, …).
    await import("@/lib/jobs/register-jobs");
    const { runScheduledJobs } = await import("@/lib/jobs/run-scheduled");
    await runScheduledJobs();
  } finally {
    clockLock.__billingClockMoving = false;
  }
  const after = clockState();
  await record(db, { actor, orgId: null, action: "sandbox.clock_advanced", target: "sandbox_clock", before, after });
  return after;
}
