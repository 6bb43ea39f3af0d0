// Hand-made edge cases with the expected numbers written out by hand (and
// checked once more against the independent counts): deadline today,
// completed on the deadline day, extended deadlines, tasks without deadline,
// completed after the report day, due soon at +3/+4 days, the 30-day update
// window at Hanoi midnight, cancelled tasks, assignment on 31/12 vs 01/01,
// sub-units, two roots in the unit tree, meetings not yet started.
import type { CurrentUser } from "../../app/lib/current-user";
import { todayInHanoi } from "../../app/lib/dates";
import { reportQuerySchema } from "../../app/schemas/report";
import { taskReportFor } from "../../app/services/reports.server";
import type { Db } from "../../models";
import { createBody, createMeeting, createTask, createUnit, type CreateTaskProps } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { actor, addDays, comparable, expectedReport, hanoiAt, hanoiDayOf, hanoiMidnight, readWorld, withoutTasks } from "./report-fixtures";

const TODAY = "2026-06-15";

let db: Db;
let leader: CurrentUser;
const u = {} as Record<"r1" | "c1" | "g1" | "c2" | "r2", number>;
const t = {} as Record<string, number>;

async function task(key: string, leadUnitId: number, props: CreateTaskProps) {
  const row = await createTask(db, { leadUnitId, content: `Nhiệm vụ ${key}`, ...props });
  t[key] = row.id;
}
const noDeadline = { deadlineKind: "none" as const };

beforeAll(async () => {
  process.env.REPORT_CACHE_MS = "0";
  db = await resetDatabase();
  // Two roots: UBND (with two levels below it) and Văn phòng Thành ủy on its own.
  u.r1 = (await createUnit(db, { name: "UBND Thành phố", kind: "office" })).id;
  u.c1 = (await createUnit(db, { name: "Sở Xây dựng", parentId: u.r1 })).id;
  u.g1 = (await createUnit(db, { name: "Phòng Quản lý nhà", parentId: u.c1 })).id;
  u.c2 = (await createUnit(db, { name: "Sở Y tế", parentId: u.r1 })).id;
  u.r2 = (await createUnit(db, { name: "Văn phòng Thành ủy", kind: "office" })).id;

  const apr = "2026-04-10";
  const may = "2026-05-10";
  const jun = "2026-06-01";
  await task("T1 deadline today, open", u.c1, { assignedOn: apr, deadline: TODAY, state: "in_progress" });
  await task("T2 deadline yesterday, open", u.g1, { assignedOn: apr, deadline: "2026-06-14", state: "assigned" });
  await task("T3 completed on the deadline day", u.c2, { assignedOn: apr, deadline: "2026-06-10", state: "completed", completedOn: "2026-06-10" });
  await task("T4 completed the day after", u.c2, { assignedOn: apr, deadline: "2026-06-10", state: "completed", completedOn: "2026-06-11" });
  await task("T5 completed early", u.r1, { assignedOn: apr, deadline: "2026-06-10", state: "completed", completedOn: "2026-06-01" });
  await task("T6 completed, no completion day", u.r1, { assignedOn: "2026-02-01", deadline: "2026-03-31", state: "completed", completedOn: null });
  await task("T7 extended past the original, open", u.g1, { assignedOn: may, originalDeadline: "2026-05-01", deadline: "2026-07-01", state: "in_progress" });
  await task("T8 extended, completed after the original, before the new", u.g1, { assignedOn: may, originalDeadline: "2026-05-01", deadline: "2026-06-10", state: "completed", completedOn: "2026-06-05" });
  await task("T9 no deadline, open", u.r2, { assignedOn: may, ...noDeadline, state: "assigned" });
  await task("T10 no deadline, completed", u.r2, { assignedOn: may, ...noDeadline, state: "completed", completedOn: "2026-06-01" });
  await task("T11 no deadline, completed after the report day", u.c1, { assignedOn: may, ...noDeadline, state: "completed", completedOn: "2026-06-20" });
  await task("T12 completed after the report day, deadline passed", u.c1, { assignedOn: may, deadline: "2026-06-10", state: "completed", completedOn: "2026-06-20" });
  await task("T13 due in 3 days", u.c2, { assignedOn: may, deadline: "2026-06-18", state: "in_progress" });
  await task("T14 due in 4 days", u.c2, { assignedOn: may, deadline: "2026-06-19", state: "in_progress" });
  await task("T15 cancelled", u.c1, { assignedOn: may, deadline: "2026-01-10", state: "cancelled" });
  await task("T16 assigned 31/12/2025", u.c1, { assignedOn: "2025-12-31", deadline: "2026-01-10", state: "assigned" });
  await task("T17 assigned 01/01/2026, overdue", u.c1, { assignedOn: "2026-01-01", deadline: "2026-01-10", state: "assigned" });
  await task("T18 completion reported, not accepted", u.g1, { assignedOn: jun, deadline: "2026-06-05", state: "reported", completedOn: "2026-06-01" });
  await task("T19 progress at 00:00 Hanoi, 29 days before", u.r1, { assignedOn: jun, deadline: "2026-06-20", state: "in_progress", lastReportAt: hanoiMidnight("2026-05-17") });
  await task("T20 progress at 23:59:59 Hanoi, 30 days before", u.r1, { assignedOn: jun, deadline: "2026-06-20", state: "in_progress", lastReportAt: hanoiAt("2026-05-16", 23, 59, 59) });
  await task("T21 completed, progress today", u.r1, { assignedOn: jun, deadline: "2026-06-30", state: "completed", completedOn: "2026-06-12", lastReportAt: hanoiAt(TODAY, 9) });
  await task("T22 overdue, progress this month", u.r2, { assignedOn: "2026-01-15", deadline: "2026-02-01", state: "in_progress", lastReportAt: hanoiAt("2026-06-01", 10) });
  // 2025, seen on 31/12/2025.
  await task("P1 deadline 31/12, completed in January", u.c2, { assignedOn: "2025-11-01", deadline: "2025-12-31", state: "completed", completedOn: "2026-01-05" });
  await task("P2 deadline 20/12, completed in January", u.c2, { assignedOn: "2025-10-01", deadline: "2025-12-20", state: "completed", completedOn: "2026-01-02" });
  await task("P3 completed on the deadline 20/12", u.c2, { assignedOn: "2025-10-01", deadline: "2025-12-20", state: "completed", completedOn: "2025-12-20" });
  await task("P4 overdue, progress at 00:00 on 02/12", u.c2, { assignedOn: "2025-06-01", deadline: "2025-12-30", state: "reported", lastReportAt: hanoiMidnight("2025-12-02") });
  await task("P5 no deadline, completed in February", u.c2, { assignedOn: "2025-06-01", ...noDeadline, state: "completed", completedOn: "2026-02-01" });

  leader = await actor(db, ["leader"]);
});
afterAll(async () => {
  delete process.env.REPORT_CACHE_MS;
  await closeDb();
});

const report = (input: Record<string, string>, today = TODAY) => taskReportFor(leader, reportQuerySchema.parse(input), today);
const zero = { done_on_time: 0, done_late: 0, done_no_deadline: 0, open_on_time: 0, open_overdue: 0, no_deadline: 0, total: 0, open: 0, updated: 0, dueSoon: 0, onTimeRate: null, updateRate: null };

describe("year 2026, counted on 15/06/2026", () => {
  test("totals", async () => {
    const r = await report({ year: "2026" });
    expect(r.period.asOf).toBe(TODAY);
    expect(r.totals).toEqual({
      done_on_time: 5, // T3 (on the deadline day), T5, T6 (no completion day), T8 (extended), T21
      done_late: 1, // T4
      done_no_deadline: 1, // T10
      open_on_time: 6, // T1 (deadline today), T7 (extended), T13, T14, T19, T20
      open_overdue: 5, // T2, T12 (completed later), T17, T18 (not accepted), T22
      no_deadline: 2, // T9, T11 (completed later)
      total: 20, // not T15 (cancelled), T16 (2025), P1–P5
      open: 13,
      updated: 2, // T19, T22 — not T20 (one second early), not T21 (completed)
      dueSoon: 2, // T1, T13 — not T14
      onTimeRate: 5 / 11,
      updateRate: 2 / 13,
    });
  });

  test("units: two roots, each with all its sub-units", async () => {
    const r = await report({ year: "2026" });
    expect(r.units).toHaveLength(2);
    // T1–T8, T11–T14, T17–T21 are led by UBND or below it.
    expect(r.units.find((x) => x.unitId === u.r1)).toEqual({
      ...zero,
      unitId: u.r1,
      name: "UBND Thành phố",
      includesSubunits: true,
      done_on_time: 5,
      done_late: 1,
      open_on_time: 6,
      open_overdue: 4,
      no_deadline: 1,
      total: 17,
      open: 11,
      updated: 1,
      dueSoon: 2,
      onTimeRate: 0.5,
      updateRate: 1 / 11,
    });
    expect(r.units.find((x) => x.unitId === u.r2)).toEqual({
      ...zero,
      unitId: u.r2,
      name: "Văn phòng Thành ủy",
      includesSubunits: true,
      done_no_deadline: 1,
      open_overdue: 1,
      no_deadline: 1,
      total: 3,
      open: 2,
      updated: 1,
      onTimeRate: 0,
      updateRate: 0.5,
    });
  });

  test("overdue list: most days overdue first, days counted to the report day", async () => {
    const r = await report({ year: "2026" });
    expect(r.overdue.total).toBe(5);
    expect(r.overdue.rows.map((x) => [x.id, x.deadline, x.daysOverdue])).toEqual([
      [t["T17 assigned 01/01/2026, overdue"], "2026-01-10", 156],
      [t["T22 overdue, progress this month"], "2026-02-01", 134],
      [t["T18 completion reported, not accepted"], "2026-06-05", 10],
      [t["T12 completed after the report day, deadline passed"], "2026-06-10", 5],
      [t["T2 deadline yesterday, open"], "2026-06-14", 1],
    ]);
    expect(r.overdue.rows[0]).toMatchObject({ content: "Nhiệm vụ T17 assigned 01/01/2026, overdue", leadUnitName: "Sở Xây dựng", originalDeadline: "2026-01-10", directive: null });
  });

  test("trend: twelve months by assignment month", async () => {
    const r = await report({ year: "2026" });
    expect(r.trend.map((p) => p.month)).toEqual(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => `2026-${m}`));
    expect(r.trend.map((p) => p.label)).toEqual(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12"].map((m) => `${m}/2026`));
    expect(r.trend.map((p) => p.total)).toEqual([2, 1, 0, 5, 8, 4, 0, 0, 0, 0, 0, 0]);
    expect(r.trend[2]).toEqual({ ...zero, month: "2026-03", label: "03/2026" });
    // April: T1 open (today), T2 overdue, T3 on time, T4 late, T5 on time.
    expect(r.trend[3]).toMatchObject({ open_on_time: 1, open_overdue: 1, done_on_time: 2, done_late: 1, dueSoon: 1, onTimeRate: 0.5 });
  });

  test("a unit with its sub-units: its own tasks, then each child with its descendants", async () => {
    const r = await report({ year: "2026", scope: "unit", unitId: String(u.c1), subunits: "1" });
    expect(r.totals.total).toBe(8);
    expect(r.units.map((x) => [x.unitId, x.includesSubunits, x.total, x.open_overdue])).toEqual([
      [u.c1, false, 4, 2], // T1, T11, T12, T17
      [u.g1, true, 4, 2], // T2, T7, T8, T18
    ]);
    const alone = await report({ year: "2026", scope: "unit", unitId: String(u.c1) });
    expect(alone.totals).toMatchObject({ total: 4, open_on_time: 1, no_deadline: 1, open_overdue: 2 });
    expect(alone.units.map((x) => [x.unitId, x.includesSubunits, x.total])).toEqual([[u.c1, false, 4]]);
  });

  test("the independent counts agree for city, units and months", async () => {
    const world = await readWorld(db);
    for (const [input, scope] of [
      [{ year: "2026" }, { kind: "city" }],
      [{ year: "2026", scope: "unit", unitId: String(u.c1), subunits: "1" }, { kind: "unit", unitId: u.c1, subunits: true }],
      [{ year: "2026", scope: "unit", unitId: String(u.r1), subunits: "1" }, { kind: "unit", unitId: u.r1, subunits: true }],
      [{ period: "month", year: "2026", month: "6" }, { kind: "city" }],
    ] as const) {
      const r = await report(input);
      expect(comparable(r)).toEqual(withoutTasks(expectedReport(world, scope, r.period)));
    }
  });
});

describe("year 2025, a period in the past: counted on 31/12/2025", () => {
  test("tasks completed in 2026 were open on the report day", async () => {
    const r = await report({ year: "2025" });
    expect(r.period).toMatchObject({ from: "2025-01-01", to: "2025-12-31", asOf: "2025-12-31" });
    expect(r.totals).toEqual({
      ...zero,
      done_on_time: 1, // P3
      open_on_time: 2, // P1 (deadline = report day), T16
      open_overdue: 2, // P2, P4
      no_deadline: 1, // P5
      total: 6,
      open: 5,
      updated: 1, // P4, at 00:00 Hanoi 29 days before
      dueSoon: 1, // P1
      onTimeRate: 1 / 3,
      updateRate: 1 / 5,
    });
    expect(r.overdue.rows.map((x) => [x.id, x.daysOverdue])).toEqual([
      [t["P2 deadline 20/12, completed in January"], 11],
      [t["P4 overdue, progress at 00:00 on 02/12"], 1],
    ]);
    expect(r.units.map((x) => [x.unitId, x.total])).toEqual([[u.r1, 6]]);
  });

  test("the same tasks counted in a range that reaches into 2026 are completed", async () => {
    const r = await report({ period: "custom", from: "2025-10-01", to: "2026-01-31" });
    expect(r.period.asOf).toBe("2026-01-31");
    // P1 late (05/01 > 31/12), P2 late, P3 on time, T16 and T17 overdue (10/01), T22 within deadline (01/02, due soon); P4 and P5 were assigned in June 2025.
    expect(r.totals).toMatchObject({ total: 6, done_late: 2, done_on_time: 1, open_overdue: 2, open_on_time: 1, dueSoon: 1, no_deadline: 0 });
    expect(r.trend.map((p) => [p.month, p.total])).toEqual([
      ["2025-10", 2],
      ["2025-11", 1],
      ["2025-12", 1],
      ["2026-01", 2],
    ]);
  });
});

describe("meetings held: already started, Hanoi days", () => {
  test("a convened meeting that has not started yet is not held; approval counted in the period", async () => {
    const body = await createBody(db);
    const now = new Date();
    const today = todayInHanoi(now);
    const started = await createMeeting(db, { bodyId: body.id, startsAt: new Date(now.getTime() - 3600_000), status: "convened" });
    await db.Minutes.create({ meetingId: started.id, status: "approved", approvedAt: new Date(now.getTime() - 60_000) });
    await createMeeting(db, { bodyId: body.id, startsAt: new Date(now.getTime() + 2 * 3600_000), status: "convened" });
    await createMeeting(db, { bodyId: body.id, startsAt: new Date(now.getTime() - 2 * 3600_000), status: "draft" });
    const input = { scope: "body", bodyId: String(body.id), period: "custom", from: addDays(today, -1), to: addDays(today, 5) };
    const r = await report(input, today);
    expect(r.meetings).toEqual({ held: 1, minutesApproved: 1 });
    expect(r.meetings).toEqual(expectedReport(await readWorld(db), { kind: "body", bodyId: body.id }, r.period, now).meetings);
    // Midnight in Hanoi is the day boundary, not midnight UTC.
    const edge = await createBody(db);
    await createMeeting(db, { bodyId: edge.id, startsAt: hanoiAt("2026-03-01", 0, 0), status: "ended" }); // 28/02 17:00 UTC
    await createMeeting(db, { bodyId: edge.id, startsAt: hanoiAt("2026-02-28", 23, 59), status: "ended" });
    expect(hanoiDayOf(hanoiAt("2026-03-01", 0, 0))).toBe("2026-03-01");
    const march = await report({ scope: "body", bodyId: String(edge.id), period: "month", year: "2026", month: "3" });
    const feb = await report({ scope: "body", bodyId: String(edge.id), period: "month", year: "2026", month: "2" });
    expect([march.meetings.held, feb.meetings.held]).toEqual([1, 1]);
  });
});
