import { useEffect, useState } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Line, ComposedChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * The dashboard's two charts (recharts, SVG: crisp on a meeting-room
 * projector). Rendered in the browser only: their size comes from the page.
 */
export const STATUS_COLORS = {
  done_on_time: "#15803d",
  done_late: "#d97706",
  open_on_time: "#2563eb",
  open_overdue: "#dc2626",
  no_deadline: "#64748b",
} as const;

export const CHART_LABELS = {
  done_on_time: "Đã hoàn thành đúng hạn",
  done_late: "Đã hoàn thành quá hạn",
  open_on_time: "Chưa hoàn thành – trong hạn",
  open_overdue: "Chưa hoàn thành – quá hạn",
  no_deadline: "Không thời hạn",
} as const;

type Counts = { done_on_time: number; done_late: number; done_no_deadline: number; open_on_time: number; open_overdue: number; no_deadline: number; onTimeRate: number | null };

function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

const STACK = ["done_on_time", "done_late", "open_on_time", "open_overdue", "no_deadline"] as const;

function bars(onClick?: (key: (typeof STACK)[number], index: number) => void) {
  return STACK.map((key) => (
    <Bar key={key} dataKey={key} name={CHART_LABELS[key]} stackId="s" fill={STATUS_COLORS[key]} cursor={onClick ? "pointer" : undefined} onClick={onClick ? (_d, i) => onClick(key, i) : undefined} isAnimationActive={false} />
  ));
}

/** A projector shows this many bars legibly; the ranking table below lists every unit. */
export const UNITS_CHART_MAX = 15;

/** The units with the most tasks (at most UNITS_CHART_MAX), each with its index in `units`. */
export function unitsForChart<U extends { total: number }>(units: U[]) {
  return units
    .map((u, index) => ({ ...u, index }))
    .sort((a, b) => b.total - a.total || a.index - b.index)
    .slice(0, UNITS_CHART_MAX);
}

/** Tasks per unit, stacked by status word; a bar segment opens the tasks behind it (by the unit's index in `units`). */
export function UnitsChart({ units, onSelect }: { units: Array<Counts & { name: string; total: number }>; onSelect?: (index: number, status: string) => void }) {
  const mounted = useMounted();
  const shown = unitsForChart(units);
  const data = shown.map((u) => ({ ...u, no_deadline: u.no_deadline + u.done_no_deadline, short: u.name.replace(/^(UBND|Sở|Ban)\s+/, "") }));
  const height = Math.max(220, data.length * 34 + 80);
  if (!mounted) return <div style={{ height }} aria-hidden="true" />;
  return (
    <div style={{ height }} data-testid="units-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} tick={{ fontSize: 14 }} />
          <YAxis type="category" dataKey="short" width={170} tick={{ fontSize: 14 }} interval={0} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 14 }} />
          {bars(onSelect ? (key, i) => onSelect(shown[i].index, key) : undefined)}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Tasks given each month, by status word, with the on-time rate as a line. */
export function TrendChart({ points }: { points: Array<Counts & { label: string }> }) {
  const mounted = useMounted();
  const data = points.map((p) => ({ ...p, no_deadline: p.no_deadline + p.done_no_deadline, rate: p.onTimeRate == null ? null : Math.round(p.onTimeRate * 1000) / 10 }));
  if (!mounted) return <div style={{ height: 320 }} aria-hidden="true" />;
  return (
    <div style={{ height: 320 }} data-testid="trend-chart">
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ left: 0, right: 8, top: 8, bottom: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 13 }} />
          <YAxis yAxisId="n" allowDecimals={false} tick={{ fontSize: 13 }} />
          <YAxis yAxisId="r" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 13 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 14 }} />
          {STACK.map((key) => (
            <Bar key={key} yAxisId="n" dataKey={key} name={CHART_LABELS[key]} stackId="s" fill={STATUS_COLORS[key]} isAnimationActive={false} />
          ))}
          <Line yAxisId="r" type="monotone" dataKey="rate" name="Tỷ lệ đúng hạn (%)" stroke="#0f172a" strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
