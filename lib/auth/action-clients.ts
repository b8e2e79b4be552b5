import "server-only";
import type { ZodType } from "zod";
import type { OrgRole } from "@/db/schema";
import type { Actor } from "@/lib/audit/write-audit";
import { notFound } from "@/lib/errors";
import { actionError, runAction, type ActionResult } from "@/lib/http/action";
import { requireAdmin, requireOrgRole, requireUser, type OrgContext, type SessionUser } from "./guards";

/**
 * One server-action client per trust level, the counterpart of the route wrappers
 * (lib/auth/route-guards.ts): the guard runs FIRST, in the wrapper, before the input is parsed, so an
 * action cannot forget it and a refused caller learns nothing about what it sent. Then zod, then the
 * body with the guard's context. A refusal is the action's error value (unauthenticated, forbidden,
 * not_found), as any other error.
 *
 *   export async function cancelAction(input: { orgId: string }) {
 *     return orgAction("admin", schema, input, async (d, ctx) => cancelSubscription({ orgId: ctx.org.id, … }));
 *   }
 */
async function guarded<C, I, T>(guard: () => Promise<C>, schema: ZodType<I>, input: unknown, fn: (data: I, ctx: C) => Promise<T>): Promise<ActionResult<T>> {
  let ctx: C;
  try {
    ctx = await guard();
  } catch (err) {
    return actionError(err);
  }
  return runAction(schema, input, (data) => fn(data, ctx));
}

/** Any signed-in user (401 → `unauthenticated`). */
export function userAction<I, T>(schema: ZodType<I>, input: unknown, fn: (data: I, user: SessionUser) => Promise<T>): Promise<ActionResult<T>> {
  return guarded(requireUser, schema, input, fn);
}

/** Platform admins only. */
export function adminAction<I, T>(schema: ZodType<I>, input: unknown, fn: (data: I, admin: SessionUser & { actor: Actor }) => Promise<T>): Promise<ActionResult<T>> {
  return guarded(requireAdmin, schema, input, fn);
}

/**
 * A member of the organisation named by the input's `orgId`, with at least `min` role (a non-member:
 * `not_found`, as for a missing organisation). The input must name the organisation: never the
 * active-organisation cookie, so an action cannot act on another organisation than the one it shows.
 */
export function orgAction<I, T>(min: OrgRole, schema: ZodType<I>, input: unknown, fn: (data: I, ctx: OrgContext) => Promise<T>): Promise<ActionResult<T>> {
  return guarded(
    async () => {
      const orgId = input && typeof input === "object" ? (input as { orgId?: unknown }).orgId : undefined;
      if (typeof orgId !== "string" || orgId.length === 0) {
        await requireUser();
        throw notFound("organisation");
      }
      return requireOrgRole(min, orgId);
    },
    schema,
    input,
    fn,
  );
}
