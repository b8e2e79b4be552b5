import "server-only";
/**
 * Every job module, imported for its registration side effect. Add a line per new job file
 * (reconciler, subscription monitor, credit expiry, …).
 */
import "./stripe-event-job";
import "./ops-schedules";
import "./ops-metering";
import "./domain-event-job";
import "./webhook-delivery-job";
