import { Field, Input } from "@/components/ui";
import { formatMoney } from "@/lib/billing-ui/format";

/** Card number / expiry / name inputs taking Stripe's test numbers. */
export function CardFields({ withEmail = false, defaultEmail }: { withEmail?: boolean; defaultEmail?: string | null }) {
  return (
    <div className="space-y-4">
      {withEmail ? (
        <Field id="email" label="Email">
          <Input id="email" name="email" type="email" autoComplete="email" defaultValue={defaultEmail ?? ""} required />
        </Field>
      ) : null}
      <Field id="number" label="Card number" hint="Test cards: 4242 4242 4242 4242 (works), 4000 0000 0000 0002 (declined), 4000 0000 0000 9995 (insufficient funds), 4000 0000 0000 0341 (saves, but charges fail), 4000 0025 0000 3155 (asks for authentication).">
        <Input id="number" name="number" inputMode="numeric" autoComplete="cc-number" placeholder="4242 4242 4242 4242" required />
      </Field>
      <div className="grid grid-cols-3 gap-3">
        <Field id="expMonth" label="Exp. month">
          <Input id="expMonth" name="expMonth" inputMode="numeric" defaultValue="12" required />
        </Field>
        <Field id="expYear" label="Exp. year">
          <Input id="expYear" name="expYear" inputMode="numeric" defaultValue="2034" required />
        </Field>
        <Field id="cvc" label="CVC">
          <Input id="cvc" name="cvc" inputMode="numeric" defaultValue="123" />
        </Field>
      </div>
      <Field id="name" label="Name on card">
        <Input id="name" name="name" autoComplete="cc-name" />
      </Field>
    </div>
  );
}

export const money = (cents: number | null | undefined, currency = "usd") => formatMoney(cents ?? 0, currency);

export const day = (unix: number | null | undefined) => (unix ? new Date(unix * 1000).toISOString().slice(0, 10) : "—");
