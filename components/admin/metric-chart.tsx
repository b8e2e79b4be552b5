"use client";

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatCents, formatCount, formatPercent, monthLabel } from "./format";

export type ChartKind = "money" | "count" | "percent";
export type ChartPoint = { month: string; value: number | null };

const fmt = (kind: ChartKind, v: number | null) => (kind === "money" ? formatCents(v) : kind === "percent" ? formatPercent(v) : formatCount(v));
const axis = (kind: ChartKind, v: number) =>
  kind === "money" ? (Math.abs(v) >= 100_000 ? `$${Math.round(v / 100_000)}k` : `$${Math.round(v / 100)}`) : kind === "percent" ? `${Math.round(v * 100)}%` : String(v);

/** A 12-month line for one figure (client component: recharts needs the browser). */
export function MetricChart({ data, kind, label, height = 120 }: { data: ChartPoint[]; kind: ChartKind; label: string; height?: number }) {
  return (
    <div role="img" aria-label={`${label}, last ${data.length} months`} style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#f1f5f9" vertical={false} />
          <XAxis dataKey="month" tickFormatter={monthLabel} tick={{ fontSize: 10, fill: "#64748b" }} interval="preserveStartEnd" tickLine={false} axisLine={false} />
          <YAxis width={44} tickFormatter={(v: number) => axis(kind, v)} tick={{ fontSize: 10, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => [fmt(kind, typeof v === "number" ? v : null), label]} labelFormatter={(m) => monthLabel(String(m))} />
          <Line type="monotone" dataKey="value" stroke="#4f46e5" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export type MovementPoint = { month: string; newMrr: number; expansion: number; contraction: number; churned: number };

/** MRR movements per month: new and expansion up, contraction and churn down. */
export function MovementsChart({ data, height = 260 }: { data: MovementPoint[]; height?: number }) {
  const rows = data.map((d) => ({ month: d.month, New: d.newMrr, Expansion: d.expansion, Contraction: -d.contraction, Churned: -d.churned }));
  return (
    <div role="img" aria-label="MRR movements per month: new, expansion, contraction, churned" style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} stackOffset="sign" margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#f1f5f9" vertical={false} />
          <XAxis dataKey="month" tickFormatter={monthLabel} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <YAxis width={52} tickFormatter={(v: number) => axis("money", v)} tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v, name) => [formatCents(typeof v === "number" ? Math.abs(v) : null), String(name)]} labelFormatter={(m) => monthLabel(String(m))} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="New" stackId="m" fill="#4f46e5" isAnimationActive={false} />
          <Bar dataKey="Expansion" stackId="m" fill="#10b981" isAnimationActive={false} />
          <Bar dataKey="Contraction" stackId="m" fill="#f59e0b" isAnimationActive={false} />
          <Bar dataKey="Churned" stackId="m" fill="#ef4444" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Daily usage bars for the organisation detail page. */
export function UsageChart({ data, label, height = 180 }: { data: { day: string; quantity: number }[]; label: string; height?: number }) {
  return (
    <div role="img" aria-label={`${label} per day, last 30 days`} style={{ width: "100%", height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#f1f5f9" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} tick={{ fontSize: 10, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <YAxis width={44} tick={{ fontSize: 10, fill: "#64748b" }} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => [formatCount(typeof v === "number" ? v : null), label]} />
          <Bar dataKey="quantity" fill="#4f46e5" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
