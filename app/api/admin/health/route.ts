import { NextResponse } from "next/server";
import { withAdmin } from "@/lib/auth/route-guards";
import { getHealthLists } from "@/lib/analytics/get-health-lists";

export const dynamic = "force-dynamic";

/** Subscription health lists: past_due (days left in grace), trials ending, cancelling, incomplete, out of sync. */
export const GET = withAdmin(async () => NextResponse.json(await getHealthLists()));
