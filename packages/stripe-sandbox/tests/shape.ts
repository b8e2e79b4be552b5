import { expect } from "vitest";
import { objectDifferences } from "../src/validate";

/**
 * The object has its resource's shape in the pinned API version (src/api-description.json): every
 * required field, no field this version does not have, the right types, enums and nullability.
 * `resource` is the object's `object` value (`invoice`, `subscription_item`, `item` for a line item).
 */
export function expectStripeShape(obj: unknown, resource: string) {
  // wire format: the SDK turns *_decimal strings into Decimal objects (toJSON gives the string back)
  expect(objectDifferences(resource, obj).join("; "), `${resource} shape`).toBe("");
}
