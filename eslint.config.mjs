import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const SANDBOX = "@billing-kit/stripe-sandbox";
const RECORD_RULE = "Record billing and access changes with record() from @/lib/events/record (audit row + domain event; notices are its fan-out).";
const SANDBOX_RULE = "Only lib/stripe/client.ts loads the Stripe sandbox: use getSandbox() / stripeMode() / cardEntry() from there.";

const config = [
  ...next,
  ...nextTs,
  {
    ignores: [".next/**", ".next-multi/**", ".next-keycheck/**", "node_modules/**", "drizzle/**", ".data/**", "e2e-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // CommonJS on purpose (loaded by plain Node and by Playwright's config loader alike).
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  // The offline Stripe sandbox is a workspace package only the Stripe client factory loads (lazily, in
  // sandbox mode), so a production build with a Stripe key neither bundles nor loads it. Everything
  // else asks lib/stripe/client.ts (getSandbox(), stripeMode(), cardEntry()); tests may import it.
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: ["lib/stripe/client.ts", "packages/stripe-sandbox/**", "**/tests/**", "**/*.test.ts", "scripts/sandbox-exclusion-check.mjs"],
    rules: {
      "no-restricted-imports": ["error", { paths: [{ name: SANDBOX, message: SANDBOX_RULE }], patterns: [{ group: [`${SANDBOX}/*`, "**/packages/stripe-sandbox", "**/packages/stripe-sandbox/**"], message: SANDBOX_RULE }] }],
      "no-restricted-syntax": ["error", { selector: `ImportExpression[source.value=/stripe-sandbox/]`, message: SANDBOX_RULE }],
    },
  },
  // One way to record a change of billing or access state: record() (lib/events/record.ts) writes the audit
  // row and the domain event together; notifications are the events' fan-out (lib/notifications/).
  // Same files as the sandbox rule above (a later block replaces the rule, so it repeats that one too).
  {
    files: ["**/*.{ts,tsx,js,mjs}"],
    ignores: ["lib/stripe/client.ts", "packages/stripe-sandbox/**", "**/tests/**", "**/*.test.ts", "scripts/sandbox-exclusion-check.mjs", "lib/events/**", "lib/audit/**", "lib/notifications/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: [
            { name: SANDBOX, message: SANDBOX_RULE },
            { name: "@/lib/audit/write-audit", importNames: ["writeAudit"], message: RECORD_RULE },
            { name: "@/lib/notifications/notify", message: RECORD_RULE },
          ],
          patterns: [{ group: [`${SANDBOX}/*`, "**/packages/stripe-sandbox", "**/packages/stripe-sandbox/**"], message: SANDBOX_RULE }],
        },
      ],
    },
  },
];

export default config;
