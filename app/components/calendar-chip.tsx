import { Link } from "@remix-run/react";
import { MEETING_STATUS_LABELS } from "~/lib/labels";
import type { CalendarMeeting } from "~/services/calendar.server";

/** Colour by body: UBND (state) blue, Ban Cán sự Đảng (party) red; cancelled greys out. */
export function meetingTone(m: Pick<CalendarMeeting, "bodyKind" | "status">) {
  if (m.status === "cancelled") return "border-slate-300 bg-slate-100 text-slate-500";
  return m.bodyKind === "party" ? "border-flag-600 bg-red-50 text-red-900 hover:bg-red-100" : "border-brand-600 bg-brand-50 text-brand-900 hover:bg-brand-100";
}

/** "Hoãn", "Đã hủy", "Nháp" next to a meeting, when it is not simply on. */
export function StatusMark({ status }: { status: string }) {
  if (status === "postponed") return <span className="rounded bg-amber-200 px-1 text-[10px] font-semibold uppercase text-amber-900">{MEETING_STATUS_LABELS.postponed}</span>;
  if (status === "cancelled") return <span className="rounded bg-slate-200 px-1 text-[10px] font-semibold uppercase text-slate-600 no-underline">{MEETING_STATUS_LABELS.cancelled}</span>;
  if (status === "draft") return <span className="rounded border border-dashed border-slate-400 px-1 text-[10px] font-semibold uppercase text-slate-600">{MEETING_STATUS_LABELS.draft}</span>;
  return null;
}

/** Drafts and postponed meetings are not firm: a dashed outline, on top of their body colour. */
export const tentativeOutline = (status: string) => (status === "draft" || status === "postponed" ? "outline-dashed outline-1 -outline-offset-1 outline-slate-400" : "");

const titleClass = (status: string) => (status === "cancelled" ? "line-through decoration-slate-500" : "");

/** One meeting in a month cell: time and title, linking to the meeting. */
export function MeetingChip({ m }: { m: CalendarMeeting }) {
  const label = `${m.startTime}–${m.endTime} ${m.title} · ${m.bodyName}${m.status !== "convened" ? ` · ${MEETING_STATUS_LABELS[m.status]}` : ""}`;
  return (
    <Link
      to={`/meetings/${m.id}`}
      title={label}
      aria-label={label}
      className={`block rounded border-l-4 px-1.5 py-0.5 text-xs leading-snug ${meetingTone(m)} ${tentativeOutline(m.status)}`}
    >
      <span className="flex items-center gap-1 font-semibold">{m.startTime}<StatusMark status={m.status} /></span>
      <span className={`line-clamp-2 ${titleClass(m.status)}`}>{m.title}</span>
    </Link>
  );
}

export function MeetingTitle({ m, className = "" }: { m: CalendarMeeting; className?: string }) {
  return <span className={`${titleClass(m.status)} ${className}`}>{m.title}</span>;
}

/** Link to the meeting's .ics file (a document download, not a client-side navigation). */
export function IcsLink({ m, className = "" }: { m: CalendarMeeting; className?: string }) {
  return (
    <a href={m.icsUrl} download className={`link whitespace-nowrap text-xs ${className}`} aria-label={`Tải tệp lịch (.ics) của cuộc họp: ${m.title}`} title="Tải tệp lịch (.ics) để thêm vào Outlook, Google Calendar, iPhone">
      <CalendarIcon /> .ics
    </a>
  );
}

function CalendarIcon() {
  return (
    <svg viewBox="0 0 16 16" className="inline h-3.5 w-3.5 align-[-2px]" aria-hidden="true" fill="none" stroke="currentColor" strokeWidth="1.5">
      <rect x="2" y="3" width="12" height="11" rx="1.5" />
      <path d="M2 6.5h12M5.5 1.5v3M10.5 1.5v3M8 8.5v3.5M6.5 10.5 8 12l1.5-1.5" />
    </svg>
  );
}

export function CalendarLegend() {
  return (
    <ul className="flex flex-wrap items-center gap-x-4 gap-y-1 text-xs text-slate-600" aria-label="Chú thích">
      <li className="flex items-center gap-1.5"><span className="h-3.5 w-5 rounded-sm border-l-4 border-brand-600 bg-brand-100" aria-hidden="true" />UBND Thành phố</li>
      <li className="flex items-center gap-1.5"><span className="h-3.5 w-5 rounded-sm border-l-4 border-flag-600 bg-red-100" aria-hidden="true" />Ban Cán sự Đảng</li>
      <li className="flex items-center gap-1.5"><StatusMark status="postponed" /> tạm hoãn</li>
      <li className="flex items-center gap-1.5"><span className="h-3.5 w-5 rounded-sm bg-white outline-dashed outline-1 -outline-offset-1 outline-slate-400" aria-hidden="true" />chưa chính thức (nháp, hoãn)</li>
      <li className="flex items-center gap-1.5"><span className="line-through">Tên cuộc họp</span> đã hủy</li>
    </ul>
  );
}
