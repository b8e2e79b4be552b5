"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** Daily usage of one metric over the period (recharts), with a table fallback for screen readers. */
export function UsageChart({ data, metric, name, unit }: { data: Record<string, number | string>[]; metric: string; name: string; unit: string }) {
  const total = data.reduce((s, r) => s + Number(r[metric] ?? 0), 0);
  return (
    <figure data-testid={`chart-${metric}`}>
      <figcaption className="sr-only">
        Daily {name.toLowerCase()} this period: {total.toLocaleString("en-US")} {unit}s in total.
      </figcaption>
      <div className="h-56 w-full" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
            <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(8)} tick={{ fontSize: 11, fill: "#64748b" }} interval="preserveStartEnd" />
            <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#64748b" }} width={48} />
            <Tooltip formatter={(v) => [Number(v).toLocaleString("en-US"), name]} labelFormatter={(d) => String(d)} />
            <Bar dataKey={metric} fill="#4f46e5" radius={[3, 3, 0, 0]} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
