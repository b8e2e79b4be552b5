/**
 * Calls with one key run one after another in this process (a promise chain per key; a failed call does
 * not stop the next). `name` keeps the chains on globalThis, so a hot reload shares them.
 */
export function serialiser(name: string) {
  const g = globalThis as unknown as Record<string, Map<string, Promise<unknown>> | undefined>;
  const chains = (g[name] ??= new Map());
  return async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = chains.get(key) ?? Promise.resolve();
    const run = prev.catch(() => undefined).then(fn);
    chains.set(key, run);
    try {
      return await run;
    } finally {
      if (chains.get(key) === run) chains.delete(key);
    }
  };
}
