"use client";

import { Alert, Button } from "@/components/ui";

/** A billing tab failed to load: say what to do, offer a retry. */
export default function BillingError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Alert tone="error" title="Billing could not be loaded">
      <p>Our payment provider or database did not answer in time. Nothing was changed. Try again in a moment; if it keeps failing, contact support.</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={reset}>
        Try again
      </Button>
    </Alert>
  );
}
