import { Badge, type BadgeTone } from "@/components/ui/badge";

const TONES: Record<string, BadgeTone> = {
  active: "success",
  paid: "success",
  processed: "success",
  trialing: "brand",
  pending: "neutral",
  processing: "neutral",
  draft: "neutral",
  open: "warning",
  past_due: "warning",
  incomplete: "warning",
  paused: "warning",
  unpaid: "danger",
  failed: "danger",
  dead: "danger",
  retrying: "warning",
  uncollectible: "danger",
  canceled: "neutral",
  void: "neutral",
  incomplete_expired: "neutral",
};

export function StatusBadge({ status }: { status: string | null }) {
  if (!status) return <Badge>none</Badge>;
  return <Badge tone={TONES[status] ?? "neutral"}>{status.replace(/_/g, " ")}</Badge>;
}
