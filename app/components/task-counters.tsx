import { useEffect, useRef, useState } from "react";
import { useSocketEvent } from "./realtime-provider";

export type TaskCounters = { overdue: number; dueSoon: number; awaitingDecision: number };

/** Badges beside «Nhiệm vụ» in the header: overdue, due soon, waiting for my decision — refreshed live. */
export function TaskCounterBadges({ initial }: { initial: TaskCounters }) {
  const [c, setCounters] = useState(initial);
  useEffect(() => setCounters(initial), [initial]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // A plain fetch, not a Remix fetcher: with lazy route discovery a fetcher cannot reach a resource route it has not discovered.
  useSocketEvent("task:changed", () => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      fetch("/api/task-counters", { headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? (r.json() as Promise<TaskCounters>) : null))
        .then((next) => next && setCounters(next))
        .catch(() => {});
    }, 300);
  });
  const badge = "ml-1 inline-block min-w-[1.25rem] rounded-full px-1 text-center text-[11px] font-bold leading-5";
  return (
    <span data-testid="task-counters">
      {c.overdue > 0 && <span className={`${badge} bg-flag-600 text-white`} title={`${c.overdue} nhiệm vụ quá hạn`} aria-label={`${c.overdue} quá hạn`} data-testid="count-overdue">{c.overdue}</span>}
      {c.dueSoon > 0 && <span className={`${badge} bg-amber-400 text-slate-900`} title={`${c.dueSoon} nhiệm vụ sắp đến hạn`} aria-label={`${c.dueSoon} sắp đến hạn`} data-testid="count-due-soon">{c.dueSoon}</span>}
      {c.awaitingDecision > 0 && <span className={`${badge} bg-white text-brand-900`} title={`${c.awaitingDecision} báo cáo chờ bạn xử lý`} aria-label={`${c.awaitingDecision} chờ xử lý`} data-testid="count-awaiting">{c.awaitingDecision}</span>}
    </span>
  );
}
