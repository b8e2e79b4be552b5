/** npm run db:migrate — apply the committed migrations (the server also does this at start). */
import { initDatabase } from "@/db/init";
import { closeDatabase } from "@/db";

initDatabase()
  .then(() => closeDatabase())
  .then(() => console.log("migrations applied"))
  .catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
