import { Skeleton, SkeletonText } from "@/components/ui";

export default function Loading() {
  return (
    <div role="status" aria-label="Loading the next step…" className="space-y-4">
      <Skeleton className="h-5 w-64" />
      <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-6">
        <Skeleton className="h-6 w-48" />
        <SkeletonText lines={5} label="Loading the next step…" />
        <Skeleton className="h-10 w-32" />
      </div>
    </div>
  );
}
