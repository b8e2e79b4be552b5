import type { Endpoint } from "./api-schema";
import { describesObject, objectDifferences, responseDifferences } from "./validate";

/**
 * Response conformance (for tests): with an observer installed, every successful response the
 * sandbox gives is compared with the pinned API version's description and each difference reported.
 */
export type ResponseDifference = { method: string; path: string; endpoint: string; differences: string[] };
type Observer = (d: ResponseDifference) => void;

const g = globalThis as unknown as { __stripeSandboxConformance?: Observer };

/** An event payload: the event itself, and its `data.object` as the resource it names (when described). */
export function observeEvent(type: string, event: unknown): void {
  const observer = g.__stripeSandboxConformance;
  if (!observer) return;
  const body = JSON.parse(JSON.stringify(event)) as { data?: { object?: { object?: unknown } } };
  const differences = objectDifferences("event", body);
  const object = body.data?.object;
  if (object && typeof object.object === "string" && describesObject(object.object)) {
    differences.push(...objectDifferences(object.object, object).map((d) => `data.object.${d}`));
  }
  if (differences.length) observer({ method: "EVENT", path: type, endpoint: `event ${type}`, differences });
}

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
