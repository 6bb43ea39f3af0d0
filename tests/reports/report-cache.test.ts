// The report cache: with the cache on (the default, REPORT_CACHE_MS unset) a
// repeated query is served from memory, and any task write through the models
// (static Model.update, instance .update, create, destroy) is seen by the next
// call because the model hooks invalidate the cache. A write that bypasses the
// models (raw SQL, another process) is seen once the TTL is over.
import { setTimeout as sleep } from "node:timers/promises";
import type { CurrentUser } from "../../app/lib/current-user";
import { reportQuerySchema } from "../../app/schemas/report";
import { dashboardReportFor, taskReportFor } from "../../app/services/reports.server";
import type { Db, Task } from "../../models";
import { createBody, createMeeting, createTask, createUnit } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { actor, comparable, expectedReport, hanoiAt, readWorld, withoutTasks } from "./report-fixtures";

const TODAY = "2026-06-15";
let db: Db;
let leader: CurrentUser;
let unitA: number;
let bodyId: number;
let open: Task;
let other: Task;

const QUERY = reportQuerySchema.parse({ year: "2026" });
const report = () => taskReportFor(leader, QUERY, TODAY);

/** The report equals the independent counts over what is in the database now. */
async function expectFresh(r: Awaited<ReturnType<typeof report>>) {
  expect(comparable(r)).toEqual(withoutTasks(expectedReport(await readWorld(db), { kind: "city" }, r.period)));
}

beforeAll(async () => {
  delete process.env.REPORT_CACHE_MS;
  db = await resetDatabase();
  const root = (await createUnit(db, { name: "UBND Thành phố" })).id;
  unitA = (await createUnit(db, { name: "Sở Văn hóa và Thể thao", parentId: root })).id;
  bodyId = (await createBody(db)).id;
  open = await createTask(db, { leadUnitId: unitA, assignedOn: "2026-03-01", deadline: "2026-06-30", state: "in_progress" });
  other = await createTask(db, { leadUnitId: root, assignedOn: "2026-02-01", deadline: "2026-05-31", state: "assigned" });
  leader = await actor(db, ["leader"]);
});
afterEach(() => {
  delete process.env.REPORT_CACHE_MS;
  delete process.env.REPORT_FRESH_WAIT_MS;
});
afterAll(() => closeDb());

test("the same query twice: served from the cache; another report day is another entry", async () => {
  const first = await report();
  expect(await report()).toBe(first);
  const later = await taskReportFor(leader, QUERY, "2026-07-15");
  expect(later).not.toBe(first);
  expect(later.period.asOf).toBe("2026-07-15");
  expect(later.totals.open_overdue).toBe(2);
  expect(first.totals.open_overdue).toBe(1);
});

test("static Model.update (a bulk update) is seen by the next call", async () => {
  const before = await report();
  expect(before.totals.open_on_time).toBe(1);
  await db.Task.update({ state: "completed", completedOn: "2026-06-10" }, { where: { id: open.id } });
  const after = await report();
  expect(after).not.toBe(before);
  expect(after.totals).toMatchObject({ open_on_time: 0, done_on_time: 1, total: 2 });
  await expectFresh(after);
});

test("instance .update is seen by the next call", async () => {
  await report();
  await open.reload();
  await open.update({ state: "in_progress", completedOn: null, deadline: "2026-06-01" }); // reopened, and its deadline is past
  const after = await report();
  expect(after.totals).toMatchObject({ open_overdue: 2, done_on_time: 0 });
  expect(after.overdue.rows.map((r) => r.id)).toEqual([other.id, open.id]);
  await expectFresh(after);
});

test("a progress report time set on the task counts as updated at once", async () => {
  await report();
  await other.update({ lastReportAt: hanoiAt(TODAY, 8) });
  const after = await report();
  expect(after.totals.updated).toBe(1);
  await expectFresh(after);
});

test("create and destroy are seen by the next call", async () => {
  const before = await report();
  const extra = await createTask(db, { leadUnitId: unitA, assignedOn: "2026-06-15", deadlineKind: "none", state: "assigned" });
  const withExtra = await report();
  expect(withExtra.totals.total).toBe(before.totals.total + 1);
  expect(withExtra.totals.no_deadline).toBe(before.totals.no_deadline + 1);
  await expectFresh(withExtra);
  await extra.destroy();
  const without = await report();
  expect(without.totals.total).toBe(before.totals.total);
  await expectFresh(without);
});

test("a meeting's status change is seen by the next call (meetings held)", async () => {
  const m = await createMeeting(db, { bodyId, startsAt: hanoiAt("2026-04-01", 9), status: "convened" });
  expect((await report()).meetings.held).toBe(1);
  await m.update({ status: "cancelled" });
  expect((await report()).meetings.held).toBe(0);
});

test("a write that bypasses the model hooks is seen after REPORT_CACHE_MS", async () => {
  process.env.REPORT_CACHE_MS = "400";
  const before = await report();
  const total = before.totals.total;
  await db.sequelize.query("UPDATE tasks SET state = 'cancelled' WHERE id = :id", { replacements: { id: other.id } });
  expect(await report()).toBe(before); // still the cached numbers
  await sleep(450);
  const after = await report();
  expect(after.totals.total).toBe(total - 1);
  await expectFresh(after);
});

test("REPORT_CACHE_MS=0 turns the cache off", async () => {
  process.env.REPORT_CACHE_MS = "0";
  const a = await report();
  const b = await report();
  expect(b).not.toBe(a);
  expect(b).toEqual(a);
});

test("the dashboard page: the current numbers after a write when they come within the wait, marked fresh", async () => {
  process.env.REPORT_FRESH_WAIT_MS = "60000";
  const before = await dashboardReportFor(leader, QUERY, TODAY);
  expect(before.fresh).toBe(true);
  await createTask(db, { leadUnitId: unitA, assignedOn: "2026-05-02", deadline: "2026-05-20", state: "assigned" });
  const after = await dashboardReportFor(leader, QUERY, TODAY);
  expect(after).toMatchObject({ fresh: true });
  expect(after.totals.total).toBe(before.totals.total + 1);
  expect(after.totals.open_overdue).toBe(before.totals.open_overdue + 1);
  await expectFresh(after);
});
