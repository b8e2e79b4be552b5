"use client";

import Link from "next/link";
import { useState } from "react";
import { completeAction } from "@/app/onboarding/actions";
import { toast } from "@/components/billing/toast";
import { Alert, Button, buttonClass, Input } from "@/components/ui";
import { CopyButton } from "@/components/ui/copy-button";
import { quickStartSnippets } from "@/lib/onboarding/quick-start";
import type { CompleteResult } from "@/lib/onboarding/complete-onboarding";

function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <div>
      <div className="mb-1 flex items-center justify-between">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <CopyButton value={code} label="Copy" />
      </div>
      <pre className="overflow-x-auto rounded-md bg-slate-900 p-3 text-xs leading-relaxed text-slate-100">
        <code>{code}</code>
      </pre>
    </div>
  );
}

/** Step 6: provisions the tenant (first API key shown once, the plan's credits) and shows the quick start. */
export function CompletePanel({ orgId, baseUrl, keyCreated }: { orgId: string; baseUrl: string; keyCreated: boolean }) {
  const [result, setResult] = useState<CompleteResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const key = result?.apiKey?.key ?? null;
  const snippets = quickStartSnippets(baseUrl, key ?? "<your API key>");
  const finished = keyCreated || result !== null;
  return (
    <div className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {!finished ? (
        <div className="space-y-3">
          <p className="text-sm text-slate-600">One last step: create the API key your backend uses to record usage and check quotas. It is shown once.</p>
          <Button
            disabled={busy}
            onClick={async () => {
              setBusy(true);
              const r = await completeAction({ orgId });
              setBusy(false);
              if (!r.ok) return setError(r.error.message);
              setResult(r.data);
              toast(r.data.credits ? `Set-up complete — ${r.data.credits.granted.toLocaleString("en-US")} credits added.` : "Set-up complete.");
            }}
          >
            {busy ? "Creating…" : "Create my API key"}
          </Button>
        </div>
      ) : null}
      {key ? (
        <Alert tone="warning" title="Copy your API key now">
          <p>This is the only time it is shown. We keep only a hash of it.</p>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row sm:items-center">
            <Input readOnly value={key} aria-label="Your API key" data-testid="onboarding-api-key" className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
            <CopyButton value={key} label="Copy key" />
          </div>
        </Alert>
      ) : finished ? (
        <Alert tone="info" title="Your first API key was already shown">
          Lost it? Revoke it and create a new one under <Link className="underline" href="/settings/api-keys">Settings → API keys</Link>.
        </Alert>
      ) : null}
      {result?.credits ? (
        <p className="text-sm text-slate-700" data-testid="onboarding-credits">
          <strong>{result.credits.granted.toLocaleString("en-US")} credits</strong> from your plan were added to your balance.
        </p>
      ) : null}
      {finished ? (
        <>
          <Snippet title="Record usage" code={snippets.usage} />
          <Snippet title="Check a quota" code={snippets.check} />
          <div className="flex justify-end">
            <Link href="/billing" className={buttonClass("primary")}>
              Go to the billing dashboard
            </Link>
          </div>
        </>
      ) : null}
    </div>
  );
}
