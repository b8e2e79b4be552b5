import { NextResponse } from "next/server";
import { z } from "zod";
import { route } from "@/lib/http/route";
import { readJson } from "@/lib/http/respond";
import { clockState, moveSandboxClock, requireSandboxController } from "@/lib/stripe/sandbox-control";

export const dynamic = "force-dynamic";

const body = z.union([
  z.object({ advance: z.string().min(1, "expected a duration such as 15d") }).strict(),
  z.object({ to: z.string().min(1, "expected an ISO date-time") }).strict(),
]);

/** Sandbox mode only (404 otherwise): the control token or a platform admin. */
export const GET = route(async (req) => {
  await requireSandboxController(req);
  return NextResponse.json(clockState());
});

/** `{"advance":"15d"}` or `{"to":"2027-01-01T00:00:00Z"}` → the new time. */
export const POST = route(async (req) => {
  const actor = await requireSandboxController(req);
  const move = await readJson(req, body);
  return NextResponse.json(await moveSandboxClock(move, actor));
});
