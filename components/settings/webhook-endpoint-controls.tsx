"use client";

import { useState } from "react";
import {
  deleteWebhookEndpointAction,
  resendWebhookDeliveryAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEnabledAction,
} from "@/app/(app)/settings/webhooks/actions";
import { Button } from "@/components/ui";
import { ConfirmButton } from "@/components/ui/dialog";
import { WebhookSecretNotice } from "./webhook-endpoint-form";

type Res = { ok: true } | { ok: false; error: { message: string } };

export function WebhookEndpointControls({ orgId, endpointId, url, enabled }: { orgId: string; endpointId: string; url: string; enabled: boolean }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = async (fn: () => Promise<Res>, done?: string) => {
    setBusy(true);
    try {
      const res = await fn();
      setError(res.ok ? null : res.error.message);
      setNotice(res.ok && done ? done : null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button size="sm" variant="secondary" disabled={busy} onClick={() => run(() => sendTestWebhookAction({ orgId, endpointId }), "Test event sent")}>
          Send test event
        </Button>
        <Button size="sm" variant="secondary" disabled={busy} onClick={() => run(() => setWebhookEnabledAction({ orgId, endpointId, enabled: !enabled }), enabled ? "Endpoint disabled" : "Endpoint enabled")}>
          {enabled ? "Disable" : "Enable"}
        </Button>
        <ConfirmButton
          label="Rotate secret"
          variant="secondary"
          triggerLabel={`Rotate the signing secret of ${url}`}
          title="Rotate the signing secret?"
          description="A new secret is shown once. For the next 24 hours deliveries are signed with both the old and the new secret, so you can switch your receiver over without missing events."
          confirmLabel="Rotate secret"
          onConfirm={async () => {
            const res = await rotateWebhookSecretAction({ orgId, endpointId });
            setError(res.ok ? null : res.error.message);
            if (res.ok) setSecret(res.data.secret);
          }}
        />
        <ConfirmButton
          label="Delete"
          triggerLabel={`Delete endpoint ${url}`}
          title="Delete this endpoint?"
          description={`${url} will receive no more events, and its delivery log is deleted. This cannot be undone.`}
          confirmLabel="Delete endpoint"
          onConfirm={async () => {
            const res = await deleteWebhookEndpointAction({ orgId, endpointId });
            setError(res.ok ? null : res.error.message);
          }}
        />
      </div>
      {secret ? <WebhookSecretNotice title="New signing secret: copy it now" secret={secret} /> : null}
      {notice ? (
        <p role="status" className="text-xs text-emerald-700">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs text-red-600">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function ResendDeliveryButton({ orgId, deliveryId }: { orgId: string; deliveryId: string }) {
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <Button
        size="sm"
        variant="ghost"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          const res = await resendWebhookDeliveryAction({ orgId, deliveryId });
          setBusy(false);
          setMsg(res.ok ? { ok: true, text: "Queued again" } : { ok: false, text: res.error.message });
        }}
      >
        Re-send
      </Button>
      {msg ? (
        <p role={msg.ok ? "status" : "alert"} className={msg.ok ? "text-xs text-emerald-700" : "text-xs text-red-600"}>
          {msg.text}
        </p>
      ) : null}
    </div>
  );
}
