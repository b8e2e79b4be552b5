import path from "node:path";
import type { NextConfig } from "next";

/**
 * The offline Stripe sandbox (packages/stripe-sandbox) is TypeScript source, compiled with the app. Only
 * lib/stripe/client.ts loads it, lazily, without a Stripe key. A build made WITH a key leaves it out
 * entirely: the package is aliased to a stub (lib/stripe/sandbox-not-built.ts), so no sandbox code is in
 * the server output (scripts/sandbox-exclusion-check.mjs proves it).
 */
const SANDBOX = "@billing-kit/stripe-sandbox";
const sandboxLeftOut = Boolean(process.env.STRIPE_SECRET_KEY?.trim());
const sandboxStub = "./lib/stripe/sandbox-not-built.ts";

const nextConfig: NextConfig = {
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships a WASM build and pg-boss/argon2 load native or dynamic code: keep them out of the bundle.
  // rate-limiter-flexible loads its Drizzle store's drizzle-orm operators with a computed import(): Node resolves it.
  serverExternalPackages: ["stripe", "@electric-sql/pglite", "pg-boss", "@node-rs/argon2", "pino", "postgres", "rate-limiter-flexible"],
  transpilePackages: [SANDBOX],
  turbopack: sandboxLeftOut ? { resolveAlias: { [SANDBOX]: sandboxStub } } : {},
  webpack: (config: { resolve: { alias: Record<string, string> } }) => {
    if (sandboxLeftOut) config.resolve.alias[SANDBOX] = path.resolve(sandboxStub);
    return config;
  },
  poweredByHeader: false,
  // API routes log one structured line each (lib/http/route.ts); Next's dev request log would repeat it.
  logging: { incomingRequests: { ignore: [/^\/api\//] } },
  // `npm test` type-checks the whole project (tsc --noEmit) before building; don't do it twice.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: { authInterrupts: true },
};

export default nextConfig;
