import { desc, eq } from "drizzle-orm";
import { sandboxEvents } from "../schema";
import type { Ctx, RouteDef } from "../router";
import { advanceWithin } from "../clock";
import { int, str, arr } from "../params";
import { build, nowUnix, stripeId, type StripeObj } from "../shapes";
import { deleteObject, getObject, insertObject, saveObject } from "../store";
import { listResponse, pageParams } from "./common";
import { paginate } from "../store";

/** Every test clock reads the one app clock: frozen_time is always "now". */
function present(c: StripeObj): StripeObj {
  return { ...c, frozen_time: nowUnix(), status: "ready" };
}

async function create(ctx: Ctx) {
  const frozen = int(ctx.params, "frozen_time");
  if (frozen !== undefined && frozen > nowUnix()) await advanceWithin(ctx, frozen * 1000);
  const clock = build("test_helpers.test_clock", {
    id: stripeId("clock"),
    object: "test_helpers.test_clock",
    created: nowUnix(),
    deletes_after: nowUnix() + 30 * 86400,
    frozen_time: nowUnix(),
    name: str(ctx.params, "name") || null,
    status: "ready",
    status_details: {},
  });
  await insertObject(ctx.tx, clock);
  return present(clock);
}

async function advance(ctx: Ctx) {
  const clock = await getObject(ctx.tx, ctx.pathParams.id, "test_helpers.test_clock");
  const frozen = int(ctx.params, "frozen_time");
  if (frozen === undefined) return present(clock);
  await advanceWithin(ctx, frozen * 1000);
  await saveObject(ctx.tx, { ...clock, frozen_time: nowUnix() });
  const out = present(clock);
  await ctx.emit("test_helpers.test_clock.ready", out);
  return out;
}

async function listEvents(ctx: Ctx) {
  const type = str(ctx.params, "type");
  const types = (arr(ctx.params, "types") ?? []) as string[];
  const rows = await ctx.tx.select().from(sandboxEvents).orderBy(desc(sandboxEvents.seq)).limit(5000);
  const all = rows
    .map((r) => r.data as StripeObj)
    .filter((e) => (!type || (type.endsWith("*") ? String(e.type).startsWith(type.slice(0, -1)) : e.type === type)) && (!types.length || types.includes(e.type as string)));
  return paginate(all, pageParams(ctx.params), ctx.path);
}

export const clockRoutes: RouteDef[] = [
  ["POST", "/v1/test_helpers/test_clocks", create],
  ["GET", "/v1/test_helpers/test_clocks", async (ctx) => {
    const page = await listResponse(ctx, "test_helpers.test_clock");
    return { ...page, data: page.data.map(present) };
  }],
  ["GET", "/v1/test_helpers/test_clocks/:id", async (ctx) => present(await getObject(ctx.tx, ctx.pathParams.id, "test_helpers.test_clock"))],
  ["POST", "/v1/test_helpers/test_clocks/:id/advance", advance],
  ["DELETE", "/v1/test_helpers/test_clocks/:id", async (ctx) => {
    const c = await getObject(ctx.tx, ctx.pathParams.id, "test_helpers.test_clock");
    await deleteObject(ctx.tx, c.id);
    return { id: c.id, object: "test_helpers.test_clock", deleted: true };
  }],
  ["GET", "/v1/events", listEvents],
  ["GET", "/v1/events/:id", async (ctx) => {
    const [row] = await ctx.tx.select().from(sandboxEvents).where(eq(sandboxEvents.id, ctx.pathParams.id));
    if (!row) throw (await import("../errors")).resourceMissing("event", ctx.pathParams.id);
    return row.data;
  }],
];
