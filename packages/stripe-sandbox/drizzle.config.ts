import { defineConfig } from "drizzle-kit";

/** The sandbox's own schema and migrations (`npm run db:generate:sandbox` at the root; checked by `npm run db:check`). */
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
  strict: true,
});
