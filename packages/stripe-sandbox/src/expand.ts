import type { Tx } from "./runtime";
import { findObject } from "./store";

/**
 * `expand[]`: replace id strings by the objects they name, along dotted paths
 * (`latest_invoice.payment_intent`, `data.customer` on lists, `items.data.price.product`).
 */
export async function applyExpand(tx: Tx, value: unknown, paths: string[]): Promise<unknown> {
  for (const path of paths) await expandAt(tx, value, path.split("."));
  return value;
}

async function expandAt(tx: Tx, node: unknown, parts: string[]): Promise<void> {
  if (!node || typeof node !== "object" || parts.length === 0) return;
  if (Array.isArray(node)) {
    for (const item of node) await expandAt(tx, item, parts);
    return;
  }
  const rec = node as Record<string, unknown>;
  const [key, ...rest] = parts;
  let v = rec[key];
  if (typeof v === "string" && v) {
    const found = await findObject(tx, v);
    if (found) {
      rec[key] = found;
      v = found;
    }
  } else if (Array.isArray(v) && v.every((x) => typeof x === "string")) {
    const out = [];
    for (const id of v as string[]) out.push((await findObject(tx, id)) ?? id);
    rec[key] = out;
    v = out;
  }
  if (rest.length) await expandAt(tx, v, rest);
}
