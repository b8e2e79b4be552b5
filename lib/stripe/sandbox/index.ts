import "server-only";

export { sandboxFetch } from "./fetch";
export { advanceSandboxClock, restoreSandboxClock } from "./clock";
export { injectFault, clearFaults, type FaultKind } from "./faults";
export {
  setWebhookTransport,
  flushSandboxWebhooks,
  pumpWebhooks,
  signPayload,
  sandboxWebhookSecret,
  SANDBOX_WEBHOOK_SECRET,
  type WebhookDelivery,
  type WebhookTransport,
} from "./webhooks";
export { TEST_CARDS } from "./cards";

export { createSandboxStripe } from "./sdk";
export { completeCheckoutSession, getCheckoutView, type CardInput, type CheckoutResult } from "./hosted/checkout";
export {
  getPortalView, portalAddCard, portalCancel, portalRemoveCard, portalResume, portalSetDefault, portalSwitchPlan, type PortalResult,
} from "./hosted/portal";
export { approveIntent } from "./hosted/authenticate";
export { getInvoiceView } from "./hosted/invoice";
