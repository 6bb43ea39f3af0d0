import { TZDate } from "@date-fns/tz";
import { getVtimezoneComponent } from "@touch4it/ical-timezones";
import ical, {
  foldLines,
  ICalAlarmType,
  ICalAttendeeRole,
  ICalAttendeeStatus,
  ICalAttendeeType,
  ICalEventClass,
  ICalEventStatus,
  type ICalAttendee,
  type ICalCalendar,
} from "ical-generator";
import { Op, type WhereOptions } from "sequelize";
import { getDb, type Meeting } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { formatDate, formatTime, hanoiWallTimeToUtc, TIME_ZONE, todayInHanoi } from "../lib/dates";
import { NotFoundError } from "../lib/errors";
import type { Actor } from "../policies";
import { filterVisibleMeetings } from "./meeting-access.server";
import { getMeetingFor, listMeetingsFor } from "./meeting-queries.server";

// ───────────────────────── Who is part of a meeting ─────────────────────────

/**
 * "Lịch họp của tôi" and the personal feed hold the meetings a user takes part
 * in: invited directly, as a delegate, through their unit, or as its chair or
 * secretary. Visibility is still decided by the policy afterwards.
 */
async function involvedMeetingIds(actor: Actor, scope: { meetingIds?: number[]; since?: Date }): Promise<Set<number>> {
  const db = getDb();
  if (scope.meetingIds && !scope.meetingIds.length) return new Set();
  const invited: WhereOptions[] = [{ userId: actor.id }, { delegateUserId: actor.id }];
  if (actor.unitId) invited.push({ unitId: actor.unitId });
  const meetingWhere: WhereOptions = {
    ...(scope.meetingIds ? { id: scope.meetingIds } : {}),
    ...(scope.since ? { startsAt: { [Op.gte]: scope.since } } : {}),
  };
  const [invitations, led] = await Promise.all([
    db.Invitation.findAll({
      attributes: ["meetingId"],
      where: { [Op.or]: invited },
      include: [{ model: db.Meeting, as: "meeting", attributes: [], where: meetingWhere, required: true }],
    }),
    db.Meeting.findAll({ attributes: ["id"], where: { ...meetingWhere, [Op.or]: [{ chairId: actor.id }, { secretaryId: actor.id }] } }),
  ]);
  return new Set([...invitations.map((i) => i.meetingId), ...led.map((m) => m.id)]);
}

// ───────────────────────── iCalendar ─────────────────────────

const ALARMS_BEFORE_SECONDS = [24 * 3600, 30 * 60];
const PARTSTAT: Record<string, ICalAttendeeStatus> = {
  pending: ICalAttendeeStatus.NEEDSACTION,
  attending: ICalAttendeeStatus.ACCEPTED,
  absent: ICalAttendeeStatus.DECLINED,
  delegated: ICalAttendeeStatus.DELEGATED,
};

type IcsContext = {
  /** "https://host" of the request, for URLs back into the app. */
  origin: string;
  /** Domain of the made-up addresses for units, people without e-mail and the no-reply organizer. */
  mailDomain: string;
};

export function icsContextFor(request: Request): IcsContext {
  const url = new URL(request.url);
  // An IP address or "localhost" is no mail domain; ".invalid" is reserved for addresses that must never resolve.
  const host = url.hostname;
  const looksLikeDomain = host.includes(".") && !/^[\d.]+$/.test(host) && !host.includes(":") && !host.startsWith("[");
  return { origin: url.origin, mailDomain: process.env.MAIL_DOMAIN || (looksLikeDomain ? host : "phonghopso.invalid") };
}

/** Everything one VEVENT needs, loaded with separate queries per association (no row explosion in the feed). */
function calendarIncludes() {
  const db = getDb();
  return [
    { model: db.Body, as: "body", attributes: ["id", "name", "kind"] },
    { model: db.Room, as: "room", attributes: ["id", "name", "location"] },
    { model: db.User, as: "chair", attributes: ["id", "fullName", "email"] },
    { model: db.User, as: "secretary", attributes: ["id", "fullName", "email"] },
    {
      model: db.AgendaItem,
      as: "agendaItems",
      separate: true,
      order: [["position", "ASC"]] as [string, string][],
      include: [
        { model: db.Unit, as: "presenterUnit", attributes: ["id", "name"] },
        { model: db.User, as: "presenterUser", attributes: ["id", "fullName"] },
      ],
    },
    {
      model: db.Invitation,
      as: "invitations",
      separate: true,
      order: [["id", "ASC"]] as [string, string][],
      include: [
        { model: db.User, as: "user", attributes: ["id", "fullName", "email"] },
        { model: db.Unit, as: "unit", attributes: ["id", "name"] },
        { model: db.User, as: "delegateUser", attributes: ["id", "fullName", "email"] },
      ],
    },
  ];
}

function newCalendar(opts: { name?: string; description?: string; ttlSeconds?: number } = {}) {
  const cal = ical({
    prodId: { company: "UBND Thanh pho Ha Noi", product: "Phong Hop So", language: "VI" },
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.description ? { description: opts.description } : {}),
    ...(opts.ttlSeconds ? { ttl: opts.ttlSeconds } : {}),
  });
  cal.timezone({ name: TIME_ZONE, generator: getVtimezoneComponent });
  return cal;
}

const hanoi = (d: Date) => new TZDate(d.getTime(), TIME_ZONE);

function userAddress(u: { id: number; email?: string | null }, ctx: IcsContext) {
  return u.email || `nguoi-dung-${u.id}@${ctx.mailDomain}`;
}

/** DESCRIPTION: the agenda with computed start times, then where to find the meeting. */
function describeMeeting(m: Meeting, url: string) {
  const lines: string[] = [];
  if (m.statusReason && (m.status === "postponed" || m.status === "cancelled")) {
    lines.push(`${m.status === "postponed" ? "Lý do hoãn" : "Lý do hủy"}: ${m.statusReason}`, "");
  }
  const agenda = m.agendaItems ?? [];
  if (agenda.length) {
    lines.push("Chương trình họp:");
    let cursor = m.startsAt.getTime();
    agenda.forEach((a, i) => {
      const presenter = [a.presenterUser?.fullName, a.presenterUnit?.name].filter(Boolean).join(" – ");
      lines.push(`${formatTime(new Date(cursor))} ${i + 1}. ${a.title}${presenter ? ` (Trình bày: ${presenter})` : ""}`);
      cursor += a.durationMinutes * 60_000;
    });
    lines.push("");
  }
  if (m.chair) lines.push(`Chủ trì: ${m.chair.fullName}`);
  if (m.onlineUrl) lines.push(`Họp trực tuyến: ${m.onlineUrl}`);
  lines.push(`Chi tiết cuộc họp: ${url}`);
  return lines.join("\n");
}

/**
 * The one VEVENT builder, shared by the single-meeting download and the
 * personal feed, so both say the same thing about a meeting.
 */
export function addMeetingEvent(cal: ICalCalendar, m: Meeting, ctx: IcsContext) {
  const url = `${ctx.origin}/meetings/${m.id}`;
  const secret = m.confidentiality === "secret";
  const status =
    m.status === "cancelled" ? ICalEventStatus.CANCELLED : m.status === "draft" || m.status === "postponed" ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED;
  const prefix = m.status === "cancelled" ? "[Đã hủy] " : m.status === "postponed" ? "[Hoãn] " : m.status === "draft" ? "[Dự kiến] " : "";
  // A "mật" meeting leaves the app as a time slot only: its title, agenda and
  // invitees must not be copied into third-party calendar services.
  const summary = secret ? `Cuộc họp (Mật) – ${m.body?.name ?? ""}`.trim() : m.title;
  const location = m.room ? [m.room.name, m.room.location].filter(Boolean).join(", ") : m.onlineUrl || null;

  const event = cal.createEvent({
    id: m.icalUid,
    sequence: m.icalSequence,
    start: hanoi(m.startsAt),
    end: hanoi(m.endsAt),
    timezone: TIME_ZONE,
    stamp: hanoi(m.updatedAt ?? new Date()),
    created: m.createdAt ? hanoi(m.createdAt) : null,
    lastModified: m.updatedAt ? hanoi(m.updatedAt) : null,
    summary: prefix + summary,
    location,
    description: secret ? `Nội dung cuộc họp mật chỉ xem trên Phòng Họp Số.\nChi tiết cuộc họp: ${url}` : describeMeeting(m, url),
    url,
    status,
    class: m.confidentiality !== "normal" || m.body?.kind === "party" ? ICalEventClass.CONFIDENTIAL : ICalEventClass.PUBLIC,
    organizer: m.secretary?.email
      ? { name: m.secretary.fullName, email: m.secretary.email }
      : { name: m.body?.name || "Phòng Họp Số", email: `noreply@${ctx.mailDomain}` },
  });

  if (!secret) addAttendees(event, m, ctx);

  if (m.status !== "cancelled") {
    for (const seconds of ALARMS_BEFORE_SECONDS) {
      event.createAlarm({ type: ICalAlarmType.display, trigger: seconds, description: `Nhắc họp: ${summary}` });
    }
  }
  return event;
}

type IcalEvent = ReturnType<ICalCalendar["createEvent"]>;

function addAttendees(event: IcalEvent, m: Meeting, ctx: IcsContext) {
  const invitations = m.invitations ?? [];
  const byUser = new Map<number, ICalAttendee>();
  const byInvitation = new Map<number, ICalAttendee>();
  for (const inv of invitations) {
    const status = PARTSTAT[inv.rsvp] ?? ICalAttendeeStatus.NEEDSACTION;
    const role = inv.role === "chair" ? ICalAttendeeRole.CHAIR : ICalAttendeeRole.REQ;
    if (inv.user) {
      if (byUser.has(inv.user.id)) continue;
      const a = event.createAttendee({ name: inv.user.fullName, email: userAddress(inv.user, ctx), status, role, type: ICalAttendeeType.INDIVIDUAL });
      byUser.set(inv.user.id, a);
      byInvitation.set(inv.id, a);
    } else if (inv.unit) {
      const a = event.createAttendee({ name: inv.unit.name, email: `don-vi-${inv.unit.id}@${ctx.mailDomain}`, status, role, type: ICalAttendeeType.GROUP });
      byInvitation.set(inv.id, a);
    }
  }
  // Delegations: the invitee is DELEGATED with DELEGATED-TO the person sent in
  // their place, who is an attendee too (with their own row's answer if they have one).
  for (const inv of invitations) {
    const from = byInvitation.get(inv.id);
    if (!from) continue;
    const delegateRow = invitations.find((d) => d.delegatedFromId === inv.id && d.user);
    const delegateUser = inv.delegateUser ?? delegateRow?.user ?? null;
    if (!delegateUser) continue;
    let to = byUser.get(delegateUser.id);
    if (!to) {
      to = event.createAttendee({ name: delegateUser.fullName, email: userAddress(delegateUser, ctx), status: ICalAttendeeStatus.NEEDSACTION, role: ICalAttendeeRole.REQ, type: ICalAttendeeType.INDIVIDUAL });
      byUser.set(delegateUser.id, to);
    }
    from.delegatedTo(to);
    from.status(ICalAttendeeStatus.DELEGATED);
    to.delegatedFrom(from);
  }
}

/**
 * ical-generator writes DTSTAMP/CREATED/LAST-MODIFIED in the calendar's zone
 * without "Z" once a calendar time zone is set, and DELEGATED-TO/FROM as bare
 * addresses. RFC 5545 wants UTC for the first (§3.8.7) and cal-address URIs for
 * the second (§3.2.4/5); Outlook and ical.js read the fixed form correctly.
 */
function renderCalendar(cal: ICalCalendar) {
  const lines = cal.toString().replace(/\r\n[ \t]/g, "").split("\r\n");
  const fixed = lines.map((line) => {
    const stamp = /^(DTSTAMP|CREATED|LAST-MODIFIED):(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(line);
    if (stamp) {
      const [, name, y, mo, d, h, mi, s] = stamp;
      const utc = new Date(new TZDate(+y, +mo - 1, +d, +h, +mi, +s, TIME_ZONE).getTime());
      return `${name}:${utc.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "")}`;
    }
    if (line.startsWith("ATTENDEE")) return line.replace(/;(DELEGATED-TO|DELEGATED-FROM)="(?!mailto:)/gi, ';$1="mailto:');
    return line;
  });
  return foldLines(fixed.join("\r\n"));
}

export type IcsFile = { filename: string; body: string };

/** GET /meetings/:id.ics — the same visibility as the meeting page (invisible → NotFoundError). */
export async function meetingIcs({ actor, meetingId, ctx }: { actor: CurrentUser; meetingId: number; ctx: IcsContext }): Promise<IcsFile> {
  await getMeetingFor(actor, meetingId);
  const m = await getDb().Meeting.findByPk(meetingId, { include: calendarIncludes() });
  if (!m) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const cal = newCalendar();
  addMeetingEvent(cal, m, ctx);
  return { filename: `cuoc-hop-${m.id}-${todayInHanoi(m.startsAt).replace(/-/g, "")}.ics`, body: renderCalendar(cal) };
}

export const FEED_HISTORY_DAYS = 90;
const FEED_TTL_SECONDS = 3600;
const FEED_TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * GET /calendar/:token.ics — no session: the secret token names the user. The
 * meetings they take part in, from 90 days back, no drafts, cancelled ones as
 * STATUS:CANCELLED, and only what the meeting policy lets this user see.
 */
export async function personalFeed({ token, ctx, now = new Date() }: { token: string; ctx: IcsContext; now?: Date }): Promise<IcsFile> {
  const db = getDb();
  if (!FEED_TOKEN.test(token)) throw new NotFoundError("Không tìm thấy lịch.");
  const user = await db.User.findOne({ where: { calendarToken: token, active: true }, attributes: ["id", "fullName", "roles", "unitId", "calendarToken", "active"] });
  // The column is compared again in JS: some collations match case-insensitively.
  if (!user || user.calendarToken !== token) throw new NotFoundError("Không tìm thấy lịch.");
  const actor: Actor = { id: user.id, roles: user.roles, unitId: user.unitId ?? null };

  const since = new Date(now.getTime() - FEED_HISTORY_DAYS * 86_400_000);
  const ids = [...(await involvedMeetingIds(actor, { since }))];
  const rows = ids.length
    ? await db.Meeting.findAll({
        where: { id: ids, status: { [Op.ne]: "draft" }, startsAt: { [Op.gte]: since } },
        include: calendarIncludes(),
        order: [["startsAt", "ASC"]],
        limit: 2000,
      })
    : [];
  const visible = await filterVisibleMeetings(actor, rows);

  const cal = newCalendar({
    name: `Lịch họp – ${user.fullName}`,
    description: "Các cuộc họp bạn được mời, chủ trì hoặc làm thư ký (Phòng Họp Số).",
    ttlSeconds: FEED_TTL_SECONDS,
  });
  for (const m of visible) addMeetingEvent(cal, m, ctx);
  return { filename: "lich-hop.ics", body: renderCalendar(cal) };
}

/** The subscription addresses shown on /me (null until a token exists). */
export function feedUrls(origin: string, token: string | null | undefined) {
  if (!token) return null;
  const https = `${origin}/calendar/${encodeURIComponent(token)}.ics`;
  return { https, webcal: https.replace(/^https?:/, "webcal:") };
}

// ───────────────────────── In-app calendar (/meetings) ─────────────────────────

export type CalendarView = "month" | "week" | "list";
export type ListPeriod = "upcoming" | "past";

type ListedMeeting = Awaited<ReturnType<typeof listMeetingsFor>>[number];
export type CalendarMeeting = ListedMeeting & {
  /** Hanoi calendar date of the start, "yyyy-MM-dd". */
  ymd: string;
  startTime: string;
  endTime: string;
  icsUrl: string;
};
export type CalendarDay = { ymd: string; day: number; inRange: boolean; isToday: boolean; isWeekend: boolean };
export type WeekItem = { meeting: CalendarMeeting; topMin: number; durationMin: number; lane: number; lanes: number };

const DAY_MS = 86_400_000;
const ymdToUtc = (ymd: string) => new Date(ymd + "T00:00:00Z");
export function addDaysYmd(ymd: string, n: number) {
  return new Date(ymdToUtc(ymd).getTime() + n * DAY_MS).toISOString().slice(0, 10);
}
/** Monday of the week of `ymd` (weeks start on Monday in Vietnam). */
export function mondayOf(ymd: string) {
  return addDaysYmd(ymd, -((ymdToUtc(ymd).getUTCDay() + 6) % 7));
}
function addMonthsYmd(ymd: string, n: number) {
  const d = ymdToUtc(ymd.slice(0, 7) + "-01");
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}
export function isRealYmd(s: string | undefined | null): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = ymdToUtc(s);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
const midnight = (ymd: string) => hanoiWallTimeToUtc(ymd, "00:00");

function toCalendarMeeting(m: ListedMeeting): CalendarMeeting {
  return { ...m, ymd: todayInHanoi(new Date(m.startsAt)), startTime: formatTime(m.startsAt), endTime: formatTime(m.endsAt), icsUrl: `/meetings/${m.id}.ics` };
}

/** Meetings the user may see in [from, to); with `mine`, only those they take part in. */
export async function calendarMeetings(actor: CurrentUser, { from, to, mine }: { from: Date; to: Date; mine: boolean }) {
  const meetings = await listMeetingsFor(actor, { from, to });
  if (!mine) return meetings.map(toCalendarMeeting);
  const involved = await involvedMeetingIds(actor, { meetingIds: meetings.map((m) => m.id) });
  return meetings.filter((m) => involved.has(m.id)).map(toCalendarMeeting);
}

/** Side-by-side lanes for overlapping meetings of one day (week view). */
function layoutDay(meetings: CalendarMeeting[], dayStart: Date): WeekItem[] {
  const items = meetings
    .map((meeting) => {
      const topMin = Math.max(0, (new Date(meeting.startsAt).getTime() - dayStart.getTime()) / 60_000);
      const endMin = Math.min(24 * 60, (new Date(meeting.endsAt).getTime() - dayStart.getTime()) / 60_000);
      return { meeting, topMin, durationMin: Math.max(30, endMin - topMin), lane: 0, lanes: 1 };
    })
    .sort((a, b) => a.topMin - b.topMin || b.durationMin - a.durationMin);
  let cluster: typeof items = [];
  let clusterEnd = -1;
  const close = () => {
    const lanes = Math.max(1, ...cluster.map((i) => i.lane + 1));
    for (const i of cluster) i.lanes = lanes;
    cluster = [];
  };
  for (const item of items) {
    if (item.topMin >= clusterEnd && cluster.length) close();
    const laneEnds: number[] = [];
    for (const c of cluster) laneEnds[c.lane] = Math.max(laneEnds[c.lane] ?? -1, c.topMin + c.durationMin);
    let lane = laneEnds.findIndex((end) => end <= item.topMin);
    if (lane < 0) lane = laneEnds.length;
    item.lane = lane;
    cluster.push(item);
    clusterEnd = Math.max(clusterEnd, item.topMin + item.durationMin);
  }
  if (cluster.length) close();
  return items;
}

export type CalendarPageInput = { view: CalendarView; date: string; mine: boolean; period: ListPeriod; now?: Date };

/** Everything /meetings renders for one view; dates are Hanoi calendar days. */
export async function calendarPage(actor: CurrentUser, input: CalendarPageInput) {
  const now = input.now ?? new Date();
  const today = todayInHanoi(now);
  const date = isRealYmd(input.date) ? input.date : today;
  const { view, mine } = input;
  const day = (ymd: string, inRange: boolean): CalendarDay => {
    const dow = ymdToUtc(ymd).getUTCDay();
    return { ymd, day: ymdToUtc(ymd).getUTCDate(), inRange, isToday: ymd === today, isWeekend: dow === 0 || dow === 6 };
  };
  const group = (meetings: CalendarMeeting[]) => {
    const byDay: Record<string, CalendarMeeting[]> = {};
    for (const m of meetings) (byDay[m.ymd] ??= []).push(m);
    return byDay;
  };

  if (view === "month") {
    const first = date.slice(0, 7) + "-01";
    const nextFirst = addMonthsYmd(first, 1);
    const gridStart = mondayOf(first);
    const gridEnd = addDaysYmd(mondayOf(addDaysYmd(nextFirst, -1)), 7);
    const meetings = await calendarMeetings(actor, { from: midnight(gridStart), to: midnight(gridEnd), mine });
    const weeks: CalendarDay[][] = [];
    for (let d = gridStart; d < gridEnd; d = addDaysYmd(d, 7)) {
      weeks.push(Array.from({ length: 7 }, (_, i) => addDaysYmd(d, i)).map((ymd) => day(ymd, ymd >= first && ymd < nextFirst)));
    }
    return {
      view, date, today, mine, period: input.period,
      title: `Tháng ${Number(first.slice(5, 7))}/${first.slice(0, 4)}`,
      prevDate: addMonthsYmd(first, -1),
      nextDate: nextFirst,
      weeks,
      byDay: group(meetings),
      listDays: null,
      count: meetings.length,
      week: null,
    };
  }

  if (view === "week") {
    const monday = mondayOf(date);
    const sunday = addDaysYmd(monday, 6);
    const meetings = await calendarMeetings(actor, { from: midnight(monday), to: midnight(addDaysYmd(monday, 7)), mine });
    const byDay = group(meetings);
    const days = Array.from({ length: 7 }, (_, i) => addDaysYmd(monday, i)).map((ymd) => ({
      ...day(ymd, true),
      items: layoutDay(byDay[ymd] ?? [], midnight(ymd)),
    }));
    // 07:00–18:00 covers a working day; stretch when a meeting starts earlier or ends later.
    const all = days.flatMap((d) => d.items);
    const startHour = Math.min(7, ...all.map((i) => Math.floor(i.topMin / 60)));
    const endHour = Math.max(18, ...all.map((i) => Math.ceil((i.topMin + i.durationMin) / 60)));
    return {
      view, date, today, mine, period: input.period,
      title: `Tuần ${formatDate(monday).slice(0, 5)} – ${formatDate(sunday)}`,
      prevDate: addDaysYmd(monday, -7),
      nextDate: addDaysYmd(monday, 7),
      weeks: null,
      byDay: {},
      listDays: null,
      count: meetings.length,
      week: { days, startHour, endHour: Math.min(24, endHour) },
    };
  }

  // List: upcoming from the start of today for 90 days, or the last 90 days newest first.
  const startOfToday = midnight(today);
  const range =
    input.period === "past"
      ? { from: new Date(now.getTime() - FEED_HISTORY_DAYS * DAY_MS), to: now }
      : { from: startOfToday, to: new Date(startOfToday.getTime() + FEED_HISTORY_DAYS * DAY_MS) };
  const meetings = await calendarMeetings(actor, { ...range, mine });
  const byDay = group(meetings);
  // Past meetings: the most recent day first, each day still in the order of the day.
  const listDays = Object.keys(byDay).map((ymd) => ({ ymd, meetings: byDay[ymd] }));
  if (input.period === "past") listDays.reverse();
  return {
    view, date, today, mine, period: input.period,
    title: input.period === "past" ? "Đã diễn ra (90 ngày qua)" : "Sắp tới (90 ngày tới)",
    prevDate: null,
    nextDate: null,
    weeks: null,
    byDay: {},
    listDays,
    count: meetings.length,
    week: null,
  };
}
