import { Link } from "@remix-run/react";
import { Badge } from "~/components/status-badge";
import { formatDate, weekdayName } from "~/lib/dates";
import { CONFIDENTIALITY_LABELS, MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from "~/lib/labels";
import type { CalendarMeeting } from "~/services/calendar.server";
import { IcsLink, MeetingTitle } from "./calendar-chip";

const STATUS_TONE: Record<string, "red" | "amber" | "slate" | "blue" | "green"> = {
  cancelled: "red",
  postponed: "amber",
  ended: "slate",
  draft: "slate",
  in_progress: "green",
  convened: "blue",
};

/** One meeting as a readable row: time, title, body and place, status, .ics. */
export function MeetingRow({ m }: { m: CalendarMeeting }) {
  const bar = m.status === "cancelled" ? "border-slate-300" : m.bodyKind === "party" ? "border-flag-600" : "border-brand-600";
  return (
    <li className={`flex flex-col gap-0.5 border-l-4 py-2 pl-3 pr-2 sm:flex-row sm:gap-3 ${bar}`}>
      <div className="shrink-0 text-sm sm:w-24">
        <div className="font-semibold text-slate-900">{`${m.startTime}–${m.endTime}`}</div>
      </div>
      <div className="min-w-0 flex-1">
        <Link to={`/meetings/${m.id}`} className="font-medium text-slate-900 hover:underline">
          <MeetingTitle m={m} />
        </Link>
        <div className="text-xs text-slate-600">
          {m.bodyName}
          {m.kind && <> · Họp {MEETING_KIND_LABELS[m.kind]?.toLowerCase()}</>}
          {m.place && <> · {m.place}</>}
          {m.chairName && <> · Chủ trì: {m.chairName}</>}
        </div>
        <div className="mt-1 flex flex-wrap items-center gap-1.5">
          <Badge tone={STATUS_TONE[m.status] ?? "slate"}>{MEETING_STATUS_LABELS[m.status]}</Badge>
          {m.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[m.confidentiality]}</Badge>}
          <IcsLink m={m} className="ml-1" />
        </div>
      </div>
    </li>
  );
}

/** Days with their meetings, one heading per day (the phone layout of month and week, and the list view). */
export function CalendarDayList({
  days,
  today,
  showEmpty = false,
  emptyText = "Không có cuộc họp nào trong khoảng thời gian này.",
}: {
  days: { ymd: string; meetings: CalendarMeeting[] }[];
  today: string;
  showEmpty?: boolean;
  emptyText?: string;
}) {
  const shown = showEmpty ? days : days.filter((d) => d.meetings.length);
  if (!shown.length) return <p className="card px-4 py-6 text-sm text-slate-500">{emptyText}</p>;
  return (
    <div className="space-y-3">
      {shown.map((d) => (
        <section key={d.ymd} className="card" aria-labelledby={`day-${d.ymd}`}>
          <h3 id={`day-${d.ymd}`} className={`border-b border-slate-200 px-3 py-2 text-sm font-semibold ${d.ymd === today ? "bg-brand-50 text-brand-900" : "text-slate-800"}`}>
            {weekdayName(d.ymd)}, {formatDate(d.ymd)}
            {d.ymd === today && <span className="ml-2 rounded bg-brand-700 px-1.5 py-0.5 text-[10px] font-semibold uppercase text-white">Hôm nay</span>}
          </h3>
          {d.meetings.length ? (
            <ul className="divide-y divide-slate-100 px-1 py-1">
              {d.meetings.map((m) => <MeetingRow key={m.id} m={m} />)}
            </ul>
          ) : (
            <p className="px-3 py-2 text-xs text-slate-400">Không có cuộc họp.</p>
          )}
        </section>
      ))}
    </div>
  );
}
