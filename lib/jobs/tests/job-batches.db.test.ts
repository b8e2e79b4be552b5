import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Workers poll every 30 s here: anything that finishes within the test's wait did not wait for a poll.
const { startJobs, stopJobs, getRunningBoss, wakeWorkers } = await import("../boss");
const { defineJob } = await import("../registry");
const { enqueue } = await import("../enqueue");

async function waitFor(fn: () => boolean | Promise<boolean>, ms: number) {
  const until = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

const drained: number[] = [];
defineJob<{ n: number }>("test-batch-drain", async (data) => {
  drained.push(data.n);
}, { batchSize: 5, concurrency: 1 });

const mixed: number[] = [];
defineJob<{ n: number; fail?: boolean }>("test-batch-mixed", async (data) => {
  mixed.push(data.n);
  if (data.fail) throw new Error(`job ${data.n} fails`);
}, { batchSize: 5, concurrency: 1, retryLimit: 0 });

beforeAll(async () => {
  await startJobs({ pollingIntervalSeconds: 30 });
});
afterAll(async () => {
  await stopJobs();
});

describe("pg-boss workers: batches, wake-up and refetch (issue 15)", () => {
  it("a backlog larger than one batch drains without waiting for the next poll", async () => {
    const boss = getRunningBoss()!;
    // Inserted behind the workers' backs (no wake per job), then one wake: the first fetch takes 5, and
    // every full batch is followed by the next fetch at once — 6 fetches, none of them after a 30-s poll.
    await boss.insert(Array.from({ length: 30 }, (_, n) => ({ name: "test-batch-drain", data: { n } })));
    wakeWorkers("test-batch-drain");
    expect(await waitFor(() => drained.length >= 30, 15_000)).toBe(true);
    expect([...drained].sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, n) => n));
  });

  it("a job queued by this process starts at once, not at the next poll", async () => {
    await enqueue("test-batch-drain", { n: 100 });
    expect(await waitFor(() => drained.includes(100), 10_000)).toBe(true);
  });

  it("one failing job of a batch fails alone: the others complete once", async () => {
    const boss = getRunningBoss()!;
    // One batch of five (inserted together, then one wake), the third of which throws.
    const ids = [1, 2, 3, 4, 5].map(() => randomUUID());
    await boss.insert(ids.map((id, i) => ({ id, name: "test-batch-mixed", data: { n: i + 1, fail: i + 1 === 3 } })));
    wakeWorkers("test-batch-mixed");
    expect(await waitFor(() => mixed.length >= 5, 10_000)).toBe(true);
    // Wait until pg-boss has settled all five (complete/fail are written after the batch returns).
    const states = async () => Promise.all(ids.map(async (id) => (await boss.getJobById("test-batch-mixed", id))?.state));
    expect(await waitFor(async () => (await states()).every((s) => s === "completed" || s === "failed"), 10_000)).toBe(true);
    expect(await states()).toEqual(["completed", "completed", "failed", "completed", "completed"]);
    // No job ran twice (a whole-batch failure would have retried or re-run the healthy ones).
    expect([...mixed].sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
