import "server-only";
import { forbidden, notFound, redirect } from "next/navigation";
import type { OrgRole } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { requireAdmin, requireOrgRole, requireUser } from "./guards";

/** Pages: 401 → sign-in, no organisation → create one, 403 → the forbidden page, 404 → not found. */
async function guardPage<T>(fn: () => Promise<T>, from: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof AppError) {
      if (err.status === 401) redirect(`/sign-in?callbackUrl=${encodeURIComponent(from)}`);
      if (err.code === "no_organization") redirect("/orgs/new");
      if (err.status === 403) forbidden();
      if (err.status === 404) notFound();
    }
    throw err;
  }
}

export const userPage = (from: string) => guardPage(requireUser, from);
export const adminPage = (from: string) => guardPage(requireAdmin, from);
export const orgPage = (min: OrgRole, from: string, orgId?: string) => guardPage(() => requireOrgRole(min, orgId), from);
