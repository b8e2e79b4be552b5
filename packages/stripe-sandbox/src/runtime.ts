import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";

/**
 * What the sandbox runs with, handed in by `createSandbox()` (the package never reads the host
 * application's modules or environment). One sandbox per process: the host keeps the instance.
 */
// The host's drizzle database may carry its own schema; the sandbox only uses the query builder.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SandboxDb = PgDatabase<PgQueryResultHKT, any, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Tx = PgTransaction<PgQueryResultHKT, any, any>;

/** The host's clock: the sandbox's test clocks move its offset, so Stripe objects and the host move together. */
export type SandboxClock = {
  nowMs(): number;
  offsetMs(): number;
  /** Non-negative; only ever moved forward by the sandbox. */
  setOffsetMs(ms: number): void;
};

export type SandboxLogger = {
  debug(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type Runtime = {
  db: SandboxDb;
  clock: SandboxClock;
  logger: SandboxLogger;
  /** Base URL of the host's hosted-page routes, without a trailing slash (`https://app.example/sandbox`). */
  hostedUrl: string;
  /** Where events are POSTed (the host's Stripe webhook route). */
  webhookTarget: string;
  /** The secret events are signed with (`Stripe-Signature`). */
  webhookSecret: string;
  /** Deliver events by itself after each commit (off: only when a test installed a transport). */
  autoDeliver: boolean;
  /** How long one delivery may take before it counts as failed (a dev server compiles the route on first use). */
  deliveryTimeoutMs: number;
  /** Whose clock moves the objects this process creates (see README: tests share one database). */
  scope: string;
};

const g = globalThis as unknown as { __stripeSandboxRuntime?: Runtime };

export function setRuntime(r: Runtime) {
  g.__stripeSandboxRuntime = r;
}

export function runtime(): Runtime {
  const r = g.__stripeSandboxRuntime;
  if (!r) throw new Error("@billing-kit/stripe-sandbox: call createSandbox() first");
  return r;
}

export const nowMs = (): number => runtime().clock.nowMs();
export const nowUnix = (): number => Math.floor(nowMs() / 1000);
