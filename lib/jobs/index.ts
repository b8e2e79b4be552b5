/** The jobs API: define queues and schedules, enqueue work, start/stop the one pg-boss per process. */
export { defineJob, listJobDefinitions, type JobHandler, type JobMeta, type JobOptions } from "./registry";
export { enqueue, drainInlineJobs, type EnqueueOptions } from "./enqueue";
export { schedule } from "./schedule";
export { startJobs, stopJobs, getRunningBoss } from "./boss";
export { runScheduledJobs } from "./run-scheduled";
