/**
 * The security headers every response carries (applied in proxy.ts). The Content-Security-Policy
 * allows exactly what Stripe.js needs when a publishable key is configured (test/live mode), and
 * nothing third-party in sandbox mode. Next.js injects inline bootstrap scripts, so script-src keeps
 * 'unsafe-inline' (no eval outside development); frame-ancestors 'none' forbids framing.
 */
export type SecurityHeaderOptions = { stripeJs: boolean; production: boolean; development: boolean };

export function securityHeaders(o: SecurityHeaderOptions): Record<string, string> {
  const stripe = o.stripeJs;
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(o.development ? ["'unsafe-eval'"] : []), ...(stripe ? ["https://js.stripe.com"] : [])],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...(stripe ? ["https://*.stripe.com"] : [])],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", ...(o.development ? ["ws:"] : []), ...(stripe ? ["https://api.stripe.com"] : [])],
    "frame-src": stripe ? ["https://js.stripe.com", "https://hooks.stripe.com"] : ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'", ...(stripe ? ["https://checkout.stripe.com", "https://billing.stripe.com"] : [])],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
  };
  const csp = Object.entries(directives)
    .map(([k, v]) => `${k} ${v.join(" ")}`)
    .join("; ");
  return {
    "Content-Security-Policy": csp,
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(self)",
    ...(o.production ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains; preload" } : {}),
  };
}
