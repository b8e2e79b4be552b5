import { env } from "@/lib/env";
import { badRequest } from "@/lib/errors";

/** Return URLs must stay on this app (no open redirects through Stripe). */
export function appUrl(path: string, override?: string): string {
  const base = env.APP_URL.replace(/\/$/, "");
  if (!override) return `${base}${path}`;
  if (override.startsWith("/") && !override.startsWith("//")) return `${base}${override}`;
  if (override === base || override.startsWith(`${base}/`) || override.startsWith(`${base}?`)) return override;
  throw badRequest("Return URLs must point at this app.", undefined, "invalid_return_url");
}
