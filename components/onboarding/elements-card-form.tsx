"use client";

import dynamic from "next/dynamic";
import { SkeletonText } from "@/components/ui";

/** Stripe Elements is loaded only when a publishable key is configured (never in sandbox mode). */
export const ElementsCardForm = dynamic(() => import("./elements-card-form-inner").then((m) => m.ElementsCardFormInner), {
  ssr: false,
  loading: () => <SkeletonText lines={4} label="Loading the secure card form…" />,
});
