import type { FormObject, FormValue } from "./form";
import { invalidRequest, missingParam } from "./errors";

/** Typed readers over the decoded form parameters. All throw Stripe-style 400s on bad input. */
export function str(p: FormObject, key: string): string | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw invalidRequest(`Invalid string: ${key}`, key);
  return v;
}

export function reqStr(p: FormObject, key: string): string {
  const v = str(p, key);
  if (v === undefined || v === "") throw missingParam(key);
  return v;
}

export function int(p: FormObject, key: string, opts: { min?: number } = {}): number | undefined {
  const v = str(p, key);
  if (v === undefined || v === "") return undefined;
  if (!/^-?\d+$/.test(v)) throw invalidRequest(`Invalid integer: ${v}`, key);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw invalidRequest(`Invalid integer: ${v}`, key);
  if (opts.min !== undefined && n < opts.min) throw invalidRequest(`This value must be greater than or equal to ${opts.min}.`, key);
  return n;
}

export function num(p: FormObject, key: string): number | undefined {
  const v = str(p, key);
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw invalidRequest(`Invalid decimal: ${v}`, key);
  return n;
}

export function bool(p: FormObject, key: string): boolean | undefined {
  const v = str(p, key);
  if (v === undefined || v === "") return undefined;
  if (v === "true") return true;
  if (v === "false") return false;
  throw invalidRequest(`Invalid boolean: ${v}`, key);
}

export function obj(p: FormObject, key: string): FormObject | undefined {
  const v = p[key];
  if (v === undefined || v === "") return undefined;
  if (typeof v !== "object" || Array.isArray(v)) throw invalidRequest(`Invalid object`, key);
  return v;
}

export function arr(p: FormObject, key: string): FormValue[] | undefined {
  const v = p[key];
  if (v === undefined || v === "") return undefined;
  if (Array.isArray(v)) return v;
  if (typeof v === "object") return Object.values(v);
  throw invalidRequest(`Invalid array`, key);
}

export function oneOf<T extends string>(p: FormObject, key: string, values: readonly T[]): T | undefined {
  const v = str(p, key);
  if (v === undefined || v === "") return undefined;
  if (!values.includes(v as T)) throw invalidRequest(`Invalid ${key}: must be one of ${values.join(", ")}`, key);
  return v as T;
}

/** Stripe metadata semantics: merge; an empty value deletes the key; `metadata=""` clears all. */
export function mergeMetadata(current: Record<string, string> | undefined, p: FormObject): Record<string, string> {
  const base = { ...(current ?? {}) };
  const raw = p.metadata;
  if (raw === undefined) return base;
  if (raw === "") return {};
  if (typeof raw !== "object" || Array.isArray(raw)) throw invalidRequest("Invalid metadata", "metadata");
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== "string") throw invalidRequest(`Invalid metadata[${k}]`, `metadata[${k}]`);
    if (v === "") delete base[k];
    else base[k] = v;
  }
  return base;
}

/** `expand[]` list (GET query or POST body). */
export function expandList(p: FormObject): string[] {
  return (arr(p, "expand") ?? []).filter((x): x is string => typeof x === "string");
}
