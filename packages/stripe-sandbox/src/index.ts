/**
 * @billing-kit/stripe-sandbox: an offline, in-process emulator of the Stripe API subset Billing Kit
 * calls, answering the official SDK in Stripe's formats. The host hands in everything it needs
 * (`createSandbox`); the package never imports the host. See README.md.
 */
import type Stripe from "stripe";
import { advanceSandboxClock, restoreSandboxClock } from "./clock";
import { clearFaults, injectFault, type FaultKind } from "./faults";
import { sandboxFetch } from "./fetch";
import { approveIntent } from "./hosted/authenticate";
import { createCardPaymentMethod, type CardDetails, type CardFormResult } from "./hosted/card-form";
import { completeCheckoutSession, getCheckoutView, type CardInput, type CheckoutResult } from "./hosted/checkout";
import { getInvoiceView, renderInvoicePdf } from "./hosted/invoice";
import {
  getPortalView, portalAddCard, portalCancel, portalRemoveCard, portalResume, portalSetDefault, portalSwitchPlan, type PortalResult,
} from "./hosted/portal";
import { migrateSandbox } from "./migrate";
import { checkResponses, summarize, type ResponseDifference } from "./conformance";
import { describedEndpoints } from "./validate";

export { migrateSandbox };
import { setRuntime, type SandboxClock, type SandboxDb, type SandboxLogger } from "./runtime";
import { createSandboxStripe } from "./sdk";
import { flushSandboxWebhooks, outbox, pumpWebhooks, setWebhookTransport, signPayload, type WebhookDelivery, type WebhookTransport } from "./webhooks";

export { SANDBOX_API_VERSION } from "./version";

/**
 * Set when this module is evaluated. The host's build check (scripts/sandbox-exclusion-check.mjs)
 * looks for this exact string in a production server built with a Stripe key, and for the flag at runtime.
 */
export const SANDBOX_MODULE_MARKER = "billing-kit-stripe-sandbox-module-loaded";
(globalThis as unknown as Record<string, unknown>).__billingKitStripeSandbox = SANDBOX_MODULE_MARKER;
export { TEST_CARDS, type TestCard } from "./cards";
export { signPayload };
export type { ResponseDifference };
export type { CardDetails, CardFormResult, CardInput, CheckoutResult, FaultKind, PortalResult, SandboxClock, SandboxDb, SandboxLogger, WebhookDelivery, WebhookTransport };

export type SandboxOptions = {
  /** A drizzle PostgreSQL database (postgres.js or PGlite) the sandbox keeps its own tables in. */
  db: SandboxDb;
  /** The host's clock; the sandbox's test clocks move its offset forward. */
  clock: SandboxClock;
  /** Base URL of the host's hosted-page routes (checkout, portal, invoices, authenticate), e.g. `http://localhost:3000/sandbox`. */
  hostedUrl: string;
  /** Where events are POSTed, signed with `webhookSecret`. */
  webhookTarget: string;
  webhookSecret: string;
  /** Deliver events by itself after each commit (default true); when false only a test transport receives them. */
  autoDeliverWebhooks?: boolean;
  /** How long one delivery may take before it counts as failed and is retried later (default 30 s). */
  webhookTimeoutMs?: number;
  /** Whose clock moves the objects this process creates (default "default"; one per test process when tests share a database). */
  scope?: string;
  logger?: SandboxLogger;
};

export type Sandbox = ReturnType<typeof createSandbox>;

const silent: SandboxLogger = { debug: () => {}, error: () => {} };

/**
 * Configure the sandbox for this process and return its interface. Its tables are created (or
 * adopted) by its own migrations before the first operation; `migrate()` runs them explicitly.
 */
export function createSandbox(options: SandboxOptions) {
  setRuntime({
    db: options.db,
    clock: options.clock,
    logger: options.logger ?? silent,
    hostedUrl: options.hostedUrl.replace(/\/+$/, ""),
    webhookTarget: options.webhookTarget,
    webhookSecret: options.webhookSecret,
    autoDeliver: options.autoDeliverWebhooks ?? true,
    deliveryTimeoutMs: options.webhookTimeoutMs ?? 30_000,
    scope: options.scope ?? "default",
  });
  let migrated: Promise<string[]> | undefined;
  const migrate = () => (migrated ??= migrateSandbox(options.db).catch((e) => {
    migrated = undefined;
    throw e;
  }));
  /** Every entry point waits for the sandbox's tables. */
  const ready = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
    await migrate();
    return fn(...args);
  };
  const fetch = ready(sandboxFetch) as typeof globalThis.fetch;
  return {
    /** fetch-compatible handler for the SDK: `Stripe.createFetchHttpClient(sandbox.fetch)`. */
    fetch,
    migrate,
    /** An SDK instance bound to this sandbox (hosted pages, tests). */
    stripe: (opts?: { maxNetworkRetries?: number; timeout?: number }): Stripe => createSandboxStripe({ ...opts, fetch }),
    /** ONE clock: advancing processes trial ends, renewals and retries in time order and moves the host's clock. */
    clock: { advance: ready(advanceSandboxClock), restore: ready(restoreSandboxClock) },
    /** What the host's stand-ins for Stripe's hosted pages show and do. */
    views: {
      checkout: { get: ready(getCheckoutView), complete: ready(completeCheckoutSession) },
      portal: {
        get: ready(getPortalView),
        switchPlan: ready(portalSwitchPlan),
        cancel: ready(portalCancel),
        resume: ready(portalResume),
        addCard: ready(portalAddCard),
        setDefault: ready(portalSetDefault),
        removeCard: ready(portalRemoveCard),
      },
      invoice: { get: ready(getInvoiceView), pdf: ready(renderInvoicePdf) },
      authenticate: { decide: ready(approveIntent) },
      /** The card form (Stripe.js stand-in): card details in, a PaymentMethod id out. */
      cardForm: { createPaymentMethod: ready(createCardPaymentMethod) },
    },
    /** For tests: flaky-Stripe faults, webhook transport and flushing, the test cards. */
    testing: {
      injectFault,
      clearFaults,
      setWebhookTransport,
      /** Report every response that differs from the pinned API version's description (undefined: stop). */
      checkResponses,
      /** The distinct differences in a list of reported ones, one line each. */
      summarizeDifferences: summarize,
      /** The endpoints the API description covers (`POST /v1/prices/:id`, …): exactly the sandbox's routes. */
      describedEndpoints,
      flushWebhooks: ready(flushSandboxWebhooks),
      outbox: ready(outbox),
      pumpWebhooks,
      scope: options.scope ?? "default",
      webhookSecret: options.webhookSecret,
    },
  };
}
