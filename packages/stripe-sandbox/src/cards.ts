/** Stripe's test cards and what each one does in the sandbox. */
export type CardBehaviour = "ok" | "declined" | "insufficient_funds" | "charge_fails" | "requires_action" | "disputed";

export type TestCard = { number: string; brand: string; behaviour: CardBehaviour; funding: string };

export const TEST_CARDS: TestCard[] = [
  { number: "4242424242424242", brand: "visa", behaviour: "ok", funding: "credit" },
  { number: "5555555555554444", brand: "mastercard", behaviour: "ok", funding: "credit" },
  { number: "4000000000000002", brand: "visa", behaviour: "declined", funding: "credit" },
  { number: "4000000000009995", brand: "visa", behaviour: "insufficient_funds", funding: "credit" },
  { number: "4000000000000341", brand: "visa", behaviour: "charge_fails", funding: "credit" },
  { number: "4000002500003155", brand: "visa", behaviour: "requires_action", funding: "credit" },
  // charges succeed, then the cardholder disputes them (fraudulent): charge.dispute.created
  { number: "4000000000000259", brand: "visa", behaviour: "disputed", funding: "credit" },
];

/** `pm_card_*` tokens Stripe accepts in test mode. */
export const PM_TOKENS: Record<string, string> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_authenticationRequired: "4000002500003155",
  pm_card_threeDSecure2Required: "4000002500003155",
  pm_card_createDispute: "4000000000000259",
};

export function findTestCard(number: string): TestCard | undefined {
  const digits = number.replace(/[\s-]/g, "");
  return TEST_CARDS.find((c) => c.number === digits);
}

export type DeclineInfo = { code: string; decline_code?: string; message: string };

/** Outcome of charging (off-session) a card with this behaviour. */
export function chargeOutcome(b: CardBehaviour): DeclineInfo | "ok" | "requires_action" {
  if (b === "ok" || b === "disputed") return "ok";
  if (b === "requires_action") return "requires_action";
  if (b === "insufficient_funds") return { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." };
  return { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
}

/** Outcome of saving (attach / setup) a card with this behaviour: 0341 and 3155 attach fine. */
export function setupOutcome(b: CardBehaviour): DeclineInfo | "ok" | "requires_action" {
  if (b === "charge_fails" || b === "ok" || b === "disputed") return "ok";
  return chargeOutcome(b);
}

/** Plain-words reason for the hosted pages. */
export function declineInWords(d: DeclineInfo): string {
  if (d.decline_code === "insufficient_funds") return "The card was declined because it has insufficient funds.";
  if (d.code === "authentication_required") return "The bank asks the cardholder to authenticate this payment.";
  return "The card was declined by the bank. Try another card.";
}
