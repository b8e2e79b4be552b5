import "server-only";
import { createHash, randomUUID } from "node:crypto";
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from "cockatiel";
import Stripe from "stripe";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { getStripe } from "./client";
import { takeStripeRequestSlot } from "./request-rate";

/**
 * The ONE wrapper around every Stripe call (real or sandbox):
 *   retry (exponential backoff + jitter; 429 / 5xx / network errors / timeouts only)
 *     → circuit breaker (ConsecutiveBreaker: N consecutive transient failures open it)
 *       → timeout (per attempt)
 * Every write carries an idempotency key derived from the operation and a caller-supplied stable
 * key (e.g. `org_123:pro:year`), identical on every retry, so a retried server action never creates
 * twice. Errors become AppErrors whose messages are safe to show: Stripe's raw text never leaks
 * (except card decline reasons, which are meant for the cardholder and are mapped to plain words).
 *
 * Policy (docs/STRIPE.md): writes fail closed (503 stripe_unavailable, nothing charged); reads
 * should catch `isStripeUnavailable(err)` and serve the mirror (fail open).
 */

export type StripeCallOptions = { idempotencyKey?: string; timeout?: number };
export type CallStripeOptions = {
  /** A key stable across retries of the same intent (a server action's input, an event id…). */
  idempotencyKey?: string;
  /** Force read/write classification (default: inferred from the operation's verb). */
  kind?: "read" | "write";
};

export type ResilienceConfig = {
  /** Per-attempt timeout. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Consecutive transient failures that open the circuit. */
  breakerThreshold: number;
  /** How long the circuit stays open before letting one test call through (half-open). */
  halfOpenAfterMs: number;
};

export const DEFAULT_RESILIENCE: ResilienceConfig = {
  timeoutMs: 15_000,
  retries: 2,
  initialDelayMs: 250,
  maxDelayMs: 4_000,
  breakerThreshold: 5,
  halfOpenAfterMs: 30_000,
};

export const UNAVAILABLE_MESSAGE = "Payments are temporarily unavailable; nothing was charged. Try again in a minute.";

/** An AppError that keeps the Stripe error it came from (never serialised to clients). */
export class StripeCallError extends AppError {
  constructor(
    code: string,
    message: string,
    status: number,
    public readonly operation: string,
    public readonly stripeCode?: string,
    public readonly stripeCause?: unknown,
  ) {
    super(code, message, status);
    this.name = "StripeCallError";
  }
}

/** True for 429, 5xx, connection errors and timeouts: worth retrying, counted by the breaker. */
export function isTransientStripeError(err: unknown): boolean {
  if (err instanceof TaskCancelledError) return true;
  if (!(err instanceof Stripe.errors.StripeError)) return false;
  if (err instanceof Stripe.errors.StripeConnectionError) return true;
  if (err instanceof Stripe.errors.StripeRateLimitError) return true;
  const status = err.statusCode ?? 0;
  if (status === 429 || status >= 500) return true;
  // A concurrent request with the same idempotency key: Stripe asks to retry.
  return status === 409 && err.code === "lock_timeout";
}

type Policies = { config: ResilienceConfig; breaker: ReturnType<typeof circuitBreaker>; policy: IPolicy; perAttempt: IPolicy };
const g = globalThis as unknown as { __billingStripePolicies?: Policies };

function build(config: ResilienceConfig): Policies {
  const transient = handleWhen(isTransientStripeError);
  const breaker = circuitBreaker(transient, {
    halfOpenAfter: config.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(config.breakerThreshold),
  });
  breaker.onBreak(() => logger.warn({ threshold: config.breakerThreshold }, "stripe circuit opened"));
  breaker.onReset(() => logger.info("stripe circuit closed"));
  const retryPolicy = retry(transient, {
    maxAttempts: config.retries,
    // cockatiel's default generator is decorrelated jitter.
    backoff: new ExponentialBackoff({ initialDelay: config.initialDelayMs, maxDelay: config.maxDelayMs }),
  });
  const perAttempt = timeout(config.timeoutMs, TimeoutStrategy.Aggressive);
  // The per-attempt timeout starts once the request has its slot under the request-rate cap (waiting
  // for a slot is not Stripe being slow).
  return { config, breaker, policy: wrap(retryPolicy, breaker), perAttempt };
}

function policies(): Policies {
  g.__billingStripePolicies ??= build(DEFAULT_RESILIENCE);
  return g.__billingStripePolicies;
}

/** Rebuild the policies (tests use small durations; resets the circuit). */
export function configureStripeResilience(overrides: Partial<ResilienceConfig> = {}): ResilienceConfig {
  const config = { ...DEFAULT_RESILIENCE, ...overrides };
  g.__billingStripePolicies = build(config);
  return config;
}

export type CircuitStateName = "closed" | "open" | "half_open" | "isolated";

export function circuitState(): CircuitStateName {
  switch (policies().breaker.state) {
    case CircuitState.Open:
      return "open";
    case CircuitState.HalfOpen:
      return "half_open";
    case CircuitState.Isolated:
      return "isolated";
    default:
      return "closed";
  }
}

const READ_VERB = /\.(retrieve|list|search|get|listLineItems|retrieveUpcoming|createPreview|autoPagingToArray)$/;

/** `operation:stable` hashed to a fixed-length key (Stripe allows 255 chars). */
export function deriveIdempotencyKey(operation: string, stable: string): string {
  return `bk_${operation}_${createHash("sha256").update(`${operation}\n${stable}`).digest("base64url").slice(0, 32)}`;
}

let requestsMade = 0;
/** Stripe requests this process has sent (every attempt, retries included): the bench's "Stripe calls per event". */
export function stripeRequestsMade(): number {
  return requestsMade;
}

/**
 * Run one Stripe operation through the resilience policies. `operation` names it for logs,
 * idempotency and fault injection ("customers.create", "prices.list"…); `fn` receives the client and
 * request options to pass on (`{ idempotencyKey, timeout }`).
 */
export async function callStripe<T>(
  operation: string,
  fn: (stripe: Stripe, opts: StripeCallOptions) => Promise<T>,
  options: CallStripeOptions = {},
): Promise<T> {
  const { config, policy, perAttempt } = policies();
  const write = options.kind ? options.kind === "write" : !READ_VERB.test(operation);
  // Same key on every retry of this call; a caller-supplied stable key makes it the same across calls.
  const idempotencyKey = write
    ? deriveIdempotencyKey(operation, options.idempotencyKey ?? `once:${randomUUID()}`)
    : undefined;
  const requestOptions: StripeCallOptions = { timeout: config.timeoutMs, ...(idempotencyKey ? { idempotencyKey } : {}) };
  const stripe = getStripe();
  try {
    // A signal of this call's own: without one, cockatiel hangs every execution's abort listener on
    // one shared never-aborted signal, and more than 10 Stripe calls in flight print Node's
    // MaxListenersExceededWarning (seen on stderr under load in the webhook crash test).
    return await policy.execute(async () => {
      await takeStripeRequestSlot();
      return perAttempt.execute(() => {
        requestsMade++;
        return fn(stripe, requestOptions);
      }, new AbortController().signal);
    }, new AbortController().signal);
  } catch (err) {
    throw toAppError(operation, err);
  }
}

const DECLINE_REASONS: Record<string, string> = {
  card_declined: "Your card was declined.",
  generic_decline: "Your card was declined.",
  insufficient_funds: "Your card has insufficient funds.",
  lost_card: "Your card was declined.",
  stolen_card: "Your card was declined.",
  expired_card: "Your card has expired.",
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: "Your card number is incorrect.",
  invalid_expiry_month: "Your card's expiration month is invalid.",
  invalid_expiry_year: "Your card's expiration year is invalid.",
  processing_error: "An error occurred while processing your card. Try again.",
  authentication_required: "Your bank requires you to confirm this payment.",
  card_velocity_exceeded: "Your card was declined: too many attempts. Try again later or use another card.",
  do_not_honor: "Your card was declined.",
  fraudulent: "Your card was declined.",
};

/** Plain-words reason for a card error (decline_code first, then code). */
export function declineReason(err: { code?: string; decline_code?: string }): string {
  return DECLINE_REASONS[err.decline_code ?? ""] ?? DECLINE_REASONS[err.code ?? ""] ?? "Your card was declined.";
}

/** Map anything thrown by a Stripe call to an AppError with a safe message. */
export function toAppError(operation: string, err: unknown): AppError {
  if (err instanceof AppError) return err;
  const unavailableErr = (cause: unknown, stripeCode?: string) =>
    new StripeCallError("stripe_unavailable", UNAVAILABLE_MESSAGE, 503, operation, stripeCode, cause);
  if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
    logger.warn({ operation }, "stripe call refused: circuit open");
    return unavailableErr(err, "circuit_open");
  }
  if (isTransientStripeError(err)) {
    logger.error({ operation, err: errSummary(err) }, "stripe call failed after retries");
    return unavailableErr(err, err instanceof TaskCancelledError ? "timeout" : (err as Stripe.errors.StripeError).code);
  }
  if (err instanceof Stripe.errors.StripeCardError) {
    return new StripeCallError("card_declined", declineReason(err), 402, operation, err.decline_code ?? err.code, err);
  }
  if (err instanceof Stripe.errors.StripeIdempotencyError) {
    logger.error({ operation, err: errSummary(err) }, "stripe idempotency conflict");
    return new StripeCallError("idempotency_conflict", "This request conflicts with an earlier one with different details. Reload and try again.", 409, operation, err.code, err);
  }
  if (err instanceof Stripe.errors.StripeInvalidRequestError) {
    logger.warn({ operation, err: errSummary(err) }, "stripe rejected the request");
    if (err.code === "resource_missing") {
      return new StripeCallError("not_found", "The billing record was not found.", 404, operation, err.code, err);
    }
    return new StripeCallError("invalid_billing_request", "The payment provider rejected this request. Check the details and try again.", 400, operation, err.code, err);
  }
  if (err instanceof Stripe.errors.StripeAuthenticationError || err instanceof Stripe.errors.StripePermissionError) {
    logger.error({ operation, err: errSummary(err) }, "stripe refused our API key: check STRIPE_SECRET_KEY");
    return unavailableErr(err, "authentication");
  }
  logger.error({ operation, err: errSummary(err) }, "unexpected error from a stripe call");
  return unavailableErr(err, "unknown");
}

function errSummary(err: unknown) {
  if (err instanceof Stripe.errors.StripeError) return { type: err.type, code: err.code, status: err.statusCode, message: err.message };
  return err instanceof Error ? { name: err.name, message: err.message } : { value: String(err) };
}

/** For read paths that fail open: serve the mirror when this is true. */
export function isStripeUnavailable(err: unknown): boolean {
  return err instanceof AppError && err.code === "stripe_unavailable";
}

/**
 * Fail-open read: ask Stripe; when it is unavailable (circuit open, retries exhausted), serve the
 * mirror instead and say so. Other errors (not found, invalid) still throw.
 */
export async function readStripeOrMirror<T>(
  operation: string,
  fromStripe: (stripe: Stripe, opts: StripeCallOptions) => Promise<T>,
  fromMirror: () => Promise<T>,
): Promise<{ value: T; source: "stripe" | "mirror" }> {
  try {
    return { value: await callStripe(operation, fromStripe, { kind: "read" }), source: "stripe" };
  } catch (err) {
    if (!isStripeUnavailable(err)) throw err;
    return { value: await fromMirror(), source: "mirror" };
  }
}
