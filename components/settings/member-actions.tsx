"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { changeRoleAction, leaveOrgAction, removeMemberAction, resendInvitationAction, revokeInvitationAction } from "@/app/(app)/settings/members/actions";
import { Button, Select } from "@/components/ui";
import { ConfirmButton } from "@/components/ui/dialog";

type Role = "owner" | "admin" | "member";

function ErrorLine({ error }: { error: string | null }) {
  return error ? (
    <p role="alert" className="text-xs text-red-600">
      {error}
    </p>
  ) : null;
}

/** Role picker and "Remove" for one member row (owners and admins; owner rows only for owners). */
export function MemberRowActions({ orgId, userId, email, role, roles }: { orgId: string; userId: string; email: string; role: Role; roles: Role[] }) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const [picked, setPicked] = useState<Role>(role);
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex flex-wrap items-center justify-end gap-2">
        <Select aria-label={`Role of ${email}`} value={picked} onChange={(e) => setPicked(e.target.value as Role)} className="h-8 w-28 py-0 text-sm" disabled={pending}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </Select>
        <Button
          size="sm"
          variant="secondary"
          disabled={pending || picked === role}
          aria-label={`Save role of ${email}`}
          onClick={() =>
            start(async () => {
              const res = await changeRoleAction({ orgId, userId, role: picked });
              setError(res.ok ? null : res.error.message);
              setNotice(res.ok ? `${email} is now ${picked}.` : null);
              if (!res.ok) setPicked(role);
            })
          }
        >
          Save role
        </Button>
        <ConfirmButton
          label="Remove"
          triggerLabel={`Remove ${email}`}
          title={`Remove ${email}?`}
          description="They lose access to this organisation's billing at once. You can invite them again later."
          confirmLabel="Remove member"
          cancelLabel="Keep member"
          onConfirm={async () => {
            const res = await removeMemberAction({ orgId, userId });
            setError(res.ok ? null : res.error.message);
          }}
        />
      </div>
      {notice ? (
        <p role="status" className="text-xs text-green-700">
          {notice}
        </p>
      ) : null}
      <ErrorLine error={error} />
    </div>
  );
}

/** "Resend" and "Revoke" for one pending invitation. */
export function InvitationRowActions({ orgId, invitationId, email }: { orgId: string; invitationId: string; email: string }) {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <div className="flex flex-col items-end gap-1">
      <div className="flex items-center justify-end gap-2">
        <Button
          size="sm"
          variant="secondary"
          disabled={pending}
          aria-label={`Resend invitation to ${email}`}
          onClick={() =>
            start(async () => {
              const res = await resendInvitationAction({ orgId, invitationId });
              setError(res.ok ? null : res.error.message);
              setNotice(res.ok ? (res.data.emailed ? `A new link was emailed to ${email}; the old one no longer works.` : `New link (the old one no longer works): ${res.data.link}`) : null);
            })
          }
        >
          {pending ? "Sending…" : "Resend"}
        </Button>
        <ConfirmButton
          label="Revoke"
          triggerLabel={`Revoke invitation to ${email}`}
          title={`Revoke the invitation to ${email}?`}
          description="The link in their email stops working at once, and the seat it held is free again."
          confirmLabel="Revoke invitation"
          cancelLabel="Keep invitation"
          onConfirm={async () => {
            const res = await revokeInvitationAction({ orgId, invitationId });
            setError(res.ok ? null : res.error.message);
          }}
        />
      </div>
      {notice ? (
        <p role="status" className="max-w-sm break-all text-xs text-green-700">
          {notice}
        </p>
      ) : null}
      <ErrorLine error={error} />
    </div>
  );
}

/** Leave the organisation (refused for its last owner, with the reason). */
export function LeaveOrgButton({ orgId, orgName }: { orgId: string; orgName: string }) {
  const [error, setError] = useState<string | null>(null);
  const router = useRouter();
  return (
    <div className="space-y-2">
      <ConfirmButton
        label="Leave organisation"
        title={`Leave ${orgName}?`}
        description="You lose access to its billing at once. To come back, someone has to invite you again."
        confirmLabel="Leave"
        cancelLabel="Stay"
        onConfirm={async () => {
          const res = await leaveOrgAction({ orgId });
          if (res.ok) router.push("/billing?left=1");
          else setError(res.error.message);
        }}
      />
      <ErrorLine error={error} />
    </div>
  );
}
