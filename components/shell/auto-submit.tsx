"use client";

import { useEffect, useRef } from "react";

/** A form that submits itself once on mount (with a visible button as the no-script fallback). */
export function AutoSubmitForm({ action, children }: { action: (form: FormData) => Promise<void>; children: React.ReactNode }) {
  const ref = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (sent.current) return;
    sent.current = true;
    ref.current?.requestSubmit();
  }, []);
  return (
    <form ref={ref} action={action}>
      {children}
    </form>
  );
}
