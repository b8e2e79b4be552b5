import { z } from "zod";
import { PUBLIC_SANDBOX_WEBHOOK_SECRET } from "@/lib/stripe/webhooks/public-sandbox-secret";

/**
 * Every environment variable the app reads, parsed once. A missing or malformed value stops
 * start-up (instrumentation.ts calls `loadEnv()` first) with the variable's name and what it expects.
 * `.env.example` documents each one; keep the two in step.
 */
const bool = z
  .enum(["0", "1", "true", "false"], { message: "expected 1/0 or true/false" })
  .transform((v) => v === "1" || v === "true");
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

/** The seeded demo admin (db/seed.ts): the admin list when ADMIN_EMAILS is unset, outside production only. */
const DEV_ADMIN_EMAIL = "admin@example.com";
const DEV_AUTH_SECRET = "dev-only-auth-secret-do-not-use-in-production-0000";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    APP_URL: z.url({ message: "expected an absolute URL such as http://localhost:3000" }).default("http://localhost:3000"),
    DATABASE_URL: optionalString.pipe(
      z.string().regex(/^postgres(ql)?:\/\//, "expected a postgres:// connection URL").optional(),
    ),
    PGLITE_DIR: z.string().min(1).default(".data/pglite"),
    AUTH_SECRET: optionalString.pipe(z.string().min(32, "expected at least 32 characters (openssl rand -base64 32)").optional()),
    /** Unset or empty: `admin@example.com` (the seeded demo admin) outside production, nobody in production. */
    ADMIN_EMAILS: z
      .string()
      .optional()
      .transform((v) => (v ?? "").split(",").map((e) => e.trim().toLowerCase()).filter(Boolean)),
    TRUSTED_PROXY_HOPS: z.coerce.number({ message: "expected a whole number of proxies (0 = none)" }).int().min(0).max(10).default(0),
    AUTH_GITHUB_ID: optionalString,
    AUTH_GITHUB_SECRET: optionalString,
    AUTH_GOOGLE_ID: optionalString,
    AUTH_GOOGLE_SECRET: optionalString,
    SMTP_URL: optionalString.pipe(z.string().regex(/^smtps?:\/\//, "expected smtp:// or smtps:// URL").optional()),
    EMAIL_FROM: z.string().default("Billing <billing@localhost>"),
    SEED_API_KEY: optionalString.pipe(z.string().regex(/^bk_[A-Za-z0-9]{32}$/, "expected bk_ followed by 32 letters/digits").optional()),
    SEED_ADMIN_PASSWORD: optionalString.pipe(z.string().min(8, "expected at least 8 characters").optional()),
    SEED_USER_PASSWORD: optionalString.pipe(z.string().min(8, "expected at least 8 characters").optional()),
    SEED_ON_START: bool.default(true),
    ALLOW_REMOTE_SEED: bool.default(false),
    LOG_FILE: optionalString,
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    STRIPE_SECRET_KEY: optionalString.pipe(z.string().regex(/^(sk|rk)_(test|live)_/, "expected sk_test_…, sk_live_…, rk_test_… or rk_live_…").optional()),
    STRIPE_PUBLISHABLE_KEY: optionalString.pipe(z.string().regex(/^pk_(test|live)_/, "expected pk_test_… or pk_live_…").optional()),
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(z.string().regex(/^whsec_/, "expected whsec_…").optional()),
    BILLING_LIVE_MODE: bool.default(false),
    /** Stripe requests started per second by one instance (default: 80 live key, 20 test key, no cap in the sandbox). */
    STRIPE_REQUESTS_PER_SECOND: optionalString.pipe(z.coerce.number<string | undefined>({ message: "expected a whole number of requests per second" }).int().min(1).max(10_000).optional()),
    GRACE_PERIOD_DAYS: z.coerce.number({ message: "expected a whole number of days" }).int().min(0).max(60).default(7),
    USAGE_INGEST_CONCURRENCY: z.coerce.number({ message: "expected a whole number" }).int().min(1).max(64).default(4),
    JOBS_ENABLED: bool.default(true),
    RATE_LIMIT_ENABLED: bool.default(true),
    /** Comma-separated hosts outbound webhooks may reach even when they resolve to private addresses (self-hosters, tests). */
    WEBHOOK_ALLOWED_HOSTS: z
      .string()
      .optional()
      .transform((v) => (v ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean)),
  })
  .superRefine((v, ctx) => {
    const building = process.env.NEXT_PHASE === "phase-production-build";
    if (v.NODE_ENV === "production" && !v.AUTH_SECRET && !building) {
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "required in production (openssl rand -base64 32)" });
    }
    if (v.STRIPE_SECRET_KEY?.includes("_live_") && !(v.NODE_ENV === "production" && v.BILLING_LIVE_MODE)) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_SECRET_KEY"],
        message: "a live key is refused unless NODE_ENV=production and BILLING_LIVE_MODE=1",
      });
    }
    // The sandbox's public development secret is no secret: it verifies nothing in production or against real Stripe.
    if (v.NODE_ENV === "production" && !v.STRIPE_SECRET_KEY && !v.STRIPE_WEBHOOK_SECRET && !building) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "required in production in sandbox mode (no STRIPE_SECRET_KEY): the sandbox signs its events with it (e.g. whsec_ + openssl rand -hex 24)",
      });
    }
    if (v.STRIPE_WEBHOOK_SECRET === PUBLIC_SANDBOX_WEBHOOK_SECRET && (v.NODE_ENV === "production" || v.STRIPE_SECRET_KEY)) {
      ctx.addIssue({
        code: "custom",
        path: ["STRIPE_WEBHOOK_SECRET"],
        message: "the sandbox's public development secret is accepted only in sandbox mode outside production",
      });
    }
    if (Boolean(v.AUTH_GITHUB_ID) !== Boolean(v.AUTH_GITHUB_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["AUTH_GITHUB_SECRET"], message: "set AUTH_GITHUB_ID and AUTH_GITHUB_SECRET together" });
    }
    if (Boolean(v.AUTH_GOOGLE_ID) !== Boolean(v.AUTH_GOOGLE_SECRET)) {
      ctx.addIssue({ code: "custom", path: ["AUTH_GOOGLE_SECRET"], message: "set AUTH_GOOGLE_ID and AUTH_GOOGLE_SECRET together" });
    }
  })
  .transform((v) => ({
    ...v,
    AUTH_SECRET: v.AUTH_SECRET ?? DEV_AUTH_SECRET,
    // No default admin list in production: a stranger could sign up as the default address.
    ADMIN_EMAILS: v.ADMIN_EMAILS.length > 0 || v.NODE_ENV === "production" ? v.ADMIN_EMAILS : [DEV_ADMIN_EMAIL],
  }));

export type Env = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`);
    this.name = "EnvError";
  }
}

/** Parse an environment (process.env by default); throws EnvError naming each bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`));
  }
  return result.data;
}

let cached: Env | undefined;

/** The parsed environment, read once per process. */
export function loadEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

/** `env.X` reads the parsed environment lazily, so importing this module never throws at build time. */
export const env: Env = new Proxy({} as Env, {
  get: (_t, key: string) => loadEnv()[key as keyof Env],
});

/** For tests that change process.env. */
export function resetEnvForTests() {
  cached = undefined;
}
