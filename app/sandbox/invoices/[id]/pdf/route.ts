import { z } from "zod";
import { notFound as notFoundError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { getSandbox } from "@/lib/stripe/client";

export const dynamic = "force-dynamic";

const params = z.object({ id: z.string().regex(/^in_[A-Za-z0-9]{1,64}$/) });

/** The sandbox's `invoice.invoice_pdf`: the finalised invoice as a PDF (with real Stripe, Stripe's own link). */
export const GET = route<{ id: string }>(async (_req, ctx) => {
  const parsed = params.safeParse(await ctx.params);
  const sandbox = await getSandbox();
  const pdf = parsed.success && sandbox ? await sandbox.views.invoice.pdf(parsed.data.id) : null;
  if (!pdf) throw notFoundError("invoice");
  return new Response(Buffer.from(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="invoice-${parsed.data!.id}.pdf"`,
      "cache-control": "private, no-store",
    },
  });
});
