/**
 * Does this JSON text nest deeper than `max` objects/arrays? One pass over the characters, no
 * parsing and no recursion, so a hostile body of 5,000 `[` costs nothing. Brackets inside strings
 * (escapes included) do not count. Not a validator: malformed JSON is the parser's business.
 */
export function jsonDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}
