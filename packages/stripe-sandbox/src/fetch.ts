import { createHash } from "node:crypto";
import { eq, lt } from "drizzle-orm";
import { sandboxIdempotency } from "./schema";
import { nowMs, runtime } from "./runtime";
import { StripeApiError } from "./errors";
import { applyExpand } from "./expand";
import { connectionReset, hangUntilAborted, takeFault } from "./faults";
import { parseForm, type FormObject } from "./form";
import { expandList } from "./params";
import { router } from "./routes";
import { setAfterCommitHook, withSandbox } from "./session";
import { publicView, stripeId } from "./shapes";
import { SANDBOX_API_VERSION } from "./version";
import { pumpWebhooks } from "./webhooks";
import { endpointFor, validateExpand, validateRequest } from "./validate";
import { observeResponse } from "./conformance";

setAfterCommitHook(() => pumpWebhooks());

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: {
      "content-type": "application/json",
      "request-id": stripeId("req"),
      "stripe-version": SANDBOX_API_VERSION,
      ...headers,
    },
  });
}

/**
 * A fetch-compatible function the SDK's HTTP client calls (`Stripe.createFetchHttpClient(sandboxFetch)`):
 * takes its request to https://api.stripe.com/v1/…, answers in Stripe's formats.
 */
export async function sandboxFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const req = input instanceof Request ? input : undefined;
  const url = new URL(req ? req.url : String(input));
  const method = (init.method ?? req?.method ?? "GET").toUpperCase();
  const headers = new Headers(init.headers ?? req?.headers);
  const body = typeof init.body === "string" ? init.body : req ? await req.text() : init.body ? String(init.body) : "";
  const path = url.pathname.replace(/\/+$/, "");
  const matched = router.match(method, path);

  const fault = takeFault(method, path, matched?.route.pattern);
  if (fault === "timeout") return hangUntilAborted(init.signal ?? req?.signal);
  if (fault === "reset") throw connectionReset();
  if (fault === 500) return json(500, { error: { type: "api_error", message: "An unknown error occurred (injected fault)." } }, { "stripe-should-retry": "true" });
  if (fault === 429) {
    return json(429, { error: { type: "invalid_request_error", code: "rate_limit", message: "Too many requests hit the API too quickly (injected fault)." } });
  }

  const auth = headers.get("authorization");
  if (!auth || !/^Bearer (sk|rk)_test_/.test(auth)) {
    return json(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided: the sandbox accepts test keys only." } });
  }
  // a route of an older API version (e.g. GET /v1/invoices/upcoming) is as unknown as it is to Stripe
  const endpoint = matched && endpointFor(method, matched.route.pattern);
  if (!matched || !endpoint) {
    return json(404, { error: { type: "invalid_request_error", message: `Unrecognized request URL (${method}: ${path}).` } });
  }

  let params: FormObject;
  try {
    params = { ...parseForm(url.search.slice(1)), ...parseForm(body) };
  } catch {
    return json(400, { error: { type: "invalid_request_error", message: "Invalid form encoding." } });
  }

  const idempotencyKey = method === "POST" ? headers.get("idempotency-key") ?? undefined : undefined;
  const requestHash = createHash("sha256").update(`${method} ${path}\n${body}`).digest("hex");

  try {
    const result = await withSandbox(async (s) => {
      if (idempotencyKey) {
        let prior: typeof sandboxIdempotency.$inferSelect | undefined = (
          await s.tx.select().from(sandboxIdempotency).where(eq(sandboxIdempotency.key, idempotencyKey))
        )[0];
        if (prior && prior.createdMs < nowMs() - 24 * 3600_000) {
          await s.tx.delete(sandboxIdempotency).where(eq(sandboxIdempotency.key, idempotencyKey));
          prior = undefined;
        }
        if (prior) {
          if (prior.requestHash !== requestHash) {
            throw new StripeApiError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idempotencyKey}' if you meant to execute a different request.`,
              "idempotency_key_in_use",
            );
          }
          return { replay: true as const, status: prior.status, body: prior.response };
        }
      }
      // what Stripe refuses before doing anything: unknown / mistyped / unsettable parameters, bad expansions
      validateRequest(endpoint, params);
      validateExpand(endpoint, expandList(params));
      const out = await matched.route.handler({ ...s, method, path, params, pathParams: matched.pathParams, idempotencyKey });
      const expanded = publicView(await applyExpand(s.tx, out, expandList(params)));
      if (idempotencyKey) {
        await s.tx.insert(sandboxIdempotency).values({ key: idempotencyKey, requestHash, status: 200, response: expanded as object, createdMs: nowMs() });
        // Stripe forgets keys after 24 hours; prune now and then
        if (Math.random() < 0.02) await s.tx.delete(sandboxIdempotency).where(lt(sandboxIdempotency.createdMs, nowMs() - 24 * 3600_000));
      }
      return { replay: false as const, status: 200, body: expanded };
    });
    if (result.status === 200) observeResponse(method, path, matched.route.pattern, endpoint, result.body);
    return json(result.status, result.body, {
      ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}),
      ...(result.replay ? { "idempotent-replayed": "true" } : {}),
    });
  } catch (e) {
    if (e instanceof StripeApiError) {
      // Stripe saves 4xx results for the key too (not 5xx); an idempotency conflict is not saved.
      if (idempotencyKey && e.type !== "idempotency_error") {
        await runtime()
          .db.insert(sandboxIdempotency)
          .values({ key: idempotencyKey, requestHash, status: e.status, response: e.toJSON(), createdMs: nowMs() })
          .onConflictDoNothing()
          .catch(() => undefined);
      }
      return json(e.status, e.toJSON(), idempotencyKey ? { "idempotency-key": idempotencyKey } : {});
    }
    runtime().logger.error({ err: e, method, path }, "sandbox handler failed");
    return json(500, { error: { type: "api_error", message: `Sandbox error: ${e instanceof Error ? e.message : String(e)}` } });
  }
}
