import { getDbHandle } from "@/db";

export type Health = { status: "ok" | "degraded"; database: "ok" | "unavailable" };

/** Liveness of the parts a request needs: today the database. */
export async function checkHealth(): Promise<Health> {
  try {
    const h = await getDbHandle();
    await Promise.race([
      h.raw("select 1"),
      new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 3000)),
    ]);
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "degraded", database: "unavailable" };
  }
}
