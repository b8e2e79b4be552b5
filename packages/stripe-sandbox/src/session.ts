import { sandboxEvents } from "./schema";
import { nowUnix, runtime, type Tx } from "./runtime";
import { build, publicView, stripeId, type StripeObj } from "./shapes";
import { SANDBOX_API_VERSION } from "./version";

/** What every sandbox operation runs with: one transaction, and a way to record events. */
export type Session = {
  tx: Tx;
  emit: (type: string, object: StripeObj, previous?: Record<string, unknown>) => Promise<void>;
  /** Ids of events recorded in this session (delivered after commit). */
  emitted: string[];
};

const g = globalThis as unknown as { __sandboxChain?: Promise<unknown>; __sandboxAfterCommit?: () => void };

export function setAfterCommitHook(fn: () => void) {
  g.__sandboxAfterCommit = fn;
}

/**
 * Run `fn` in one transaction, serialised with every other sandbox operation in this process
 * (the sandbox is a single in-process server; serialising keeps it race-free on PGlite and Postgres).
 * Never call withSandbox from inside another withSandbox: pass the session down instead.
 */
export function withSandbox<T>(fn: (s: Session) => Promise<T>): Promise<T> {
  const run = async () => {
    const emitted: string[] = [];
    const result = await runtime().db.transaction(async (tx) => {
      const s: Session = {
        tx,
        emitted,
        emit: async (type, object, previous) => {
          const id = stripeId("evt");
          const created = nowUnix();
          const event = build("event", {
            id,
            api_version: SANDBOX_API_VERSION,
            created,
            data: previous ? { object: publicView(object), previous_attributes: publicView(previous) } : { object: publicView(object) },
            pending_webhooks: 1,
            request: { id: null, idempotency_key: null },
            type,
          });
          await tx.insert(sandboxEvents).values({ id, type, data: event, created, scope: runtime().scope });
          emitted.push(id);
        },
      };
      return fn(s);
    });
    if (emitted.length > 0) g.__sandboxAfterCommit?.();
    return result;
  };
  const next = (g.__sandboxChain ?? Promise.resolve()).then(run, run);
  g.__sandboxChain = next.catch(() => undefined);
  return next;
}

/** Shallow diff for `previous_attributes`: the old values of top-level keys that changed. */
export function previousAttributes(before: StripeObj, after: StripeObj): Record<string, unknown> | undefined {
  const prev: Record<string, unknown> = {};
  for (const k of Object.keys(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) prev[k] = before[k] ?? null;
  }
  return Object.keys(prev).length ? prev : undefined;
}
