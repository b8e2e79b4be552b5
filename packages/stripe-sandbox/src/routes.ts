import { Router } from "./router";
import { checkoutRoutes } from "./resources/checkout";
import { scheduleRoutes } from "./resources/schedules";
import { clockRoutes } from "./resources/test-clocks";
import { couponRoutes } from "./resources/coupons";
import { customerRoutes } from "./resources/customers";
import { intentRoutes } from "./resources/intents";
import { invoiceRoutes } from "./resources/invoices";
import { meterRoutes } from "./resources/meters";
import { paymentMethodRoutes } from "./resources/payment-methods";
import { priceRoutes } from "./resources/prices";
import { productRoutes } from "./resources/products";
import { subscriptionRoutes } from "./resources/subscriptions";
import { taxIdRoutes } from "./resources/tax-ids";
import { webhookEndpointRoutes } from "./resources/webhook-endpoints";

export const router = new Router()
  .add(customerRoutes)
  .add(taxIdRoutes)
  .add(productRoutes)
  .add(priceRoutes)
  .add(couponRoutes)
  .add(meterRoutes)
  .add(clockRoutes)
  .add(paymentMethodRoutes)
  .add(intentRoutes)
  .add(subscriptionRoutes)
  .add(invoiceRoutes)
  .add(checkoutRoutes)
  .add(scheduleRoutes)
  .add(webhookEndpointRoutes);
