import { lazy, Suspense, useEffect, useState } from "react";

/**
 * The dashboard's two charts (recharts, SVG: crisp on a meeting-room
 * projector). Rendered in the browser only: their size comes from the page.
 * recharts itself is in charts-recharts.tsx, loaded on first use: the server
 * never draws a chart, and would otherwise hold 10 MB of heap for it.
 */
const loadRecharts = () => import("./charts-recharts");
const Recharts = {
  UnitsBars: lazy(() => loadRecharts().then((m) => ({ default: m.UnitsBars }))),
  TrendBars: lazy(() => loadRecharts().then((m) => ({ default: m.TrendBars }))),
};

type Counts = { done_on_time: number; done_late: number; done_no_deadline: number; open_on_time: number; open_overdue: number; no_deadline: number; onTimeRate: number | null };

function useMounted() {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
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
      <Suspense fallback={null}>
        <Recharts.UnitsBars data={data} onSelect={onSelect ? (i, key) => onSelect(shown[i].index, key) : undefined} />
      </Suspense>
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
      <Suspense fallback={null}>
        <Recharts.TrendBars data={data} />
      </Suspense>
    </div>
  );
}
