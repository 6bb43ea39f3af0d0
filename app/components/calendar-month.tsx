import { Link } from "@remix-run/react";
import type { CalendarDay, CalendarMeeting } from "~/services/calendar.server";
import { CalendarDayList } from "./calendar-day-list";
import { MeetingChip } from "./calendar-chip";
import { calendarHref } from "./calendar-toolbar";

export const WEEKDAY_HEADERS = [
  { short: "T2", long: "Thứ Hai" },
  { short: "T3", long: "Thứ Ba" },
  { short: "T4", long: "Thứ Tư" },
  { short: "T5", long: "Thứ Năm" },
  { short: "T6", long: "Thứ Sáu" },
  { short: "T7", long: "Thứ Bảy" },
  { short: "CN", long: "Chủ nhật" },
];

const MAX_CHIPS = 3;

/** Month grid, Monday first; on a phone it becomes the list of the month's days that have meetings. */
export function CalendarMonth({ weeks, byDay, today, mine }: { weeks: CalendarDay[][]; byDay: Record<string, CalendarMeeting[]>; today: string; mine: boolean }) {
  const monthDays = weeks.flat().filter((d) => d.inRange);
  return (
    <>
      <div className="card hidden overflow-hidden md:block">
        <table className="w-full table-fixed border-collapse text-sm">
          <thead>
            <tr>
              {WEEKDAY_HEADERS.map((h, i) => (
                <th key={h.short} scope="col" className={`border-b border-slate-200 bg-slate-50 px-2 py-2 text-center text-xs font-semibold ${i >= 5 ? "text-flag-700" : "text-slate-700"}`}>
                  <abbr title={h.long} className="no-underline">{h.short}</abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={week[0].ymd}>
                {week.map((d) => {
                  const meetings = byDay[d.ymd] ?? [];
                  return (
                    <td
                      key={d.ymd}
                      className={`h-28 border border-slate-100 p-1 align-top ${d.inRange ? (d.isWeekend ? "bg-slate-50/60" : "bg-white") : "bg-slate-50 text-slate-400"}`}
                      aria-label={`${d.day}/${d.ymd.slice(5, 7)}${meetings.length ? `: ${meetings.length} cuộc họp` : ""}`}
                    >
                      <div className="mb-1 flex items-center justify-between">
                        <Link
                          to={calendarHref({ view: "week", date: d.ymd, mine })}
                          className={`inline-flex h-6 min-w-6 items-center justify-center rounded-full px-1 text-xs font-semibold hover:bg-slate-200 ${d.isToday ? "bg-brand-700 text-white hover:bg-brand-800" : d.inRange ? "text-slate-700" : "text-slate-400"}`}
                          aria-label={`Xem tuần có ngày ${d.day}/${d.ymd.slice(5, 7)}/${d.ymd.slice(0, 4)}`}
                          aria-current={d.isToday ? "date" : undefined}
                        >
                          {d.day}
                        </Link>
                      </div>
                      <ul className="space-y-1">
                        {meetings.slice(0, MAX_CHIPS).map((m) => (
                          <li key={m.id}><MeetingChip m={m} /></li>
                        ))}
                      </ul>
                      {meetings.length > MAX_CHIPS && (
                        <Link to={calendarHref({ view: "week", date: d.ymd, mine })} className="mt-1 block text-xs font-medium text-brand-700 hover:underline">
                          +{meetings.length - MAX_CHIPS} cuộc họp khác
                        </Link>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="md:hidden">
        <CalendarDayList days={monthDays.map((d) => ({ ymd: d.ymd, meetings: byDay[d.ymd] ?? [] }))} today={today} emptyText="Không có cuộc họp nào trong tháng này." />
      </div>
    </>
  );
}
