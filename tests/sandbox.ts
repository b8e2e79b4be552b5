import { getSandbox, type Sandbox } from "@/lib/stripe/client";

/** The app's sandbox (tests run without STRIPE_SECRET_KEY), through the client factory like the app gets it. */
export async function sandbox(): Promise<Sandbox> {
  const s = await getSandbox();
  if (!s) throw new Error("these tests need sandbox mode: unset STRIPE_SECRET_KEY");
  return s;
}
