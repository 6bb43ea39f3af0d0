// Parsing iCalendar answers with a real parser (ical.js), as DESIGN.md §7 asks.
import ICAL from "ical.js";
import { getDb } from "../../models";

export type Vcalendar = InstanceType<typeof ICAL.Component>;

/** Parses an .ics body; registers its VTIMEZONEs so TZID times convert through them. */
export function parseIcs(text: string): Vcalendar {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const vtz of cal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(vtz);
  return cal;
}

export function events(cal: Vcalendar) {
  return cal.getAllSubcomponents("vevent");
}

export function uids(cal: Vcalendar) {
  return events(cal).map((e) => String(e.getFirstPropertyValue("uid")));
}

export function eventByUid(cal: Vcalendar, uid: string) {
  const e = events(cal).find((x) => x.getFirstPropertyValue("uid") === uid);
  if (!e) throw new Error(`no VEVENT with UID ${uid}`);
  return e;
}

/** The attendee whose address is `email` (mailto: is case-insensitive). */
export function attendee(event: ReturnType<typeof eventByUid>, email: string) {
  return event.getAllProperties("attendee").find((p) => String(p.getFirstValue()).toLowerCase() === `mailto:${email.toLowerCase()}`) ?? null;
}

/** A parameter as one string (ical.js gives multi-valued parameters as arrays). */
export function param(p: { getParameter(name: string): unknown } | null, name: string) {
  const v = p?.getParameter(name);
  return Array.isArray(v) ? v.join(",") : v == null ? null : String(v);
}

export async function demoMeeting(titleStart: string) {
  const db = getDb();
  const all = await db.Meeting.findAll({ include: [{ model: db.Body, as: "body" }] });
  const m = all.find((x) => x.title.startsWith(titleStart));
  if (!m) throw new Error(`demo meeting "${titleStart}…" not found`);
  return m;
}

export async function demoUser(username: string) {
  const u = await getDb().User.findOne({ where: { username } });
  if (!u) throw new Error(`demo user ${username} not found`);
  return u;
}

export async function demoBody(code: "UBND-TP" | "BCSD-UBND") {
  const b = await getDb().Body.findOne({ where: { code } });
  if (!b) throw new Error(`demo body ${code} not found`);
  return b;
}
