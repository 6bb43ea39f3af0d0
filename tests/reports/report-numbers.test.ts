// The report's numbers against independent counts over the same data: a
// seeded, randomized city (a 4-level unit tree under one root, 2 bodies, 3
// directives, 300 tasks with dates around a fixed report day, meetings and
// minutes), read back with findAll({ raw: true }) and counted by the rules in
// report-fixtures.ts. Every number of totals, units, trend, overdue list and
// meetings is compared, for many periods and scopes.
import type { CurrentUser } from "../../app/lib/current-user";
import { reportQuerySchema } from "../../app/schemas/report";
import { taskReportFor } from "../../app/services/reports.server";
import type { Db } from "../../models";
import { createBody, createDirective, createMeeting, createTask, createUnit } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import {
  actor,
  addDays,
  CODES,
  comparable,
  dayDiff,
  expectedReport,
  hanoiAt,
  hanoiMidnight,
  readWorld,
  rng,
  withoutTasks,
  type Scope,
  type World,
} from "./report-fixtures";

const TODAY = "2026-06-15";
const SEED = 20260615;

let db: Db;
let world: World;
let leader: CurrentUser;
let secretariat: CurrentUser;
const ids = {} as {
  root: number;
  noiVu: number;
  baDinh: number;
  baDinhWard: number;
  baDinhSubWard: number;
  leaf: number;
  b1: number;
  b2: number;
  d1: number;
  d2: number;
  d3: number;
};
const names = new Map<number, string>();
const directiveLabels = new Map<number, string>();

async function unit(name: string, parentId: number | null, kind: "department" | "district" | "ward" | "office" = "department") {
  const u = await createUnit(db, { name, parentId, kind });
  names.set(u.id, name);
  return u.id;
}

async function buildCity() {
  // Level 0: one root with children (UBND Thành phố); levels 1–3 below it.
  ids.root = await unit("UBND Thành phố Hà Nội", null, "office");
  ids.noiVu = await unit("Sở Nội vụ", ids.root);
  const taiChinh = await unit("Sở Tài chính", ids.root);
  ids.baDinh = await unit("Quận Ba Đình", ids.root, "district");
  const hoanKiem = await unit("Quận Hoàn Kiếm", ids.root, "district");
  const level2 = [
    await unit("Phòng Tổ chức biên chế", ids.noiVu),
    await unit("Phòng Công chức, viên chức", ids.noiVu),
    await unit("Phòng Ngân sách", taiChinh),
    await unit("Phòng Giá – Công sản", taiChinh),
    (ids.baDinhWard = await unit("Phường Điện Biên", ids.baDinh, "ward")),
    await unit("Phường Kim Mã", ids.baDinh, "ward"),
    await unit("Phường Ngọc Hà", ids.baDinh, "ward"),
    await unit("Phường Hàng Bạc", hoanKiem, "ward"),
    await unit("Phường Tràng Tiền", hoanKiem, "ward"),
  ];
  const level3 = [
    (ids.baDinhSubWard = await unit("Tổ dân phố số 1 Điện Biên", ids.baDinhWard, "ward")),
    await unit("Tổ dân phố số 2 Điện Biên", ids.baDinhWard, "ward"),
    await unit("Tổ dân phố số 5 Kim Mã", level2[5], "ward"),
    await unit("Bộ phận Một cửa Hàng Bạc", level2[7], "office"),
    (ids.leaf = await unit("Tổ thẩm định giá", level2[3])),
  ];
  const allUnits = [ids.root, ids.noiVu, taiChinh, ids.baDinh, hoanKiem, ...level2, ...level3];

  const b1 = await createBody(db, { name: "UBND Thành phố", kind: "state" });
  const b2 = await createBody(db, { name: "Ban Thường vụ Thành ủy", kind: "party" });
  ids.b1 = b1.id;
  ids.b2 = b2.id;

  // Meetings: Hanoi-day boundaries, statuses that count and that do not, minutes approved inside and outside periods.
  const meeting = async (bodyId: number, startsAt: Date, status: "draft" | "convened" | "in_progress" | "ended" | "postponed" | "cancelled", minutes?: { status: "draft" | "final" | "approved"; approvedAt?: Date }, unitIds: number[] = []) => {
    const m = await createMeeting(db, { bodyId, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000), status });
    if (minutes) await db.Minutes.create({ meetingId: m.id, status: minutes.status, approvedAt: minutes.approvedAt ?? null });
    for (const unitId of unitIds) await db.Invitation.create({ meetingId: m.id, unitId, role: "member" });
    return m.id;
  };
  const m1 = await meeting(ids.b1, hanoiAt("2026-03-10", 9), "convened", { status: "approved", approvedAt: hanoiAt("2026-03-20", 15) }, [ids.baDinh, ids.noiVu]);
  await meeting(ids.b1, hanoiAt("2026-01-01", 0, 30), "ended", { status: "approved", approvedAt: hanoiAt("2026-01-05", 10) }, [ids.baDinhSubWard]); // 2025-12-31 17:30 UTC, a 2026 day in Hanoi
  const m3 = await meeting(ids.b2, hanoiAt("2025-12-31", 23, 30), "ended", { status: "approved", approvedAt: hanoiAt("2026-01-02", 8) }, [hoanKiem]);
  await meeting(ids.b2, hanoiAt(TODAY, 8), "in_progress", undefined, [ids.baDinhWard]);
  await meeting(ids.b1, hanoiAt("2026-04-01", 9), "draft", undefined, [ids.baDinh]);
  await meeting(ids.b1, hanoiAt("2026-04-02", 9), "postponed", undefined, [ids.baDinh]);
  await meeting(ids.b2, hanoiAt("2026-04-03", 9), "cancelled", undefined, [ids.baDinh]);
  await meeting(ids.b1, hanoiAt("2026-05-20", 14), "ended", { status: "final" }, [ids.noiVu]);
  await meeting(ids.b2, hanoiAt("2026-02-10", 14), "ended", { status: "approved", approvedAt: hanoiAt("2026-02-25", 9) }, [taiChinh]);
  await meeting(ids.b1, hanoiAt("2025-11-10", 0, 0), "ended", { status: "approved", approvedAt: hanoiAt("2025-11-09", 23, 59) }, [ids.baDinhWard]); // approved the day before: not in a period starting on the 10th
  await meeting(ids.b2, hanoiAt("2025-08-15", 8), "ended", { status: "draft" }, [ids.leaf]);

  const d1 = await createDirective(db, { number: "24", symbol: "CT/TU", summary: "Tăng cường kỷ luật, kỷ cương hành chính", sourceMeetingId: m1 });
  const d2 = await createDirective(db, { kind: "QD", numberFormat: "state", number: "06", symbol: "QĐ-UBND", summary: "Kế hoạch cải cách hành chính năm 2026" });
  const d3 = await createDirective(db, { kind: "KL", number: "15", symbol: "KL/TU", summary: "Kết luận về công tác cán bộ", confidentiality: "secret", sourceMeetingId: m3 });
  ids.d1 = d1.id;
  ids.d2 = d2.id;
  ids.d3 = d3.id;
  directiveLabels.set(d1.id, `24-CT/TU – ${d1.summary}`);
  directiveLabels.set(d2.id, `06/QĐ-UBND – ${d2.summary}`);
  directiveLabels.set(d3.id, `15-KL/TU – ${d3.summary}`);

  // 300 tasks. Deadlines cluster around the report days of the queries below (deadline on the report day, a day before or after, due soon),
  // progress reports around each report day's 30-day window, completions on the deadline day, the day after, and after the report day.
  const r = rng(SEED);
  const reportDays = ["2026-06-15", "2025-12-31", "2026-05-31", "2026-02-20", "2026-03-31", "2025-09-30", "2026-06-30"];
  const first = "2025-01-01";
  const span = dayDiff(first, "2026-06-30");
  for (let i = 0; i < 300; i++) {
    const assignedOn = addDays(first, r.int(0, span));
    let deadline: string | null = null;
    if (!r.chance(0.15)) {
      if (r.chance(0.4)) {
        deadline = addDays(r.pick(reportDays), r.int(-4, 4));
        if (deadline < assignedOn) deadline = addDays(assignedOn, r.int(0, 60));
      } else deadline = addDays(assignedOn, r.int(0, 150));
    }
    const originalDeadline = deadline && r.chance(0.25) ? addDays(deadline, -r.int(1, 45)) : deadline; // extended
    const roll = r.next();
    const state = roll < 0.08 ? "cancelled" : roll < 0.5 ? "completed" : roll < 0.6 ? "reported" : roll < 0.8 ? "in_progress" : "assigned";
    let completedOn: string | null = null;
    if (state === "completed") {
      const c = r.next();
      if (c < 0.1) completedOn = null;
      else if (deadline && c < 0.35) completedOn = deadline;
      else if (deadline && c < 0.45) completedOn = addDays(deadline, 1);
      else completedOn = addDays(assignedOn, r.int(0, 200));
    } else if ((state === "reported" || state === "cancelled") && r.chance(0.3)) {
      completedOn = addDays(assignedOn, r.int(0, 100)); // a completion day without the completed state: still open
    }
    let lastReportAt: Date | null = null;
    const l = r.next();
    if (l < 0.2) {
      const since = hanoiMidnight(addDays(r.pick(reportDays), -29)).getTime();
      lastReportAt = new Date(since + r.pick([0, -1000, 1000, 0]));
    } else if (l < 0.65) {
      lastReportAt = new Date(hanoiMidnight(first).getTime() + r.int(0, (span + 1) * 86_400 - 1) * 1000);
    }
    await createTask(db, {
      leadUnitId: r.pick(allUnits),
      bodyId: r.pick([ids.b1, ids.b2, null]),
      directiveId: r.pick([ids.d1, ids.d2, ids.d3, null, null]),
      assignedOn,
      ...(deadline ? { deadline, originalDeadline } : { deadlineKind: "none" as const }),
      state,
      completedOn,
      lastReportAt,
    });
  }
}

beforeAll(async () => {
  db = await resetDatabase();
  await buildCity();
  leader = await actor(db, ["leader"]);
  secretariat = await actor(db, ["secretariat"], ids.noiVu);
  world = await readWorld(db);
});
afterAll(() => closeDb());

type Case = {
  name: string;
  input: () => Record<string, string>;
  scope: () => Scope;
  period: { kind: string; from: string; to: string; asOf: string; label: string };
  scopeLabel: () => string;
  as?: "secretariat";
};

const Y2026 = { kind: "year", from: "2026-01-01", to: "2026-12-31", asOf: TODAY, label: "Năm 2026" };
const city = () => ({ kind: "city" }) as const;
const unitLabel = (id: number, sub: boolean) => `Đơn vị: ${names.get(id)}${sub ? " (gồm các đơn vị trực thuộc)" : ""}`;

const cases: Case[] = [
  { name: "city, year 2026 (report day = today)", input: () => ({ period: "year", year: "2026" }), scope: city, period: Y2026, scopeLabel: () => "Toàn thành phố" },
  { name: "city, defaults (this year)", input: () => ({}), scope: city, period: Y2026, scopeLabel: () => "Toàn thành phố" },
  {
    name: "city, year 2025 in the past (report day = 31/12; completed later counts as open)",
    input: () => ({ period: "year", year: "2025" }),
    scope: city,
    period: { kind: "year", from: "2025-01-01", to: "2025-12-31", asOf: "2025-12-31", label: "Năm 2025" },
    scopeLabel: () => "Toàn thành phố",
  },
  { name: "city, quarter II/2026 (running)", input: () => ({ period: "quarter", year: "2026", quarter: "2" }), scope: city, period: { kind: "quarter", from: "2026-04-01", to: "2026-06-30", asOf: TODAY, label: "Quý II/2026" }, scopeLabel: () => "Toàn thành phố" },
  { name: "city, quarter I/2026 (over)", input: () => ({ period: "quarter", year: "2026", quarter: "1" }), scope: city, period: { kind: "quarter", from: "2026-01-01", to: "2026-03-31", asOf: "2026-03-31", label: "Quý I/2026" }, scopeLabel: () => "Toàn thành phố", as: "secretariat" },
  { name: "city, quarter III/2025", input: () => ({ period: "quarter", year: "2025", quarter: "3" }), scope: city, period: { kind: "quarter", from: "2025-07-01", to: "2025-09-30", asOf: "2025-09-30", label: "Quý III/2025" }, scopeLabel: () => "Toàn thành phố" },
  { name: "city, month 06/2026 (deadline today)", input: () => ({ period: "month", year: "2026", month: "6" }), scope: city, period: { kind: "month", from: "2026-06-01", to: "2026-06-30", asOf: TODAY, label: "Tháng 06/2026" }, scopeLabel: () => "Toàn thành phố" },
  { name: "city, month 05/2026", input: () => ({ period: "month", year: "2026", month: "5" }), scope: city, period: { kind: "month", from: "2026-05-01", to: "2026-05-31", asOf: "2026-05-31", label: "Tháng 05/2026" }, scopeLabel: () => "Toàn thành phố" },
  { name: "city, month 02/2026 (28 days)", input: () => ({ period: "month", year: "2026", month: "02" }), scope: city, period: { kind: "month", from: "2026-02-01", to: "2026-02-28", asOf: "2026-02-28", label: "Tháng 02/2026" }, scopeLabel: () => "Toàn thành phố" },
  {
    name: "city, custom range across the new year",
    input: () => ({ period: "custom", from: "2025-11-10", to: "2026-02-20" }),
    scope: city,
    period: { kind: "custom", from: "2025-11-10", to: "2026-02-20", asOf: "2026-02-20", label: "Từ ngày 10/11/2025 đến ngày 20/02/2026" },
    scopeLabel: () => "Toàn thành phố",
  },
  {
    name: "city, custom range ending after today",
    input: () => ({ period: "custom", from: "2026-05-20", to: "2026-08-31" }),
    scope: city,
    period: { kind: "custom", from: "2026-05-20", to: "2026-08-31", asOf: TODAY, label: "Từ ngày 20/05/2026 đến ngày 31/08/2026" },
    scopeLabel: () => "Toàn thành phố",
  },
  { name: "body UBND, year 2026", input: () => ({ scope: "body", bodyId: String(ids.b1), year: "2026" }), scope: () => ({ kind: "body", bodyId: ids.b1 }), period: Y2026, scopeLabel: () => "Cơ quan: UBND Thành phố" },
  {
    name: "body Ban Thường vụ, custom range",
    input: () => ({ scope: "body", bodyId: String(ids.b2), period: "custom", from: "2025-11-10", to: "2026-02-20" }),
    scope: () => ({ kind: "body", bodyId: ids.b2 }),
    period: { kind: "custom", from: "2025-11-10", to: "2026-02-20", asOf: "2026-02-20", label: "Từ ngày 10/11/2025 đến ngày 20/02/2026" },
    scopeLabel: () => "Cơ quan: Ban Thường vụ Thành ủy",
  },
  { name: "directive 24-CT/TU, year 2026", input: () => ({ scope: "directive", directiveId: String(ids.d1), year: "2026" }), scope: () => ({ kind: "directive", directiveId: ids.d1 }), period: Y2026, scopeLabel: () => `Văn bản: ${directiveLabels.get(ids.d1)}` },
  {
    name: "directive 06/QĐ-UBND, quarter II/2026, as the secretariat",
    input: () => ({ scope: "directive", directiveId: String(ids.d2), period: "quarter", year: "2026", quarter: "2" }),
    scope: () => ({ kind: "directive", directiveId: ids.d2 }),
    period: { kind: "quarter", from: "2026-04-01", to: "2026-06-30", asOf: TODAY, label: "Quý II/2026" },
    scopeLabel: () => `Văn bản: ${directiveLabels.get(ids.d2)}`,
    as: "secretariat",
  },
  {
    name: "confidential directive 15-KL/TU, year 2025, as a leader",
    input: () => ({ scope: "directive", directiveId: String(ids.d3), year: "2025" }),
    scope: () => ({ kind: "directive", directiveId: ids.d3 }),
    period: { kind: "year", from: "2025-01-01", to: "2025-12-31", asOf: "2025-12-31", label: "Năm 2025" },
    scopeLabel: () => `Văn bản: ${directiveLabels.get(ids.d3)}`,
  },
  { name: "unit Ba Đình alone, year 2026", input: () => ({ scope: "unit", unitId: String(ids.baDinh), year: "2026" }), scope: () => ({ kind: "unit", unitId: ids.baDinh, subunits: false }), period: Y2026, scopeLabel: () => unitLabel(ids.baDinh, false) },
  { name: "unit Ba Đình with sub-units, year 2026", input: () => ({ scope: "unit", unitId: String(ids.baDinh), subunits: "1", year: "2026" }), scope: () => ({ kind: "unit", unitId: ids.baDinh, subunits: true }), period: Y2026, scopeLabel: () => unitLabel(ids.baDinh, true) },
  {
    name: "unit Ba Đình with sub-units, year 2025",
    input: () => ({ scope: "unit", unitId: String(ids.baDinh), subunits: "true", year: "2025" }),
    scope: () => ({ kind: "unit", unitId: ids.baDinh, subunits: true }),
    period: { kind: "year", from: "2025-01-01", to: "2025-12-31", asOf: "2025-12-31", label: "Năm 2025" },
    scopeLabel: () => unitLabel(ids.baDinh, true),
  },
  {
    name: "ward (level 2) with its level-3 sub-units, custom range",
    input: () => ({ scope: "unit", unitId: String(ids.baDinhWard), subunits: "on", period: "custom", from: "2025-03-01", to: "2026-06-15" }),
    scope: () => ({ kind: "unit", unitId: ids.baDinhWard, subunits: true }),
    period: { kind: "custom", from: "2025-03-01", to: "2026-06-15", asOf: TODAY, label: "Từ ngày 01/03/2025 đến ngày 15/06/2026" },
    scopeLabel: () => unitLabel(ids.baDinhWard, true),
  },
  { name: "the root unit with sub-units (the whole tree), year 2026", input: () => ({ scope: "unit", unitId: String(ids.root), subunits: "1", year: "2026" }), scope: () => ({ kind: "unit", unitId: ids.root, subunits: true }), period: Y2026, scopeLabel: () => unitLabel(ids.root, true), as: "secretariat" },
  { name: "the root unit alone, year 2026", input: () => ({ scope: "unit", unitId: String(ids.root), year: "2026" }), scope: () => ({ kind: "unit", unitId: ids.root, subunits: false }), period: Y2026, scopeLabel: () => unitLabel(ids.root, false) },
  { name: "a leaf unit with sub-units, year 2025", input: () => ({ scope: "unit", unitId: String(ids.leaf), subunits: "1", year: "2025" }), scope: () => ({ kind: "unit", unitId: ids.leaf, subunits: true }), period: { kind: "year", from: "2025-01-01", to: "2025-12-31", asOf: "2025-12-31", label: "Năm 2025" }, scopeLabel: () => unitLabel(ids.leaf, true) },
];

describe("report numbers = independent counts over the same rows", () => {
  test.each(cases)("$name", async (c) => {
    const q = reportQuerySchema.parse(c.input());
    const report = await taskReportFor(c.as === "secretariat" ? secretariat : leader, q, TODAY);
    const expected = expectedReport(world, c.scope(), c.period);

    expect(report.period).toEqual(c.period);
    expect(report.scope).toBe(c.scopeLabel());
    const got = comparable(report);
    expect(got.totals).toEqual(expected.totals);
    expect(got.units).toEqual(expected.units);
    expect(got.trend).toEqual(expected.trend);
    expect(got.overdue).toEqual(expected.overdue);
    expect(got.meetings).toEqual(expected.meetings);
    expect(got).toEqual(withoutTasks(expected));

    // The parts add up to the whole.
    expect(report.units.reduce((n, u) => n + u.total, 0)).toBe(report.totals.total);
    expect(report.trend.reduce((n, p) => n + p.total, 0)).toBe(report.totals.total);
    for (const code of CODES) expect(report.units.reduce((n, u) => n + u[code], 0)).toBe(report.totals[code]);
    expect(report.totals.total).toBeGreaterThan(0);
  });
});

describe("the data set exercises what it is meant to", () => {
  test("city year 2026: every status word, due soon, updated, more than 20 overdue, all unit rows", () => {
    const e = expectedReport(world, { kind: "city" }, Y2026);
    for (const code of CODES) expect(e.totals[code]).toBeGreaterThan(0);
    expect(e.totals.dueSoon).toBeGreaterThan(0);
    expect(e.totals.updated).toBeGreaterThan(0);
    expect(e.totals.updated).toBeLessThan(e.totals.open);
    expect(e.overdue.total).toBeGreaterThan(20);
    expect(e.overdue.rows).toHaveLength(20);
    // The root's own row plus the four level-1 units.
    expect(e.units.map((u) => u.includesSubunits).sort()).toEqual([false, true, true, true, true]);
    // Deadline on the report day (open, within deadline), completed on the deadline day (on time), extended deadlines, tasks without deadline.
    expect(e.tasks.some((t) => t.deadline === TODAY && !(t.state === "completed" && (t.completedOn == null || t.completedOn <= TODAY)))).toBe(true);
    expect(e.tasks.some((t) => t.state === "completed" && t.completedOn != null && t.completedOn === t.deadline && t.completedOn <= TODAY)).toBe(true);
    expect(e.tasks.some((t) => t.deadline != null && t.originalDeadline != null && t.originalDeadline < TODAY && t.deadline >= TODAY && t.state !== "completed")).toBe(true);
    expect(e.tasks.some((t) => t.state === "completed" && t.completedOn != null && t.completedOn > TODAY)).toBe(true);
  });

  test("year 2025: tasks completed in 2026 are open on 31/12/2025; boundary progress reports on both sides of the window", () => {
    const asOf = "2025-12-31";
    const e = expectedReport(world, { kind: "city" }, { from: "2025-01-01", to: asOf, asOf });
    expect(e.tasks.filter((t) => t.state === "completed" && t.completedOn != null && t.completedOn > asOf).length).toBeGreaterThan(3);
    const since = hanoiMidnight(addDays(asOf, -29)).getTime();
    expect(world.tasks.some((t) => t.lastReportAt?.getTime() === since)).toBe(true);
    expect(world.tasks.some((t) => t.lastReportAt?.getTime() === since - 1000)).toBe(true);
  });

  test("meetings: held and approved both counted somewhere, and not everything counts", () => {
    const e = expectedReport(world, { kind: "city" }, Y2026);
    expect(e.meetings.held).toBeGreaterThan(e.meetings.minutesApproved);
    expect(e.meetings.minutesApproved).toBeGreaterThan(0);
    expect(world.meetings.length).toBeGreaterThan(e.meetings.held);
  });
});
