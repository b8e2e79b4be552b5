"use client";

import { Elements, PaymentElement, useElements, useStripe } from "@stripe/react-stripe-js";
import { loadStripe, type Stripe } from "@stripe/stripe-js";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { confirmSetupIntentAction, createSetupIntentAction } from "@/app/onboarding/actions";
import { Alert, Button, SkeletonText } from "@/components/ui";

const stripePromises = new Map<string, Promise<Stripe | null>>();

/** Stripe Elements (PaymentElement + SetupIntent) for real Stripe test/live keys. */
export function ElementsCardFormInner({ orgId, attemptId, publishableKey }: { orgId: string; attemptId: string; publishableKey: string }) {
  const [clientSecret, setClientSecret] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const stripePromise = useMemo(() => {
    if (!stripePromises.has(publishableKey)) stripePromises.set(publishableKey, loadStripe(publishableKey));
    return stripePromises.get(publishableKey)!;
  }, [publishableKey]);
  useEffect(() => {
    let live = true;
    void createSetupIntentAction({ orgId, attemptId }).then((r) => {
      if (!live) return;
      if (r.ok) setClientSecret(r.data.clientSecret);
      else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [orgId, attemptId]);
  if (error) return <Alert tone="error">{error}</Alert>;
  if (!clientSecret) return <SkeletonText lines={4} label="Loading the secure card form…" />;
  return (
    <Elements stripe={stripePromise} options={{ clientSecret }}>
      <Inner orgId={orgId} />
    </Elements>
  );
}

function Inner({ orgId }: { orgId: string }) {
  const stripe = useStripe();
  const elements = useElements();
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!stripe || !elements) return;
        setBusy(true);
        setError(null);
        const res = await stripe.confirmSetup({ elements, redirect: "if_required", confirmParams: { return_url: window.location.href } });
        if (res.error) {
          setError(res.error.message ?? "The card could not be saved. Try another card.");
          setBusy(false);
          return;
        }
        const done = await confirmSetupIntentAction({ orgId, setupIntentId: res.setupIntent.id });
        if (!done.ok) {
          setError(done.error.message);
          setBusy(false);
          return;
        }
        router.push(done.data.next);
      }}
    >
      {error ? (
        <Alert tone="error" title="Card declined" data-testid="card-error">
          {error}
        </Alert>
      ) : null}
      <PaymentElement />
      <div className="flex justify-end">
        <Button type="submit" disabled={!stripe || busy}>
          {busy ? "Saving card…" : "Save card"}
        </Button>
      </div>
    </form>
  );
}
