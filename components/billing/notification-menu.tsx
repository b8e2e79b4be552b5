"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { markNotificationsReadAction } from "@/app/(app)/billing/actions";
import { Menu } from "@/components/ui/menu";

type Item = { id: string; kind: string; title: string; body: string; createdAt: string; read: boolean };

export function NotificationMenu({ orgId, unread, items }: { orgId: string; unread: number; items: Item[] }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <Menu
      align="right"
      ariaLabel={unread > 0 ? `Notifications: ${unread} unread` : "Notifications"}
      label={
        <span className="relative inline-flex items-center" data-testid="notification-bell">
          <svg aria-hidden="true" viewBox="0 0 24 24" className="h-5 w-5 text-slate-600" fill="none" stroke="currentColor" strokeWidth="1.8">
            <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2a2 2 0 0 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0" strokeLinecap="round" strokeLinejoin="round" />
          </svg>
          {unread > 0 ? (
            <span data-testid="notification-count" className="absolute -top-1.5 -right-2 min-w-[1.1rem] rounded-full bg-red-600 px-1 text-center text-[10px] leading-4 font-semibold text-white">
              {unread > 99 ? "99+" : unread}
            </span>
          ) : null}
        </span>
      }
    >
      <div className="flex items-center justify-between px-3 pt-2 pb-1">
        <p className="text-xs font-medium tracking-wide text-slate-400 uppercase">Notifications</p>
        {unread > 0 ? (
          <button
            type="button"
            disabled={pending}
            className="text-xs font-medium text-brand-700 hover:underline"
            onClick={() =>
              start(async () => {
                await markNotificationsReadAction({ orgId });
                router.refresh();
              })
            }
          >
            Mark all read
          </button>
        ) : null}
      </div>
      {items.length === 0 ? (
        <p className="px-3 py-4 text-sm text-slate-500">No notifications yet. Usage alerts, low credits and payment problems show up here.</p>
      ) : (
        <ul className="max-h-80 overflow-y-auto" data-testid="notification-list">
          {items.map((n) => (
            <li key={n.id} className="border-t border-slate-100 px-3 py-2">
              <p className="flex items-start gap-2 text-sm font-medium text-slate-900">
                {n.read ? null : <span aria-label="unread" className="mt-1.5 h-2 w-2 shrink-0 rounded-full bg-brand-600" />}
                {n.title}
              </p>
              <p className="mt-0.5 text-xs text-slate-600">{n.body}</p>
              <p className="mt-0.5 text-[11px] text-slate-400">{new Date(n.createdAt).toLocaleString("en-GB", { timeZone: "UTC" })} UTC</p>
            </li>
          ))}
        </ul>
      )}
    </Menu>
  );
}
