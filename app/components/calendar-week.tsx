import { Link } from "@remix-run/react";
import { formatDate } from "~/lib/dates";
import type { CalendarDay, WeekItem } from "~/services/calendar.server";
import { CalendarDayList } from "./calendar-day-list";
import { IcsLink, meetingTone, StatusMark, tentativeOutline } from "./calendar-chip";
import { WEEKDAY_HEADERS } from "./calendar-month";

const HOUR_PX = 56;

type WeekDay = CalendarDay & { items: WeekItem[] };

/** Days × hours (07:00–18:00, stretched when needed); on a phone, the week's days as a list. */
export function CalendarWeek({ days, startHour, endHour, today }: { days: WeekDay[]; startHour: number; endHour: number; today: string }) {
  const hours = Array.from({ length: endHour - startHour }, (_, i) => startHour + i);
  const height = (endHour - startHour) * HOUR_PX;
  const px = (min: number) => ((min - startHour * 60) / 60) * HOUR_PX;
  return (
    <>
      <div className="card hidden overflow-hidden md:block">
        <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))] border-b border-slate-200 bg-slate-50">
          <div aria-hidden="true" />
          {days.map((d, i) => (
            <div key={d.ymd} className={`border-l border-slate-200 px-2 py-2 text-center text-xs font-semibold ${d.isToday ? "bg-brand-50 text-brand-900" : i >= 5 ? "text-flag-700" : "text-slate-700"}`}>
              <abbr title={WEEKDAY_HEADERS[i].long} className="no-underline">{WEEKDAY_HEADERS[i].short}</abbr>{" "}
              <span className={d.isToday ? "rounded-full bg-brand-700 px-1.5 py-0.5 text-white" : ""}>{formatDate(d.ymd).slice(0, 5)}</span>
            </div>
          ))}
        </div>
        <div className="grid grid-cols-[3.5rem_repeat(7,minmax(0,1fr))]">
          <div className="relative" style={{ height }} aria-hidden="true">
            {hours.map((h) => (
              <div key={h} className="absolute right-1 -translate-y-1/2 text-[11px] text-slate-500" style={{ top: (h - startHour) * HOUR_PX }}>
                {h > startHour ? `${String(h).padStart(2, "0")}:00` : ""}
              </div>
            ))}
          </div>
          {days.map((d) => (
            <div key={d.ymd} className={`relative border-l border-slate-200 ${d.isWeekend ? "bg-slate-50/70" : ""} ${d.isToday ? "bg-brand-50/40" : ""}`} style={{ height }}>
              {hours.map((h) => (
                <div key={h} className="absolute inset-x-0 border-t border-slate-100" style={{ top: (h - startHour) * HOUR_PX }} aria-hidden="true" />
              ))}
              <h3 className="sr-only">{WEEKDAY_HEADERS[(new Date(d.ymd + "T00:00:00Z").getUTCDay() + 6) % 7].long}, {formatDate(d.ymd)}</h3>
              <ul>
                {d.items.map(({ meeting: m, topMin, durationMin, lane, lanes }) => (
                  <li
                    key={m.id}
                    className={`absolute overflow-hidden rounded border-l-4 px-1.5 py-1 text-xs leading-snug shadow-sm ${meetingTone(m)} ${tentativeOutline(m.status)}`}
                    style={{ top: px(topMin) + 1, height: Math.max(22, (durationMin / 60) * HOUR_PX - 2), left: `calc(${(lane / lanes) * 100}% + 2px)`, width: `calc(${100 / lanes}% - 4px)` }}
                  >
                    {durationMin < 60 ? (
                      // Short meetings: one line, start time and title.
                      <Link to={`/meetings/${m.id}`} className="block truncate hover:underline" title={`${m.startTime}–${m.endTime} ${m.title}`}>
                        <span className="font-semibold">{m.startTime}</span> <span className={m.status === "cancelled" ? "line-through" : ""}>{m.title}</span>
                      </Link>
                    ) : (
                      <>
                        <div className="flex flex-wrap items-center gap-1 font-semibold">
                          <span>{lanes > 1 ? m.startTime : `${m.startTime}–${m.endTime}`}</span>
                          <StatusMark status={m.status} />
                        </div>
                        <Link to={`/meetings/${m.id}`} title={m.title} className={`line-clamp-3 font-medium hover:underline ${m.status === "cancelled" ? "line-through" : ""}`}>
                          {m.title}
                        </Link>
                      </>
                    )}
                    {durationMin >= 90 && (
                      <div className="mt-0.5 truncate text-[11px] opacity-80">{m.place}</div>
                    )}
                    {durationMin >= 120 && <IcsLink m={m} className="mt-0.5 inline-block" />}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </div>
      <div className="md:hidden">
        <CalendarDayList days={days.map((d) => ({ ymd: d.ymd, meetings: d.items.map((i) => i.meeting) }))} today={today} showEmpty />
      </div>
    </>
  );
}
