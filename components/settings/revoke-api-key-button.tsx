"use client";

import { useState } from "react";
import { revokeApiKeyAction } from "@/app/(app)/settings/api-keys/actions";
import { ConfirmButton } from "@/components/ui/dialog";

export function RevokeApiKeyButton({ orgId, keyId, name, prefix }: { orgId: string; keyId: string; name: string; prefix: string }) {
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <ConfirmButton
        label="Revoke"
        triggerLabel={`Revoke key ${name}`}
        title={`Revoke “${name}”?`}
        description={
          <>
            Requests using <code className="rounded bg-slate-100 px-1 font-mono text-xs">{prefix}…</code> will fail with 401 at once. This cannot be undone.
          </>
        }
        confirmLabel="Revoke key"
        onConfirm={async () => {
          const res = await revokeApiKeyAction({ orgId, keyId });
          setError(res.ok ? null : res.error.message);
        }}
      />
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}
