import { Link } from "@remix-run/react";
import type { CalendarView, ListPeriod } from "~/services/calendar.server";

export type CalendarQuery = { view: CalendarView; date?: string | null; mine: boolean; period?: ListPeriod };

/** The /meetings query string for a view; defaults are left out so URLs stay short. */
export function calendarHref({ view, date, mine, period }: CalendarQuery) {
  const p = new URLSearchParams();
  p.set("view", view);
  if (date && view !== "list") p.set("date", date);
  if (view === "list" && period === "past") p.set("period", "past");
  if (mine) p.set("mine", "1");
  return `/meetings?${p.toString()}`;
}

const VIEWS: { view: CalendarView; label: string }[] = [
  { view: "month", label: "Tháng" },
  { view: "week", label: "Tuần" },
  { view: "list", label: "Danh sách" },
];

const segment = (active: boolean) =>
  `px-3 py-1.5 text-sm font-medium first:rounded-l-md last:rounded-r-md border border-slate-300 -ml-px first:ml-0 ${active ? "z-10 border-brand-700 bg-brand-700 text-white" : "bg-white text-slate-700 hover:bg-slate-100"}`;

export function CalendarToolbar({
  view, date, today, mine, period, title, prevDate, nextDate,
}: { view: CalendarView; date: string; today: string; mine: boolean; period: ListPeriod; title: string; prevDate: string | null; nextDate: string | null }) {
  return (
    <div className="mb-4 space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <nav aria-label="Kiểu xem" className="flex">
          {VIEWS.map((v) => (
            <Link key={v.view} to={calendarHref({ view: v.view, date, mine, period })} aria-current={view === v.view ? "page" : undefined} className={segment(view === v.view)}>
              {v.label}
            </Link>
          ))}
        </nav>
        <Link
          to={calendarHref({ view, date, mine: !mine, period })}
          role="switch"
          aria-checked={mine}
          className="inline-flex items-center gap-2 rounded-md px-1 py-1 text-sm font-medium text-slate-700 hover:text-slate-900"
        >
          <span className={`relative inline-block h-5 w-9 rounded-full transition-colors ${mine ? "bg-brand-700" : "bg-slate-300"}`} aria-hidden="true">
            <span className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition-all ${mine ? "left-[18px]" : "left-0.5"}`} />
          </span>
          Lịch họp của tôi
        </Link>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {view === "list" ? (
          <nav aria-label="Khoảng thời gian" className="flex">
            <Link to={calendarHref({ view, mine, period: "upcoming" })} aria-current={period === "upcoming" ? "page" : undefined} className={segment(period === "upcoming")}>Sắp tới</Link>
            <Link to={calendarHref({ view, mine, period: "past" })} aria-current={period === "past" ? "page" : undefined} className={segment(period === "past")}>Đã diễn ra</Link>
          </nav>
        ) : (
          <nav aria-label="Chuyển thời gian" className="flex items-center gap-1">
            {prevDate && <Link to={calendarHref({ view, date: prevDate, mine })} className="btn-secondary btn-sm" aria-label={view === "month" ? "Tháng trước" : "Tuần trước"}>‹ Trước</Link>}
            <Link to={calendarHref({ view, date: today, mine })} className="btn-secondary btn-sm">Hôm nay</Link>
            {nextDate && <Link to={calendarHref({ view, date: nextDate, mine })} className="btn-secondary btn-sm" aria-label={view === "month" ? "Tháng sau" : "Tuần sau"}>Sau ›</Link>}
          </nav>
        )}
        <h2 className="ml-1 text-lg font-semibold text-slate-900" aria-live="polite">{title}</h2>
      </div>
    </div>
  );
}
