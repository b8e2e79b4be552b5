import { catalog } from "@/lib/billing/catalog";
import { demoPdf } from "@/lib/usage/demo-data";
import { withUsage } from "@/lib/usage/with-usage";

export const dynamic = "force-dynamic";

/** Demo metered export (needs the advanced_exports feature). */
export const GET = withUsage(
  async () => new Response(demoPdf() as BodyInit, { headers: { "content-type": "application/pdf", "content-disposition": 'attachment; filename="signals.pdf"' } }),
  { metric: "api_calls", cost: catalog.endpointCosts["/export/pdf"] ?? 5, endpoint: "/export/pdf", feature: "advanced_exports" },
);
