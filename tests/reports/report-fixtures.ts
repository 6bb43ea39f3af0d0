// The report's rules written out a second time, in plain JS over rows read
// back from the database (db.Task.findAll({ raw: true })), so the report
// service's numbers can be compared with independent counts. Nothing here
// calls the service's SQL helpers or computeTaskStatus: the status words,
// the period's report day, the Hanoi day boundaries and the unit roll-up are
// all re-derived from the rules in the issue.
import type { CurrentUser, Role } from "../../app/lib/current-user";
import type { Db } from "../../models";
import { createUser } from "../factories";

// ── Dates without libraries: yyyy-MM-dd strings, Hanoi = UTC+7 all year ──

const DAY_MS = 24 * 3600_000;
const HANOI_OFFSET_MS = 7 * 3600_000;

const utcMidnight = (ymd: string) => {
  const [y, m, d] = ymd.split("-").map(Number);
  return Date.UTC(y, m - 1, d);
};
export const addDays = (ymd: string, n: number) => new Date(utcMidnight(ymd) + n * DAY_MS).toISOString().slice(0, 10);
/** b − a in whole days. */
export const dayDiff = (a: string, b: string) => Math.round((utcMidnight(b) - utcMidnight(a)) / DAY_MS);
/** The instant of 00:00 in Hanoi on a day. */
export const hanoiMidnight = (ymd: string) => new Date(utcMidnight(ymd) - HANOI_OFFSET_MS);
/** An instant given as Hanoi wall time. */
export const hanoiAt = (ymd: string, hh: number, mm = 0, ss = 0) => new Date(hanoiMidnight(ymd).getTime() + ((hh * 60 + mm) * 60 + ss) * 1000);
/** The Hanoi calendar day of an instant. */
export const hanoiDayOf = (d: Date) => new Date(d.getTime() + HANOI_OFFSET_MS).toISOString().slice(0, 10);

/** DATEONLY values as the drivers hand them back (string, or a Date at UTC midnight). */
function ymdOf(v: unknown): string | null {
  if (v == null) return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).slice(0, 10);
}

/** DATE values: a Date (MariaDB) or SQLite's "yyyy-MM-dd HH:mm:ss.SSS +00:00" text. */
function instantOf(v: unknown): Date | null {
  if (v == null) return null;
  if (v instanceof Date) return v;
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?\s*(Z|[+-]\d{2}:?\d{2})?$/.exec(String(v).trim());
  if (!m) throw new Error(`unexpected DATE value ${String(v)}`);
  const [, y, mo, d, h, mi, s, frac, tz] = m;
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, frac ? Math.round(Number(`0.${frac}`) * 1000) : 0);
  if (tz && tz !== "Z") {
    const sign = tz[0] === "-" ? -1 : 1;
    const digits = tz.slice(1).replace(":", "");
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return new Date(t);
}

// ── Rows read back ──

export type TaskRow = {
  id: number;
  content: string;
  leadUnitId: number;
  bodyId: number | null;
  directiveId: number | null;
  assignedOn: string | null;
  deadline: string | null;
  originalDeadline: string | null;
  completedOn: string | null;
  state: string;
  lastReportAt: Date | null;
};
export type UnitRow = { id: number; name: string; parentId: number | null };
export type MeetingRow = { id: number; bodyId: number; startsAt: Date; status: string };
export type MinutesRow = { meetingId: number; status: string; approvedAt: Date | null };
export type DirectiveRow = { id: number; sourceMeetingId: number | null; label: string };
export type InvitationRow = { meetingId: number; unitId: number | null };

export type World = {
  tasks: TaskRow[];
  units: UnitRow[];
  meetings: MeetingRow[];
  minutes: MinutesRow[];
  directives: DirectiveRow[];
  invitations: InvitationRow[];
};

type Raw = Record<string, unknown>;
const num = (v: unknown) => (v == null ? null : Number(v));

/** Everything the report reads, straight from the tables. */
export async function readWorld(db: Db): Promise<World> {
  const [tasks, units, meetings, minutes, directives, invitations] = await Promise.all([
    db.Task.findAll({ raw: true }) as unknown as Promise<Raw[]>,
    db.Unit.findAll({ raw: true }) as unknown as Promise<Raw[]>,
    db.Meeting.findAll({ raw: true }) as unknown as Promise<Raw[]>,
    db.Minutes.findAll({ raw: true, attributes: ["meetingId", "status", "approvedAt"] }) as unknown as Promise<Raw[]>,
    db.Directive.findAll({ raw: true }) as unknown as Promise<Raw[]>,
    db.Invitation.findAll({ raw: true }) as unknown as Promise<Raw[]>,
  ]);
  return {
    tasks: tasks.map((t) => ({
      id: Number(t.id),
      content: String(t.content),
      leadUnitId: Number(t.leadUnitId),
      bodyId: num(t.bodyId),
      directiveId: num(t.directiveId),
      assignedOn: ymdOf(t.assignedOn),
      deadline: ymdOf(t.deadline),
      originalDeadline: ymdOf(t.originalDeadline),
      completedOn: ymdOf(t.completedOn),
      state: String(t.state),
      lastReportAt: instantOf(t.lastReportAt),
    })),
    units: units.map((u) => ({ id: Number(u.id), name: String(u.name), parentId: num(u.parentId) })),
    meetings: meetings.map((m) => ({ id: Number(m.id), bodyId: Number(m.bodyId), startsAt: instantOf(m.startsAt)!, status: String(m.status) })),
    minutes: minutes.map((m) => ({ meetingId: Number(m.meetingId), status: String(m.status), approvedAt: instantOf(m.approvedAt) })),
    directives: directives.map((d) => ({
      id: Number(d.id),
      sourceMeetingId: num(d.sourceMeetingId),
      // The register's number: "24-CT/TU" (party), "06/QĐ-TTg" (state).
      label: d.numberFormat === "party" ? `${d.number}-${d.symbol}` : `${d.number}/${d.symbol}`,
    })),
    invitations: invitations.map((i) => ({ meetingId: Number(i.meetingId), unitId: num(i.unitId) })),
  };
}

// ── The rules ──

export type Period = { from: string; to: string; asOf: string };
export type Scope =
  | { kind: "city" }
  | { kind: "body"; bodyId: number }
  | { kind: "directive"; directiveId: number }
  | { kind: "unit"; unitId: number; subunits: boolean };

export type Code = "done_on_time" | "done_late" | "done_no_deadline" | "open_on_time" | "open_overdue" | "no_deadline";
export const CODES: Code[] = ["done_on_time", "done_late", "done_no_deadline", "open_on_time", "open_overdue", "no_deadline"];

export type Counts = Record<Code, number> & {
  total: number;
  open: number;
  updated: number;
  dueSoon: number;
  onTimeRate: number | null;
  updateRate: number | null;
};

/** Completed by the report day: state completed, and no completion day or one not after it. */
export const doneBy = (t: TaskRow, asOf: string) => t.state === "completed" && (t.completedOn == null || t.completedOn <= asOf);

export function statusOf(t: TaskRow, asOf: string): Code {
  const done = doneBy(t, asOf);
  if (t.deadline == null) return done ? "done_no_deadline" : "no_deadline";
  if (done) return t.completedOn != null && t.completedOn > t.deadline ? "done_late" : "done_on_time";
  return t.deadline < asOf ? "open_overdue" : "open_on_time";
}

export const isDueSoon = (t: TaskRow, asOf: string) => !doneBy(t, asOf) && t.deadline != null && t.deadline >= asOf && t.deadline <= addDays(asOf, 3);
/** Open on the report day, with a progress report since 00:00 (Hanoi) 29 days before it. */
export const isUpdated = (t: TaskRow, asOf: string) =>
  !doneBy(t, asOf) && t.lastReportAt != null && t.lastReportAt.getTime() >= hanoiMidnight(addDays(asOf, -29)).getTime();

export function countsOf(tasks: TaskRow[], asOf: string): Counts {
  const c = { done_on_time: 0, done_late: 0, done_no_deadline: 0, open_on_time: 0, open_overdue: 0, no_deadline: 0, updated: 0, dueSoon: 0 } as Counts;
  for (const t of tasks) {
    c[statusOf(t, asOf)]++;
    if (isUpdated(t, asOf)) c.updated++;
    if (isDueSoon(t, asOf)) c.dueSoon++;
  }
  c.total = tasks.length;
  c.open = c.open_on_time + c.open_overdue + c.no_deadline;
  const judged = c.done_on_time + c.done_late + c.open_overdue;
  c.onTimeRate = judged ? c.done_on_time / judged : null;
  c.updateRate = c.open ? c.updated / c.open : null;
  return c;
}

// ── Units ──

export function childrenOf(units: UnitRow[], id: number | null): number[] {
  return units.filter((u) => (id == null ? u.parentId == null || u.parentId === u.id : u.parentId === id && u.id !== id)).map((u) => u.id);
}

/** The unit and all below it, cycle-safe. */
export function descendantsOf(units: UnitRow[], id: number): Set<number> {
  const out = new Set([id]);
  const queue = [id];
  while (queue.length) {
    const cur = queue.shift()!;
    for (const c of childrenOf(units, cur)) {
      if (!out.has(c)) {
        out.add(c);
        queue.push(c);
      }
    }
  }
  return out;
}

type Group = { unitId: number; includesSubunits: boolean; members: Set<number> };

/** The rows of the unit ranking, as the rules describe them. */
export function rankingGroups(units: UnitRow[], scope: Scope): Group[] {
  if (scope.kind === "unit") {
    return [
      { unitId: scope.unitId, includesSubunits: false, members: new Set([scope.unitId]) },
      ...childrenOf(units, scope.unitId).map((c) => ({ unitId: c, includesSubunits: true, members: descendantsOf(units, c) })),
    ];
  }
  const roots = childrenOf(units, null);
  if (roots.length === 1 && childrenOf(units, roots[0]).length > 0) {
    const root = roots[0];
    return [
      { unitId: root, includesSubunits: false, members: new Set([root]) },
      ...childrenOf(units, root).map((c) => ({ unitId: c, includesSubunits: true, members: descendantsOf(units, c) })),
    ];
  }
  return roots.map((r) => ({ unitId: r, includesSubunits: true, members: descendantsOf(units, r) }));
}

export function inScope(world: World, scope: Scope): (t: TaskRow) => boolean {
  if (scope.kind === "body") return (t) => t.bodyId === scope.bodyId;
  if (scope.kind === "directive") return (t) => t.directiveId === scope.directiveId;
  if (scope.kind === "unit") {
    const ids = scope.subunits ? descendantsOf(world.units, scope.unitId) : new Set([scope.unitId]);
    return (t) => ids.has(t.leadUnitId);
  }
  return () => true;
}

export const reportTasks = (world: World, scope: Scope, p: Period) =>
  world.tasks.filter((t) => t.assignedOn != null && t.assignedOn >= p.from && t.assignedOn <= p.to && t.state !== "cancelled").filter(inScope(world, scope));

export function monthsBetween(from: string, to: string) {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = Number(to.slice(0, 4)) * 12 + Number(to.slice(5, 7));
  while (y * 12 + m <= end) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m === 12 ? ((m = 1), y++) : m++;
  }
  return out;
}

const byId = <T extends { unitId: number }>(rows: T[]) => [...rows].sort((a, b) => a.unitId - b.unitId);

/** The report's numbers by the rules: totals, units, trend, overdue list, meetings. */
export function expectedReport(world: World, scope: Scope, p: Period, now = new Date()) {
  const tasks = reportTasks(world, scope, p);
  const unitName = new Map(world.units.map((u) => [u.id, u.name]));
  const groups = rankingGroups(world.units, scope);
  const covered = new Set(groups.flatMap((g) => [...g.members]));
  // A lead unit outside every ranked group (a unit caught in a parent cycle) is ranked on its own.
  for (const t of tasks) {
    if (!covered.has(t.leadUnitId)) {
      covered.add(t.leadUnitId);
      groups.push({ unitId: t.leadUnitId, includesSubunits: false, members: new Set([t.leadUnitId]) });
    }
  }
  // Each task in exactly one row: a row of a unit's own tasks takes its unit; otherwise the first row whose unit holds the lead unit.
  const groupOf = (leadUnitId: number) => groups.find((g) => !g.includesSubunits && g.unitId === leadUnitId) ?? groups.find((g) => g.includesSubunits && g.members.has(leadUnitId))!;
  const units = groups
    .map((g) => ({ unitId: g.unitId, name: unitName.get(g.unitId) ?? "(đơn vị đã xóa)", includesSubunits: g.includesSubunits, ...countsOf(tasks.filter((t) => groupOf(t.leadUnitId) === g), p.asOf) }))
    .filter((u) => u.total > 0);
  const trend = monthsBetween(p.from, p.to).map((month) => ({
    month,
    label: `${month.slice(5, 7)}/${month.slice(0, 4)}`,
    ...countsOf(
      tasks.filter((t) => t.assignedOn!.slice(0, 7) === month),
      p.asOf,
    ),
  }));
  const directiveLabel = new Map(world.directives.map((d) => [d.id, d.label]));
  const overdueAll = tasks
    .filter((t) => statusOf(t, p.asOf) === "open_overdue")
    .sort((a, b) => (a.deadline! < b.deadline! ? -1 : a.deadline! > b.deadline! ? 1 : a.id - b.id));
  const overdueRows = overdueAll.slice(0, 20).map((t) => ({
    id: t.id,
    content: t.content,
    deadline: t.deadline!,
    originalDeadline: t.originalDeadline,
    daysOverdue: dayDiff(t.deadline!, p.asOf),
    leadUnitName: unitName.get(t.leadUnitId) ?? "",
    directive: t.directiveId == null ? null : { id: t.directiveId, label: directiveLabel.get(t.directiveId) ?? "" },
  }));
  return {
    totals: countsOf(tasks, p.asOf),
    units: byId(units),
    trend,
    overdue: { total: overdueAll.length, rows: overdueRows },
    meetings: expectedMeetings(world, scope, p, now),
    tasks,
  };
}

export function expectedMeetings(world: World, scope: Scope, p: Period, now = new Date()) {
  const inPeriod = (d: Date | null) => d != null && hanoiDayOf(d) >= p.from && hanoiDayOf(d) <= p.to;
  let meetingIds: Set<number> | null = null;
  if (scope.kind === "directive") {
    const d = world.directives.find((x) => x.id === scope.directiveId);
    meetingIds = new Set(d?.sourceMeetingId ? [d.sourceMeetingId] : []);
  } else if (scope.kind === "unit") {
    const ids = scope.subunits ? descendantsOf(world.units, scope.unitId) : new Set([scope.unitId]);
    meetingIds = new Set(world.invitations.filter((i) => i.unitId != null && ids.has(i.unitId)).map((i) => i.meetingId));
  }
  const held = world.meetings.filter(
    (m) =>
      inPeriod(m.startsAt) &&
      ["convened", "in_progress", "ended"].includes(m.status) &&
      m.startsAt.getTime() <= now.getTime() &&
      (scope.kind !== "body" || m.bodyId === scope.bodyId) &&
      (meetingIds == null || meetingIds.has(m.id)),
  );
  const approved = held.filter((m) => world.minutes.some((mi) => mi.meetingId === m.id && mi.status === "approved" && inPeriod(mi.approvedAt)));
  return { held: held.length, minutesApproved: approved.length };
}

// ── What the service returns, shaped for comparison ──

type ServiceReport = {
  totals: object;
  units: ({ unitId: number } & object)[];
  trend: object[];
  overdue: { total: number; rows: object[] };
  meetings: object;
};

/** The service's report with units in id order (the rules say nothing about the ranking's order). */
export function comparable(r: ServiceReport) {
  return { totals: r.totals, units: byId(r.units), trend: r.trend, overdue: r.overdue, meetings: r.meetings };
}

export function withoutTasks<T extends { tasks: unknown }>(e: T): Omit<T, "tasks"> {
  const { tasks: _tasks, ...rest } = e;
  return rest;
}

// ── Seeded randomness ──

/** mulberry32: a tiny seeded PRNG, so a failing data set can be rebuilt. */
export function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

// ── Actors ──

export async function actor(db: Db, roles: Role[], unitId: number | null = null): Promise<CurrentUser> {
  const u = await createUser(db, { roles, unitId });
  return { id: u.id, username: u.username, fullName: u.fullName, title: null, unitId, unitName: null, roles, locale: "vi" };
}
