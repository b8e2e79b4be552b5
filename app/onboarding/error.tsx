"use client";

import { Alert, Button } from "@/components/ui";

/** A wizard step failed to load: nothing was lost, the session resumes where it stopped. */
export default function OnboardingError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <Alert tone="error" title="This step could not be loaded">
      <p>Your progress is saved. Try again; if our payment provider is unavailable, come back in a minute and you will continue where you stopped.</p>
      <Button variant="secondary" size="sm" className="mt-3" onClick={reset}>
        Try again
      </Button>
    </Alert>
  );
}
