/**
 * A same-site path to send the user to after signing in, or `fallback`. Refuses absolute URLs,
 * protocol-relative `//host` and backslash tricks so `callbackUrl` cannot become an open redirect.
 */
export function safeRedirectPath(value: unknown, fallback = "/billing"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2000) return fallback;
  let path = value;
  // Auth.js sometimes hands back an absolute URL on our own origin; keep only its path.
  if (/^https?:\/\//i.test(path)) {
    try {
      const u = new URL(path);
      path = u.pathname + u.search + u.hash;
    } catch {
      return fallback;
    }
  }
  if (!path.startsWith("/") || path.startsWith("//") || path.includes("\\")) return fallback;
  if (path.startsWith("/sign-in") || path.startsWith("/sign-up") || path.startsWith("/api/auth")) return fallback;
  return path;
}
