import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { getDbHandle } from "@/db";

/** The lines a crash-test child appended to its ack file so far (one acknowledged key or id per line). */
export const ackedLines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : []);

/**
 * Start a crash-test child (a TypeScript file run like the app: react-server conditions, tsx) with
 * extra environment. `stderr()` is everything it wrote there; `kill()` SIGKILLs it, waits for it to
 * exit and for its database sessions to finish (see waitForKilledSessions).
 */
export function startCrashChild(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", script], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  return {
    child,
    stderr: () => stderr,
    async kill() {
      child.kill("SIGKILL");
      await exited;
      await waitForKilledSessions();
    },
  };
}

/**
 * After SIGKILLing a child that talked to Postgres: wait until none of its sessions is still working.
 * A COMMIT the child sent just before it died can still be executing in its backend, and would land
 * after the test has started counting rows (an unacknowledged write appearing mid-check). Postgres ends
 * an idle backend as soon as it reads EOF from the dead client, so "no other backend of this database
 * is busy" means the child's last statements have finished one way or the other.
 */
export async function waitForKilledSessions(timeoutMs = 30_000) {
  const h = await getDbHandle();
  if (h.kind !== "postgres") return;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await h.raw(
      `select count(*)::int as n from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend' and state <> 'idle'`,
    );
    if (Number(row!.n) === 0) return;
    if (Date.now() > deadline) throw new Error(`${String(row!.n)} database sessions still busy ${timeoutMs} ms after the kill`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
