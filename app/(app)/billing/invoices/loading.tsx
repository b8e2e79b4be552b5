import { TabSkeleton } from "@/components/billing/tab-skeleton";

export default function Loading() {
  return <TabSkeleton />;
}
