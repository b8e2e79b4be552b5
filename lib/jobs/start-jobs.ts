import "server-only";
import { logger } from "@/lib/log";
import { startJobs } from "./boss";
import "./register-jobs";

/** Start-up step (lib/startup-hooks.ts): register every job module, then start pg-boss and its workers. */
export async function startBackgroundJobs() {
  try {
    await startJobs();
  } catch (err) {
    logger.error({ err }, "background jobs did not start; webhooks are processed in-process until restart");
  }
}
