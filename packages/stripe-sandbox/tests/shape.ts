import { readFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { NULLABLE_FIELDS } from "../src/shapes";

const FIXTURES = path.resolve(__dirname, "../../../tests/fixtures/stripe/fixtures3.json");
const resources = (JSON.parse(readFileSync(FIXTURES, "utf8")) as { resources: Record<string, Record<string, unknown>> }).resources;

const jsonType = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

/**
 * Every top-level key of Stripe's example must be present with the same JSON type. A null from the
 * sandbox is accepted where the fixture has null, or where the field is listed as nullable
 * (NULLABLE_FIELDS: fields Stripe's API reference documents as nullable).
 */
export function expectStripeShape(obj: unknown, resource: string) {
  const fixture = resources[resource];
  expect(fixture, `fixture ${resource}`).toBeDefined();
  // wire format: the SDK turns *_decimal strings into Decimal objects (toJSON gives the string back)
  const o = JSON.parse(JSON.stringify(obj)) as Record<string, unknown>;
  const problems: string[] = [];
  for (const [key, fv] of Object.entries(fixture)) {
    if (!(key in o)) {
      problems.push(`missing ${key}`);
      continue;
    }
    const ours = o[key];
    if (fv === null) continue;
    if (ours === null) {
      if (!(NULLABLE_FIELDS[resource] ?? []).includes(key)) problems.push(`${key} is null, fixture has ${jsonType(fv)}`);
      continue;
    }
    const expanded = typeof fv === "string" && jsonType(ours) === "object" && typeof (ours as { id?: unknown }).id === "string";
    if (!expanded && jsonType(ours) !== jsonType(fv)) problems.push(`${key}: ${jsonType(ours)} vs fixture ${jsonType(fv)}`);
  }
  expect(problems.join("; "), `${resource} shape`).toBe("");
}
