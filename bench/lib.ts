/** Small helpers for the benchmarks: a concurrency pool, timers and percentiles. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

export async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

export function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

export async function latencies(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = new Array(n);
  await pool(Array.from({ length: n }, (_, i) => i), concurrency, async (i) => {
    const t = process.hrtime.bigint();
    await fn(i);
    out[i] = Number(process.hrtime.bigint() - t) / 1e6;
  });
  return out;
}

export const fmt = (n: number, d = 0) => n.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

export function line(name: string, value: number, target: string) {
  console.log(`  ${name.padEnd(58)} ${fmt(value, 2).padStart(8)}   (target ${target})`);
}
