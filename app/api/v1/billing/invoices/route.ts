import { NextResponse } from "next/server";
import { withApiKey } from "@/lib/auth/route-guards";
import { invoicesQuery } from "@/lib/api/schemas/billing";
import { serializeInvoiceList } from "@/lib/api/serializers";
import { listInvoices } from "@/lib/billing/list-invoices";
import { readQuery } from "@/lib/http/respond";

export const dynamic = "force-dynamic";

/** The organisation's invoices, newest first; `?limit=&cursor=&status=`. */
export const GET = withApiKey("billing:read", async (req, key) => {
  const q = readQuery(req, invoicesQuery);
  return NextResponse.json(serializeInvoiceList(await listInvoices({ orgId: key.orgId, limit: q.limit, cursor: q.cursor, status: q.status })));
});
