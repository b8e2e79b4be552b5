import { catalog } from "@/lib/billing/catalog";
import { demoCsv } from "@/lib/usage/demo-data";
import { withUsage } from "@/lib/usage/with-usage";

export const dynamic = "force-dynamic";

/** Demo metered export (needs the advanced_exports feature). */
export const GET = withUsage(
  async () => new Response(demoCsv(), { headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="signals.csv"' } }),
  { metric: "api_calls", cost: catalog.endpointCosts["/export/csv"] ?? 3, endpoint: "/export/csv", feature: "advanced_exports" },
);
