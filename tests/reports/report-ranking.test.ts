// The unit ranking for different shapes of the unit tree: one root with
// children (its own tasks, then each child with its descendants), several
// roots, a lone root, a unit scope whose unit has no tasks of its own, a
// parent cycle and a unit that is its own parent. Units with no tasks are
// left out and the rows always add up to the report's total.
import type { CurrentUser } from "../../app/lib/current-user";
import { reportQuerySchema } from "../../app/schemas/report";
import { taskReportFor } from "../../app/services/reports.server";
import { forgetUnitTree } from "../../app/services/task-sql.server";
import type { Db } from "../../models";
import { createTask, createUnit } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { actor, comparable, expectedReport, readWorld, withoutTasks, type Scope } from "./report-fixtures";

const TODAY = "2026-06-15";
let db: Db;
let leader: CurrentUser;

beforeAll(() => {
  process.env.REPORT_CACHE_MS = "0";
});
beforeEach(async () => {
  db = await resetDatabase();
  // why: every test builds a different tree in a fresh database (ids start over); the service keeps the tree for 60 s per process.
  forgetUnitTree();
  leader = await actor(db, ["leader"]);
});
afterAll(async () => {
  delete process.env.REPORT_CACHE_MS;
  await closeDb();
});

const unit = async (name: string, parentId: number | null = null) => (await createUnit(db, { name, parentId })).id;
async function tasks(leadUnitId: number, n: number) {
  for (let i = 0; i < n; i++) await createTask(db, { leadUnitId, assignedOn: "2026-03-01", deadline: i % 2 ? "2026-03-31" : "2026-09-30", state: "in_progress" });
}

async function ranking(input: Record<string, string>, scope: Scope) {
  const r = await taskReportFor(leader, reportQuerySchema.parse({ year: "2026", ...input }), TODAY);
  expect(r.units.reduce((n, x) => n + x.total, 0)).toBe(r.totals.total);
  expect(comparable(r)).toEqual(withoutTasks(expectedReport(await readWorld(db), scope, r.period)));
  return [...r.units].sort((p, q) => p.unitId - q.unitId).map((x) => [x.name, x.includesSubunits, x.total]); // creation order (the rules give no order)
}

test("one root with children: the root's own tasks, then each child with all its levels; empty units left out", async () => {
  const root = await unit("UBND Thành phố");
  const a = await unit("Sở Giao thông vận tải", root);
  const aa = await unit("Phòng Quản lý vận tải", a);
  const aaa = await unit("Đội kiểm tra số 1", aa);
  const b = await unit("Quận Tây Hồ", root);
  await unit("Quận Long Biên", root); // no tasks
  await tasks(root, 1);
  await tasks(a, 1);
  await tasks(aa, 1);
  await tasks(aaa, 2);
  await tasks(b, 2);
  expect(await ranking({}, { kind: "city" })).toEqual([
    ["UBND Thành phố", false, 1],
    ["Sở Giao thông vận tải", true, 4],
    ["Quận Tây Hồ", true, 2],
  ]);
});

test("several roots: one row per root with everything below it", async () => {
  const ubnd = await unit("UBND Thành phố");
  const so = await unit("Sở Công Thương", ubnd);
  const tu = await unit("Thành ủy");
  const ban = await unit("Ban Tuyên giáo", tu);
  await unit("Hội đồng nhân dân"); // a root without tasks
  await tasks(so, 2);
  await tasks(ban, 1);
  await tasks(tu, 1);
  expect(await ranking({}, { kind: "city" })).toEqual([
    ["UBND Thành phố", true, 2],
    ["Thành ủy", true, 2],
  ]);
});

test("a single root without children: one row", async () => {
  const only = await unit("Văn phòng UBND");
  await tasks(only, 3);
  expect(await ranking({}, { kind: "city" })).toEqual([["Văn phòng UBND", true, 3]]);
});

test("unit scope: a unit with no tasks of its own shows only its children", async () => {
  const district = await unit("Quận Cầu Giấy");
  const w1 = await unit("Phường Dịch Vọng", district);
  const w2 = await unit("Phường Mai Dịch", district);
  const street = await unit("Tổ dân phố 7", w2);
  await tasks(w1, 1);
  await tasks(street, 2);
  expect(await ranking({ scope: "unit", unitId: String(district), subunits: "1" }, { kind: "unit", unitId: district, subunits: true })).toEqual([
    ["Phường Dịch Vọng", true, 1],
    ["Phường Mai Dịch", true, 2],
  ]);
  // Without sub-units nothing is left.
  const alone = await taskReportFor(leader, reportQuerySchema.parse({ year: "2026", scope: "unit", unitId: String(district) }), TODAY);
  expect(alone.totals.total).toBe(0);
  expect(alone.units).toEqual([]);
});

/** Old data may hold a parent cycle (units.server.ts refuses new ones): X → Y → X, beside a normal tree and a unit that is its own parent. */
async function cycleTree() {
  const root = await unit("UBND Thành phố");
  const child = await unit("Sở Tư pháp", root);
  const x = await unit("Đơn vị X");
  const y = await unit("Đơn vị Y", x);
  await db.Unit.update({ parentId: y }, { where: { id: x } }); // X → Y → X
  const self = await unit("Đơn vị tự tham chiếu");
  await db.Unit.update({ parentId: self }, { where: { id: self } });
  for (const id of [root, child, x, y, self]) await tasks(id, 1);
  return { x, y };
}

test("a parent cycle and a unit that is its own parent: every task counted once, the self-parented unit is a root", async () => {
  const { x } = await cycleTree();
  const r = await taskReportFor(leader, reportQuerySchema.parse({ year: "2026" }), TODAY);
  expect(r.totals.total).toBe(5);
  expect(r.units.reduce((n, u) => n + u.total, 0)).toBe(5);
  const rows = r.units.map((u) => [u.name, u.includesSubunits, u.total]);
  expect(rows).toEqual(expect.arrayContaining([["UBND Thành phố", true, 2], ["Đơn vị tự tham chiếu", true, 1]]));
  // The cycle as a unit scope: X's own task, and Y with what is below it (X again, already counted).
  expect(await ranking({ scope: "unit", unitId: String(x), subunits: "1" }, { kind: "unit", unitId: x, subunits: true })).toEqual([
    ["Đơn vị X", false, 1],
    ["Đơn vị Y", true, 1],
  ]);
});

// BUG (low, old data only): rollUp() in app/services/reports.server.ts gives a unit outside the ranked level a row of
// its own with includesSubunits: false, then ownerOf() lets the next cycle member walk up into that row (it is in
// rowsById and not in selfIds), so "Đơn vị X" (own tasks only) also counts Y's task and Y has no row. Which unit
// absorbs the other depends on the order of the grouped rows.
test("BUG: units in a parent cycle: a row marked 'own tasks only' holds another unit's task", async () => {
  await cycleTree();
  const rows = await ranking({}, { kind: "city" });
  expect(rows).toEqual([
    ["UBND Thành phố", true, 2],
    ["Đơn vị X", false, 1],
    ["Đơn vị Y", false, 1],
    ["Đơn vị tự tham chiếu", true, 1],
  ]);
});

// DEVIATION from the stated rule ("if there's exactly one root with children, the root's own tasks under its name plus
// one row per child, each child including its descendants"): rankingLevel() in app/services/reports.server.ts keeps
// descending while the current level has a single unit with children, so the only child becomes a row of its own
// tasks and its children are ranked instead (also beyond its own comment, "when the tree has a single root, its children").
test("DEVIATION: one root with a single child: that child is one row including its descendants", async () => {
  const root = await unit("UBND Thành phố");
  const only = await unit("Văn phòng UBND", root);
  const p1 = await unit("Phòng Tổng hợp", only);
  const p2 = await unit("Phòng Hành chính – Tổ chức", only);
  await tasks(root, 1);
  await tasks(only, 1);
  await tasks(p1, 1);
  await tasks(p2, 1);
  expect(await ranking({}, { kind: "city" })).toEqual([
    ["UBND Thành phố", false, 1],
    ["Văn phòng UBND", true, 3],
  ]);
});
