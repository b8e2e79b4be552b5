"use client";

import { useEffect, useState } from "react";

type ToastItem = { id: number; message: string; tone: "success" | "error" | "info" };
const EVENT = "billing-toast";

/** Show a toast from any client component. */
export function toast(message: string, tone: ToastItem["tone"] = "success") {
  window.dispatchEvent(new CustomEvent(EVENT, { detail: { message, tone } }));
}

/** Renders toasts in a polite live region (mount once per layout). */
export function Toaster() {
  const [items, setItems] = useState<ToastItem[]>([]);
  useEffect(() => {
    let n = 0;
    const on = (e: Event) => {
      const { message, tone } = (e as CustomEvent<Omit<ToastItem, "id">>).detail;
      const id = ++n;
      setItems((xs) => [...xs, { id, message, tone }]);
      setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== id)), 6000);
    };
    window.addEventListener(EVENT, on);
    return () => window.removeEventListener(EVENT, on);
  }, []);
  return (
    <div aria-live="polite" role="status" className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end sm:px-6">
      {items.map((t) => (
        <div
          key={t.id}
          data-testid="toast"
          className={`pointer-events-auto w-full max-w-sm rounded-md border px-4 py-3 text-sm shadow-lg ${
            t.tone === "error" ? "border-red-200 bg-red-50 text-red-800" : t.tone === "info" ? "border-slate-200 bg-white text-slate-800" : "border-emerald-200 bg-emerald-50 text-emerald-900"
          }`}
        >
          {t.message}
        </div>
      ))}
    </div>
  );
}
