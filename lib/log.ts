import pino from "pino";
import { env } from "@/lib/env";

/**
 * Structured JSON logs. Secrets and card data are redacted by key name wherever they appear;
 * never log a raw request body.
 */
export const REDACT_KEYS = [
  "password",
  "passwordHash",
  "token",
  "secret",
  "apiKey",
  "authorization",
  "cookie",
  "card",
  "number",
  "cvc",
  "STRIPE_SECRET_KEY",
  "STRIPE_WEBHOOK_SECRET",
];

const globalLog = globalThis as unknown as { __billingLogger?: pino.Logger };

export const logger: pino.Logger =
  globalLog.__billingLogger ??
  (globalLog.__billingLogger = pino({
    level: process.env.LOG_LEVEL ?? (process.env.VITEST ? "silent" : "info"),
    redact: {
      paths: REDACT_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
      censor: "[redacted]",
    },
    base: { app: "billing" },
  }, process.env.LOG_FILE ? pino.destination({ dest: process.env.LOG_FILE, mkdir: true, sync: true }) : undefined));

export function requestLogger(requestId: string) {
  return logger.child({ requestId });
}

// Touch env so a bad LOG_LEVEL is reported through the same path as every other variable.
export const logLevel = () => env.LOG_LEVEL;
