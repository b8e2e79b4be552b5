import "server-only";
import { notFound, redirect } from "next/navigation";
import { getSandbox, type Sandbox } from "@/lib/stripe/client";

/** The /sandbox pages: the sandbox from the client factory, or 404 when a Stripe key is set. */
export async function sandboxOr404(): Promise<Sandbox> {
  const sandbox = await getSandbox();
  if (!sandbox) notFound();
  return sandbox;
}

/** The /sandbox forms' actions: back to the home page when a Stripe key is set. */
export async function sandboxOrHome(): Promise<Sandbox> {
  const sandbox = await getSandbox();
  if (!sandbox) redirect("/");
  return sandbox;
}
