import { Skeleton, SkeletonText } from "@/components/ui";

/** Loading skeleton for a billing tab (fixed heights: no layout shift when the content arrives). */
export function TabSkeleton({ label = "Loading billing…", cards = 2 }: { label?: string; cards?: number }) {
  return (
    <div role="status" aria-label={label} className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 lg:col-span-2">
        <Skeleton className="h-5 w-40" />
        <SkeletonText lines={4} label={label} />
        <Skeleton className="h-2.5 w-full" />
        <Skeleton className="h-2.5 w-full" />
        <Skeleton className="h-2.5 w-3/4" />
      </div>
      <div className="space-y-6">
        {Array.from({ length: cards }, (_, i) => (
          <div key={i} className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
            <Skeleton className="h-5 w-24" />
            <Skeleton className="h-8 w-32" />
          </div>
        ))}
      </div>
    </div>
  );
}
