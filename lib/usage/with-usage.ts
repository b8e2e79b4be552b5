import type { NextRequest } from "next/server";
import { withApiKey, type ApiKeyContext } from "@/lib/auth/route-guards";
import { AppError } from "@/lib/errors";
import type { RouteContext, RouteInfo } from "@/lib/http/route";
import { errorResponse } from "@/lib/http/respond";
import { newId } from "@/lib/ids";
import { logger } from "@/lib/log";
import { check, consumeQuota, refundQuota, type QuotaResult } from "./check-quota";
import { recordUsageBatch } from "./record-usage";

type Handler<P> = (req: NextRequest, key: ApiKeyContext, ctx: RouteContext<P>, info: RouteInfo) => Promise<Response>;

export function usageHeaders(q: QuotaResult): Record<string, string> {
  return {
    "X-Usage-Limit": q.limit === null ? "unlimited" : String(q.limit),
    "X-Usage-Remaining": q.remaining === null ? "unlimited" : String(q.remaining),
    "X-Usage-Reset": String(Math.floor(new Date(q.resets_at).getTime() / 1000)),
  };
}

/**
 * Meter a route handler (API-key auth): count `cost` units of `metric` atomically BEFORE the
 * handler (429 quota_exceeded past a hard limit), refund them if the handler fails (5xx or throws),
 * and store the event (properties.endpoint) for usage reports. X-Usage-* headers on every answer.
 */
export function withUsage<P = Record<string, string>>(handler: Handler<P>, opts: { metric: string; cost: number; endpoint?: string; feature?: string }) {
  // Metered endpoints record usage: a key needs usage:write to call them.
  return withApiKey<P>("usage:write", async (req, key, ctx, info) => {
    if (opts.feature) {
      const ent = await check({ orgId: key.orgId, feature: opts.feature });
      if (!ent.allowed) throw new AppError("feature_not_available", `Your plan does not include ${opts.feature}; upgrade to use this endpoint.`, 403);
    }
    const quota = await consumeQuota({ orgId: key.orgId, metric: opts.metric, quantity: opts.cost });
    const headers = usageHeaders(quota);
    if (!quota.allowed) {
      const message =
        quota.reason === "spend_cap_reached"
          ? `Your organisation's spend cap is reached for this period (${opts.metric}); it resets at ${quota.resets_at}.`
          : `Quota exceeded for ${opts.metric}: ${quota.used} of ${quota.limit} used this period; it resets at ${quota.resets_at}.`;
      throw new AppError("quota_exceeded", message, 429, { metric: opts.metric, ...quota }, headers);
    }
    const refund = () =>
      refundQuota({ orgId: key.orgId, metric: opts.metric, periodStart: quota.period_start, quantity: opts.cost }).catch((err) =>
        logger.error({ err }, "usage refund failed"),
      );
    let res: Response;
    try {
      res = await handler(req, key, ctx, info);
    } catch (err) {
      await refund();
      res = errorResponse(err, info.requestId);
    }
    if (res.status >= 500) {
      await refund();
    } else {
      await recordUsageBatch(
        key.orgId,
        [{ metric: opts.metric, quantity: opts.cost, idempotencyKey: newId("req"), properties: { endpoint: opts.endpoint ?? new URL(req.url).pathname } }],
        { counted: true },
      ).catch((err) => logger.error({ err }, "usage event store failed (counter already counted)"));
    }
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  });
}
