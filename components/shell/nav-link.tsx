"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** A navigation link that marks itself current (aria-current) when the path is inside `href`. */
export function NavLink({ href, children, exact = false, variant = "top" }: { href: string; children: React.ReactNode; exact?: boolean; variant?: "top" | "side" }) {
  const path = usePathname() ?? "";
  const active = exact ? path === href : path === href || path.startsWith(`${href}/`);
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={cn(
        "rounded-md px-3 py-1.5 text-sm font-medium whitespace-nowrap transition-colors",
        active ? "bg-brand-50 text-brand-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900",
        variant === "side" && "block",
      )}
    >
      {children}
    </Link>
  );
}
