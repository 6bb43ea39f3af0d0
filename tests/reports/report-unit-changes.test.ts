// Units created or moved after a report was shown. The report cache is
// invalidated by hooks on db.Unit (app/lib/write-generations.server), so the next report is
// expected to see the new tree at once, in the same process.
//
// BUG: loadUnitTree() in app/services/task-sql.server.ts keeps the unit tree for
// 60 s (UNIT_TREE_TTL_MS) and forgetUnitTree() is never called by any code
// (not by the Unit hooks, not by units.server.ts). For up to a minute after a
// unit is created or moved, unit-scope reports with sub-units leave out its
// tasks, the ranking puts them under the old parent (or on their own), and a
// report for the new unit fails with NotFoundError "Không tìm thấy đơn vị.".
import type { CurrentUser } from "../../app/lib/current-user";
import { NotFoundError } from "../../app/lib/errors";
import { reportQuerySchema } from "../../app/schemas/report";
import { taskReportFor } from "../../app/services/reports.server";
import type { Db } from "../../models";
import { createTask, createUnit } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { actor } from "./report-fixtures";

const TODAY = "2026-06-15";
let db: Db;
let leader: CurrentUser;
let district: number;
let ward: number;
let other: number;

const report = (input: Record<string, string>) => taskReportFor(leader, reportQuerySchema.parse({ year: "2026", ...input }), TODAY);
const task = (leadUnitId: number) => createTask(db, { leadUnitId, assignedOn: "2026-05-01", deadline: "2026-06-01", state: "in_progress" });

beforeAll(async () => {
  delete process.env.REPORT_CACHE_MS; // the default cache, invalidated by the hooks
  db = await resetDatabase();
  const root = (await createUnit(db, { name: "UBND Thành phố" })).id;
  district = (await createUnit(db, { name: "Quận Hà Đông", parentId: root })).id;
  ward = (await createUnit(db, { name: "Phường Văn Quán", parentId: district })).id;
  other = (await createUnit(db, { name: "Quận Thanh Xuân", parentId: root })).id;
  await task(district);
  await task(ward);
  leader = await actor(db, ["leader"]);
  // The dashboard was opened once: the tree is now loaded.
  expect((await report({ scope: "unit", unitId: String(district), subunits: "1" })).totals.total).toBe(2);
});
afterAll(() => closeDb());

test("BUG: a ward created after the last report: its task is part of its district's report with sub-units", async () => {
  const newWard = (await createUnit(db, { name: "Phường Mộ Lao", parentId: district })).id;
  await task(newWard);
  const r = await report({ scope: "unit", unitId: String(district), subunits: "1" });
  expect(r.totals.total).toBe(3);
  expect(r.units.map((u) => [u.name, u.includesSubunits, u.total])).toHaveLength(3);
  expect(r.units.map((u) => [u.name, u.includesSubunits, u.total])).toEqual(
    expect.arrayContaining([
      ["Quận Hà Đông", false, 1],
      ["Phường Văn Quán", true, 1],
      ["Phường Mộ Lao", true, 1],
    ]),
  );
});

test("BUG: a unit created after the last report can be reported on", async () => {
  const newUnit = (await createUnit(db, { name: "Ban Quản lý dự án", parentId: other })).id;
  await task(newUnit);
  const r = await report({ scope: "unit", unitId: String(newUnit) }).catch((e: unknown) => e);
  expect(r).not.toBeInstanceOf(NotFoundError);
  expect(r).toMatchObject({ scope: "Đơn vị: Ban Quản lý dự án", totals: expect.objectContaining({ total: 1 }) });
});

test("BUG: a ward moved to another district is ranked under its new district", async () => {
  await db.Unit.update({ parentId: other }, { where: { id: ward } });
  const movedFrom = await report({ scope: "unit", unitId: String(district), subunits: "1" });
  expect(movedFrom.units.map((u) => u.name)).not.toContain("Phường Văn Quán");
  const movedTo = await report({ scope: "unit", unitId: String(other), subunits: "1" });
  expect(movedTo.units.map((u) => u.name)).toContain("Phường Văn Quán");
});
