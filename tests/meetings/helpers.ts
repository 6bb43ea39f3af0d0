// Shared set-up for the meeting tests: the demo installation (seedDemoData),
// its people as CurrentUser actors, Hanoi calendar dates and row counts.
import type { CurrentUser } from "../../app/lib/current-user";
import { presentCurrentUser } from "../../app/lib/session.server";
import type { MeetingFormInput } from "../../app/schemas/meeting";
import { seedDemoData } from "../../app/services/seed-demo.server";
import type { Db } from "../../models";
import { resetDatabase } from "../helpers/db";

const DAY = 86_400_000;
const HANOI_OFFSET = 7 * 3600_000; // Asia/Ho_Chi_Minh, no DST

/** The Hanoi calendar date `days` from today, "yyyy-MM-dd". */
export function hanoiDay(days: number, now = new Date()) {
  return new Date(now.getTime() + HANOI_OFFSET + days * DAY).toISOString().slice(0, 10);
}

/** The Hanoi calendar date of an instant, "yyyy-MM-dd". */
export function hanoiYmdOf(instant: Date) {
  return new Date(instant.getTime() + HANOI_OFFSET).toISOString().slice(0, 10);
}

/** The UTC instant of a Hanoi wall-clock time. */
export function hanoiInstant(ymd: string, hm: string) {
  return new Date(`${ymd}T${hm}:00+07:00`);
}

/** "dd/mm/yyyy" of a "yyyy-MM-dd" (what formatDate prints). */
export function vnDate(ymd: string) {
  return ymd.split("-").reverse().join("/");
}

export async function actorFor(db: Db, username: string): Promise<CurrentUser> {
  const user = await db.User.findOne({ where: { username }, include: [{ model: db.Unit, as: "unit" }] });
  if (!user) throw new Error(`no demo user ${username}`);
  return presentCurrentUser(user);
}

export type Demo = Awaited<ReturnType<typeof seedDemo>>;

/** A fresh migrated database with the demo data, and handles on what the tests use. */
export async function seedDemo() {
  const db = await resetDatabase();
  await seedDemoData(db);
  const names = ["admin", "vanphong", "chutich", "thanhvien", "chuyenvien", "badinh", "phochutich", "phochutich2", "gdtttt", "gdkhdt", "gdtc", "pgdkhdt", "tuphap"] as const;
  const users = {} as Record<(typeof names)[number], CurrentUser>;
  for (const n of names) users[n] = await actorFor(db, n);
  const body = async (code: string) => (await db.Body.findOne({ where: { code } }))!;
  const room = async (prefix: string) => (await db.Room.findAll()).find((r) => r.name.startsWith(prefix))!;
  const unit = async (code: string) => (await db.Unit.findOne({ where: { code } }))!;
  return {
    db,
    users,
    ubnd: await body("UBND-TP"),
    bcsd: await body("BCSD-UBND"),
    rooms: { room1: await room("Phòng họp số 1"), room2: await room("Phòng họp số 2"), party: await room("Phòng họp Ban Cán sự Đảng") },
    units: { badinh: await unit("Q-BADINH"), stttt: await unit("STTTT"), snv: await unit("SNV") },
  };
}

/** A valid schedule form for the UBND-TP, in Phòng họp số 2, `days` from today. */
export function meetingInput(demo: Demo, over: Partial<MeetingFormInput> & { days?: number } = {}): MeetingFormInput {
  const { days = 40, ...rest } = over;
  return {
    bodyId: demo.ubnd.id,
    title: "Phiên họp UBND Thành phố chuyên đề thử nghiệm",
    kind: "thematic",
    date: hanoiDay(days),
    startTime: "08:00",
    endTime: "10:00",
    roomId: demo.rooms.room2.id,
    onlineUrl: null,
    chairId: demo.users.chutich.id,
    secretaryId: demo.users.vanphong.id,
    confidentiality: "normal",
    notes: null,
    inviteBodyMembers: true,
    confirmConflicts: false,
    ...rest,
  };
}

/** Row counts of what scheduling and running a meeting write. */
export async function counts(db: Db) {
  const [meetings, invitations, audits, notifications, agendaItems] = await Promise.all([
    db.Meeting.count(),
    db.Invitation.count(),
    db.AuditEvent.count(),
    db.Notification.count(),
    db.AgendaItem.count(),
  ]);
  return { meetings, invitations, audits, notifications, agendaItems };
}

/** Awaits a promise that must reject, and returns the error. */
export async function rejection(p: Promise<unknown>): Promise<Error & { status?: number; fields?: Record<string, string> }> {
  try {
    await p;
  } catch (e) {
    return e as Error & { status?: number; fields?: Record<string, string> };
  }
  throw new Error("expected a rejection, but the call succeeded");
}
