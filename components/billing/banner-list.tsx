import Link from "next/link";
import { Alert } from "@/components/ui";
import type { Banner } from "@/lib/billing-ui/overview";

export function BannerList({ banners }: { banners: Banner[] }) {
  if (banners.length === 0) return null;
  return (
    <div className="mb-6 space-y-3">
      {banners.map((b) => (
        <Alert key={b.testId} tone={b.tone} title={b.title} data-testid={b.testId}>
          <p>
            {b.body}{" "}
            {b.action ? (
              <Link href={b.action.href} className="font-medium underline underline-offset-2">
                {b.action.label}
              </Link>
            ) : null}
          </p>
        </Alert>
      ))}
    </div>
  );
}
