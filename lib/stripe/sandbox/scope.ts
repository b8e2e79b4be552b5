/**
 * Whose clock moves an object. In a running app there is one clock ("default"). Under test, every
 * test process has its own clock offset while real-Postgres runs share one database, so each test
 * process only processes (renewals, webhook deliveries) what it created.
 */
export function sandboxScope(): string {
  return process.env.NODE_ENV === "test" ? `test-${process.pid}` : "default";
}
