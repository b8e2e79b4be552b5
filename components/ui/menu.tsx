"use client";

import { useEffect, useRef } from "react";
import { cn } from "./cn";

/**
 * A disclosure menu on <details>/<summary>: keyboard-operable without script; with script it also
 * closes on Escape, on an outside click and after a choice.
 */
export function Menu({
  label,
  summaryClassName,
  align = "left",
  children,
  ariaLabel,
}: {
  label: React.ReactNode;
  summaryClassName?: string;
  align?: "left" | "right";
  children: React.ReactNode;
  ariaLabel?: string;
}) {
  const ref = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const close = (e: Event) => {
      const el = ref.current;
      if (!el?.open) return;
      if (e instanceof KeyboardEvent) {
        if (e.key === "Escape") {
          el.open = false;
          el.querySelector("summary")?.focus();
        }
        return;
      }
      if (!el.contains(e.target as Node)) el.open = false;
    };
    document.addEventListener("click", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("click", close);
      document.removeEventListener("keydown", close);
    };
  }, []);
  return (
    <details ref={ref} className="group relative">
      <summary
        aria-label={ariaLabel}
        className={cn(
          "flex cursor-pointer list-none items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600 [&::-webkit-details-marker]:hidden",
          summaryClassName,
        )}
      >
        {label}
        <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4 text-slate-400 transition-transform group-open:rotate-180">
          <path fill="currentColor" d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
        </svg>
      </summary>
      <div
        className={cn(
          "absolute z-20 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white p-1 shadow-lg",
          align === "right" ? "right-0" : "left-0",
        )}
        onClick={(e) => {
          if ((e.target as HTMLElement).closest("a,button")) ref.current?.removeAttribute("open");
        }}
      >
        {children}
      </div>
    </details>
  );
}

export const menuItemClass =
  "flex w-full items-center justify-between gap-2 rounded px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-brand-600";
