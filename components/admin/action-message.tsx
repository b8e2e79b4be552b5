"use client";

/** The result line under an admin action (role=status for success, role=alert for errors). */
export function ActionMessage({ result }: { result: { ok: boolean; text: string } | null }) {
  if (!result) return null;
  return result.ok ? (
    <p role="status" className="text-xs text-emerald-700">
      {result.text}
    </p>
  ) : (
    <p role="alert" className="text-xs text-red-600">
      {result.text}
    </p>
  );
}
