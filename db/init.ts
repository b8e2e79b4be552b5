import "server-only";
import { getDbHandle } from "./index";
import { migrateDatabase } from "./migrate";

const g = globalThis as unknown as { __billingDbInit?: Promise<void> };

/** Open the database and apply migrations, once per process. */
export function initDatabase(): Promise<void> {
  g.__billingDbInit ??= (async () => {
    await getDbHandle();
    await migrateDatabase();
  })();
  return g.__billingDbInit;
}

export function resetInitForTests() {
  g.__billingDbInit = undefined;
}
