import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/** The recharts drawing of the dashboard's charts (charts.tsx loads this module in the browser, on first use). */
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

const STACK = ["done_on_time", "done_late", "open_on_time", "open_overdue", "no_deadline"] as const;
type StackKey = (typeof STACK)[number];
type Stacked = Record<StackKey, number>;

function bars(onClick?: (key: StackKey, index: number) => void) {
  return STACK.map((key) => (
    <Bar key={key} dataKey={key} name={CHART_LABELS[key]} stackId="s" fill={STATUS_COLORS[key]} cursor={onClick ? "pointer" : undefined} onClick={onClick ? (_d, i) => onClick(key, i) : undefined} isAnimationActive={false} />
  ));
}

export function UnitsBars({ data, onSelect }: { data: Array<Stacked & { short: string }>; onSelect?: (index: number, key: StackKey) => void }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16, top: 8, bottom: 8 }}>
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 14 }} />
        <YAxis type="category" dataKey="short" width={170} tick={{ fontSize: 14 }} interval={0} />
        <Tooltip />
        <Legend wrapperStyle={{ fontSize: 14 }} />
        {bars(onSelect ? (key, i) => onSelect(i, key) : undefined)}
      </BarChart>
    </ResponsiveContainer>
  );
}

export function TrendBars({ data }: { data: Array<Stacked & { label: string; rate: number | null }> }) {
  return (
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
  );
}
