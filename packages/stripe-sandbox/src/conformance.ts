import type { Endpoint } from "./api-schema";
import { responseDifferences } from "./validate";

/**
 * Response conformance (for tests): with an observer installed, every successful response the
 * sandbox gives is compared with the pinned API version's description and each difference reported.
 */
export type ResponseDifference = { method: string; path: string; endpoint: string; differences: string[] };
type Observer = (d: ResponseDifference) => void;

const g = globalThis as unknown as { __stripeSandboxConformance?: Observer };

/** One line per kind of difference (`POST /v1/prices: tiers[]: …`), for a readable test failure. */
export function summarize(list: ResponseDifference[]): string[] {
  return [...new Set(list.flatMap((d) => d.differences.map((x) => `${d.endpoint}: ${x.replace(/\[\d+\]/g, "[]")}`)))].sort();
}

export function checkResponses(observer: Observer | undefined): void {
  g.__stripeSandboxConformance = observer;
}

export function observeResponse(method: string, path: string, pattern: string, endpoint: Endpoint, body: unknown): void {
  const observer = g.__stripeSandboxConformance;
  if (!observer) return;
  const differences = responseDifferences(endpoint, JSON.parse(JSON.stringify(body))); // as the SDK receives it
  if (differences.length) observer({ method, path, endpoint: `${method} ${pattern}`, differences });
}
