/** A Stripe API error: serialised as `{error:{type,code,message,param,…}}` with Stripe's status. */
export class StripeApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly type: string,
    message: string,
    public readonly code?: string,
    public readonly param?: string,
    public readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "StripeApiError";
  }

  toJSON() {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
        ...this.extra,
      },
    };
  }
}

export const invalidRequest = (message: string, param?: string, code?: string) =>
  new StripeApiError(400, "invalid_request_error", message, code ?? (param ? "parameter_invalid" : undefined), param);

export const missingParam = (param: string) =>
  new StripeApiError(400, "invalid_request_error", `Missing required param: ${param}.`, "parameter_missing", param);

export const resourceMissing = (kind: string, id: string, param = "id") =>
  new StripeApiError(404, "invalid_request_error", `No such ${kind}: '${id}'`, "resource_missing", param);

export const cardError = (code: string, message: string, extra: Record<string, unknown> = {}) =>
  new StripeApiError(402, "card_error", message, code, undefined, extra);
