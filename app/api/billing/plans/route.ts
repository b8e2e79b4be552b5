import { NextResponse } from "next/server";
import { getPublicCatalog } from "@/lib/billing/public-plans";
import { route } from "@/lib/http/route";

/** Public: the catalog as the pricing page shows it. */
export const GET = route(async () =>
  NextResponse.json(getPublicCatalog(), { headers: { "cache-control": "public, max-age=60" } }),
);
