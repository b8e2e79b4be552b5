import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // PGlite ships a WASM build and pg-boss/argon2 load native or dynamic code: keep them out of the bundle.
  serverExternalPackages: ["stripe", "@electric-sql/pglite", "pg-boss", "@node-rs/argon2", "pino", "postgres"],
  poweredByHeader: false,
  // API routes log one structured line each (lib/http/route.ts); Next's dev request log would repeat it.
  logging: { incomingRequests: { ignore: [/^\/api\//] } },
  // `npm test` type-checks the whole project (tsc --noEmit) before building; don't do it twice.
  typescript: { ignoreBuildErrors: true },
  typedRoutes: false,
  experimental: { authInterrupts: true },
};

export default nextConfig;
