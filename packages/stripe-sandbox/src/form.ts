/**
 * Decode Stripe's form encoding (`a[b][0]=c&expand[]=x`) into nested objects and arrays.
 * Keys whose children are all numeric indexes (or `[]` appends) become arrays.
 */
export type FormValue = string | FormValue[] | { [k: string]: FormValue };
export type FormObject = { [k: string]: FormValue };

function splitKey(key: string): string[] {
  const first = key.indexOf("[");
  if (first <= 0) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  re.lastIndex = first;
  while ((m = re.exec(key))) parts.push(m[1]);
  return parts;
}

function assign(target: Record<string, unknown>, parts: string[], value: string) {
  let node: Record<string, unknown> = target;
  for (let i = 0; i < parts.length; i++) {
    let part = parts[i];
    const last = i === parts.length - 1;
    if (part === "") part = String(Object.keys(node).length); // `[]` append
    if (last) {
      node[part] = value;
      return;
    }
    const next = node[part];
    if (typeof next !== "object" || next === null) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
}

function arrayify(value: unknown): FormValue {
  if (typeof value !== "object" || value === null) return value as string;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((k) => arrayify(obj[String(k)]));
  }
  const out: FormObject = {};
  for (const k of keys) out[k] = arrayify(obj[k]);
  return out;
}

export function parseForm(body: string): FormObject {
  const root: Record<string, unknown> = {};
  if (!body) return {};
  for (const pair of body.split("&")) {
    if (!pair) continue;
    const eq = pair.indexOf("=");
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawVal = eq < 0 ? "" : pair.slice(eq + 1);
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "));
    const val = decodeURIComponent(rawVal.replace(/\+/g, " "));
    assign(root, splitKey(key), val);
  }
  return arrayify(root) as FormObject;
}
