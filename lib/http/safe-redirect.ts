import { env } from "@/lib/env";

/**
 * A same-origin path to send the user to after signing in, or `fallback`. The value is resolved with
 * `new URL` against the app's origin (APP_URL) and kept only if it stays on that origin — the URL
 * parser's own view, so tab/CR/LF (which it strips: `/\t/evil.example`), backslashes (`/\evil.example`),
 * protocol-relative `//host`, dot segments (`/.//evil.example`) and foreign absolute URLs all fall back.
 */
export function safeRedirectPath(value: unknown, fallback = "/billing"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  // Only a path, or an absolute URL Auth.js hands back on our own origin; never `javascript:`, `evil.example`, ….
  if (!value.startsWith("/") && !/^https?:\/\//i.test(value)) return fallback;
  let origin: URL;
  let url: URL;
  try {
    origin = new URL(env.APP_URL);
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  // `/.//evil.example` resolves on our origin to the path `//evil.example`, which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return fallback;
  if (path.startsWith("/sign-in") || path.startsWith("/sign-up") || path.startsWith("/api/auth")) return fallback;
  return path;
}
