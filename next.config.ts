import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // PGlite ships a WASM build and pg-boss/argon2 load native or dynamic code: keep them out of the bundle.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "@node-rs/argon2", "pino", "postgres"],
  poweredByHeader: false,
  typedRoutes: false,
  experimental: { authInterrupts: true },
};

export default nextConfig;
