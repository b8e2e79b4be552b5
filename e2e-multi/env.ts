/**
 * The multi-instance suite's fixed values, shared by playwright.multi.config.ts (the two servers'
 * env) and the specs. Two `next start` processes on two ports, one PostgreSQL database.
 */
export const PORT_A = Number(process.env.E2E_MULTI_PORT_A ?? 3221);
export const PORT_B = Number(process.env.E2E_MULTI_PORT_B ?? 3222);
export const URL_A = `http://127.0.0.1:${PORT_A}`;
export const URL_B = `http://127.0.0.1:${PORT_B}`;
/** Both instances, in the order requests alternate over them. */
export const INSTANCES = [URL_A, URL_B] as const;
