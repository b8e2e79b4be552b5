/** 31-bit key for pg_advisory_lock from a name (a customer id, `plan:<org id>`…). */
export function advisoryKey(name: string): number {
  let h = 0x5bd1e995;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return (h >>> 1) & 0x7fffffff;
}
