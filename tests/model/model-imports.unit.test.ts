import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The model is independent of what it checks: no file of tests/model/ (except the catalog cross-check,
 * which only reads the catalog's data to compare it with the copied table) imports the app's billing,
 * usage or credits code or the sandbox, directly or through another app module.
 */
const dir = path.join(__dirname);
const FORBIDDEN = [/lib\/billing/, /lib\/usage/, /lib\/credits/, /stripe-sandbox/, /packages\//, /^@\//];
const ALLOWED_FILES = new Set(["prices.unit.test.ts"]);

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
}

describe("tests/model imports", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  it("finds the model's files", () => {
    expect(files).toEqual(expect.arrayContaining(["model.ts", "prices.ts"]));
  });
  for (const f of files.filter((f) => !ALLOWED_FILES.has(f))) {
    it(`${f} imports only the model, vitest and node built-ins`, () => {
      const bad = imports(path.join(dir, f)).filter((spec) => FORBIDDEN.some((re) => re.test(spec)) || (!spec.startsWith(".") && !spec.startsWith("node:") && spec !== "vitest"));
      expect(bad).toEqual([]);
    });
  }
  it("the scan catches a forbidden import", () => {
    const q = '"';
    const sample = `import { x } from ${q}@/lib/billing/catalog${q};\nconst y = await import(${q}@billing-kit/stripe-sandbox${q});`;
    const specs = [...sample.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(specs.filter((spec) => FORBIDDEN.some((re) => re.test(spec)) || !spec.startsWith("."))).toHaveLength(2);
  });
});
