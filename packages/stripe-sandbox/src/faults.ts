/** Fault injection for tests: make the next N calls of an operation fail like a flaky Stripe would. */
export type FaultKind = 500 | 429 | "timeout" | "reset";
type Fault = { operation: string; count: number; kind: FaultKind };

const g = globalThis as unknown as { __sandboxFaults?: Fault[] };
const faults = () => (g.__sandboxFaults ??= []);

/** `operation` is "METHOD /v1/path" — a literal path or a route pattern ("POST /v1/customers/:id"), or "*". */
export function injectFault(operation: string, opts: { count?: number; kind: FaultKind }) {
  faults().push({ operation: operation.trim().replace(/\s+/, " "), count: opts.count ?? 1, kind: opts.kind });
}

export function clearFaults() {
  g.__sandboxFaults = [];
}

/** Consume one matching fault, if any. */
export function takeFault(method: string, path: string, pattern: string | undefined): FaultKind | undefined {
  const list = faults();
  const i = list.findIndex(
    (f) => f.count > 0 && (f.operation === "*" || f.operation === `${method} ${path}` || (pattern && f.operation === `${method} ${pattern}`)),
  );
  if (i < 0) return undefined;
  const f = list[i];
  f.count -= 1;
  if (f.count <= 0) list.splice(i, 1);
  return f.kind;
}

/** A promise that never settles until the request's signal aborts (the SDK's timeout does that). */
export function hangUntilAborted(signal: AbortSignal | null | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return; // never settles: the SDK's race timeout ends the request
    const fail = () => reject(signal.reason ?? new DOMException("The operation was aborted.", "AbortError"));
    if (signal.aborted) fail();
    else signal.addEventListener("abort", fail, { once: true });
  });
}

export function connectionReset(): TypeError {
  const err = new TypeError("fetch failed");
  (err as TypeError & { cause?: unknown }).cause = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
  return err;
}
