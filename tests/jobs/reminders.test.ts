// Deadline reminders and the unit digest, on the real database, with the
// day passed in (no fake timers): 2026-12-01 is a Tuesday.
import type { Db, Task, Unit, User } from "../../models";
import { computeTaskStatus } from "../../app/lib/task-status";
import { enqueueJob, runDueJobs } from "../../app/services/jobs.server";
import {
  DIGEST_JOB,
  REMINDER_JOB,
  SCAN_JOB,
  registerReminderJobs,
  reminderFor,
  runReminderScan,
  scheduleReminderScan,
  unitDigestCounts,
} from "../../app/services/reminders.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { cleanTasksAndJobs, drainRacing, morningOf, plusDays } from "./helpers";

const TODAY = "2026-12-01";
const NOW = morningOf(TODAY);

let db: Db;
let unit: Unit;
let otherUnit: Unit;
let staff1: User;
let staff2: User;
let inactive: User;
let assigner: User;

beforeAll(async () => {
  delete process.env.SMTP_URL; // why: no e-mail here; tests/jobs/mail.test.ts covers it
  db = await resetDatabase();
  registerReminderJobs();
  unit = await f.createUnit(db, { name: "Sở Thông tin và Truyền thông" });
  otherUnit = await f.createUnit(db, { name: "UBND quận Ba Đình" });
  staff1 = await f.createUser(db, { unitId: unit.id, fullName: "Nguyễn Văn Một" });
  staff2 = await f.createUser(db, { unitId: unit.id, fullName: "Trần Thị Hai" });
  inactive = await f.createUser(db, { unitId: unit.id, fullName: "Lê Văn Nghỉ", active: false });
  assigner = await f.createUser(db, { roles: ["secretariat"], fullName: "Phạm Thư Ký" });
});
beforeEach(() => cleanTasksAndJobs(db));
afterAll(() => closeDb());

const task = (over: Parameters<typeof f.createTask>[1] = {}) =>
  f.createTask(db, { leadUnitId: unit.id, ownerId: staff1.id, assignedById: assigner.id, state: "in_progress", ...over });

async function notificationsOf(t: Task) {
  const rows = await db.Notification.findAll({ where: { entityType: "task", entityId: t.id }, order: [["userId", "ASC"]] });
  return rows.map((n) => ({ userId: n.userId, kind: n.kind, title: n.title, body: n.body, url: n.url }));
}

describe("which reminder a task is due for", () => {
  const t = (deadline: string | null, state = "in_progress", completedOn: string | null = null) =>
    ({ id: 7, deadline, state, completedOn }) as Pick<Task, "id" | "deadline" | "state" | "completedOn">;
  test.each([
    [plusDays(TODAY, 4), null],
    [plusDays(TODAY, 3), "reminder:7:due_soon:2026-12-04"],
    [plusDays(TODAY, 1), "reminder:7:due_soon:2026-12-02"],
    [TODAY, "reminder:7:due_today:2026-12-01"],
    [plusDays(TODAY, -1), "reminder:7:overdue:2026-11-30:w0"],
    [plusDays(TODAY, -7), "reminder:7:overdue:2026-11-24:w0"],
    [plusDays(TODAY, -8), "reminder:7:overdue:2026-11-23:w1"],
    [plusDays(TODAY, -15), "reminder:7:overdue:2026-11-16:w2"],
  ])("deadline %s → %s", (deadline, key) => {
    expect(reminderFor(t(deadline), TODAY)?.key ?? null).toBe(key);
  });
  test("none for completed, cancelled or no-deadline tasks", () => {
    expect(reminderFor(t(TODAY, "completed", TODAY), TODAY)).toBeNull();
    expect(reminderFor(t(TODAY, "cancelled"), TODAY)).toBeNull();
    expect(reminderFor(t(TODAY, "in_progress", TODAY), TODAY)).toBeNull(); // completedOn set: computeTaskStatus says completed
    expect(reminderFor(t(null), TODAY)).toBeNull();
  });
});

describe("reminders", () => {
  test("3 days before, on the day and overdue: once per kind even when scans run twice and concurrently", async () => {
    const soon = await task({ content: "Triển khai phần mềm quản lý văn bản", deadline: plusDays(TODAY, 3) });
    const today = await task({ content: "Báo cáo kết quả chuyển đổi số quý IV", deadline: TODAY });
    const late = await task({ content: "Rà soát thủ tục hành chính", deadline: plusDays(TODAY, -1) });
    const later = await task({ deadline: plusDays(TODAY, 5) });

    // Two processes' scans at once, then a third, then two runners racing, then everything again.
    await Promise.all([runReminderScan({ today: TODAY, now: NOW }), runReminderScan({ today: TODAY, now: NOW })]);
    await runReminderScan({ today: TODAY, now: NOW });
    await drainRacing(NOW);
    await Promise.all([runReminderScan({ today: TODAY, now: NOW }), runReminderScan({ today: TODAY, now: NOW })]);
    await drainRacing(NOW);

    expect(await db.Job.count({ where: { kind: REMINDER_JOB } })).toBe(3);
    const everyone = [staff1.id, staff2.id, assigner.id].sort((a, b) => a - b);

    const s = await notificationsOf(soon);
    expect(s.map((n) => n.userId)).toEqual(everyone); // not the inactive colleague
    expect(s.every((n) => n.kind === "task.due_soon")).toBe(true);
    expect(s[0]).toMatchObject({
      title: "Sắp đến hạn – còn 3 ngày: Triển khai phần mềm quản lý văn bản",
      body: "Thời hạn: 04/12/2026. Đơn vị chủ trì: Sở Thông tin và Truyền thông.",
      url: `/tasks/${soon.id}`,
    });

    const t = await notificationsOf(today);
    expect(t.map((n) => n.userId)).toEqual(everyone);
    expect(t[0]).toMatchObject({ kind: "task.due_today", title: "Hạn hôm nay: Báo cáo kết quả chuyển đổi số quý IV", body: expect.stringContaining("01/12/2026 (hôm nay)") });

    const l = await notificationsOf(late);
    expect(l.map((n) => n.userId)).toEqual(everyone);
    expect(l[0]).toMatchObject({ kind: "task.overdue", title: "Quá hạn 1 ngày: Rà soát thủ tục hành chính", body: expect.stringContaining("30/11/2026") });

    expect(await notificationsOf(later)).toEqual([]);
    expect(await db.Notification.count({ where: { userId: inactive.id } })).toBe(0);
  });

  test("scan jobs of two processes racing on two runners: still once", async () => {
    const t = await task({ deadline: TODAY });
    await enqueueJob({ kind: SCAN_JOB, payload: { today: TODAY }, runAt: NOW, dedupeKey: "test:scan:process-1" });
    await enqueueJob({ kind: SCAN_JOB, payload: { today: TODAY }, runAt: NOW, dedupeKey: "test:scan:process-2" });
    await drainRacing(NOW);
    // The two, and today's own scan that each of them makes sure exists (once).
    expect(await db.Job.count({ where: { kind: SCAN_JOB, status: "done" } })).toBe(3);
    expect((await notificationsOf(t)).length).toBe(3);
    // Each scan also queued tomorrow's, once.
    const next = await db.Job.findAll({ where: { kind: SCAN_JOB, dedupeKey: `reminders:scan:${plusDays(TODAY, 1)}` } });
    expect(next).toHaveLength(1);
    expect(next[0].runAt.toISOString()).toBe("2026-12-02T00:00:00.000Z"); // 07:00 in Hanoi
  });

  test("no reminder for completed, cancelled or no-deadline tasks", async () => {
    const done = await task({ deadline: TODAY, state: "completed", completedOn: plusDays(TODAY, -1) });
    const cancelled = await task({ deadline: TODAY, state: "cancelled" });
    const noDeadline = await task({ deadlineKind: "none" });
    const doneLate = await task({ deadline: plusDays(TODAY, -3), state: "completed", completedOn: TODAY });
    await runReminderScan({ today: TODAY, now: NOW });
    await drainRacing(NOW);
    for (const t of [done, cancelled, noDeadline, doneLate]) expect(await notificationsOf(t)).toEqual([]);
    expect(await db.Job.count({ where: { kind: REMINDER_JOB } })).toBe(0);
  });

  test("overdue: once when it becomes overdue, again each 7 days", async () => {
    const t = await task({ content: "Xử lý kiến nghị cử tri", deadline: plusDays(TODAY, -1) });
    for (let day = 0; day < 15; day++) {
      const d = plusDays(TODAY, day);
      await runReminderScan({ today: d, now: morningOf(d) });
      await drainRacing(morningOf(d));
    }
    const titles = [...new Set((await notificationsOf(t)).map((n) => n.title))];
    expect(titles).toEqual(["Quá hạn 1 ngày: Xử lý kiến nghị cử tri", "Quá hạn 8 ngày: Xử lý kiến nghị cử tri", "Quá hạn 15 ngày: Xử lý kiến nghị cử tri"]);
    expect((await notificationsOf(t)).length).toBe(3 * 3);
  });

  test("a task finished or given a new deadline after the scan is not reminded of the old one", async () => {
    const finished = await task({ deadline: TODAY });
    const extended = await task({ deadline: TODAY });
    await runReminderScan({ today: TODAY, now: NOW });
    await finished.update({ state: "completed", completedOn: TODAY });
    await extended.update({ deadline: plusDays(TODAY, 3) });
    await drainRacing(NOW);
    expect(await notificationsOf(finished)).toEqual([]);
    expect(await notificationsOf(extended)).toEqual([]);
    // The new deadline has reminders of its own.
    await runReminderScan({ today: TODAY, now: NOW });
    await drainRacing(NOW);
    expect((await notificationsOf(extended)).map((n) => n.title)[0]).toMatch(/^Sắp đến hạn – còn 3 ngày/);
  });

  test("once the unit has reported completion, only the assigner is reminded", async () => {
    const t = await task({ deadline: TODAY, state: "reported", progress: 100 });
    await runReminderScan({ today: TODAY, now: NOW });
    await drainRacing(NOW);
    const n = await notificationsOf(t);
    expect(n.map((x) => x.userId)).toEqual([assigner.id]);
    expect(n[0].body).toMatch(/đang chờ nghiệm thu\.$/);
  });

  test("today's scan is queued once however many processes start", async () => {
    await Promise.all([scheduleReminderScan(NOW), scheduleReminderScan(NOW), scheduleReminderScan(new Date(NOW.getTime() + 60_000))]);
    const rows = await db.Job.findAll({ where: { kind: SCAN_JOB } });
    expect(rows).toHaveLength(1);
    expect(rows[0].dedupeKey).toBe(`reminders:scan:${TODAY}`);
    // Started before 07:00 Hanoi: waits for 07:00.
    await db.Job.destroy({ where: {} });
    await scheduleReminderScan(new Date("2026-12-01T22:30:00Z")); // 05:30 on 2 Dec in Hanoi
    expect((await db.Job.findOne({ where: { kind: SCAN_JOB } }))?.runAt.toISOString()).toBe("2026-12-02T00:00:00.000Z");
  });

  test("a scan for a day already past does nothing but queue today's", async () => {
    const t = await task({ deadline: TODAY });
    await enqueueJob({ kind: SCAN_JOB, payload: { today: plusDays(TODAY, -2) }, runAt: NOW, dedupeKey: "test:stale-scan" });
    await runDueJobsOnce();
    expect(await db.Job.count({ where: { kind: REMINDER_JOB } })).toBe(0);
    expect(await db.Job.count({ where: { kind: SCAN_JOB, dedupeKey: `reminders:scan:${TODAY}` } })).toBe(1);
    await drainRacing(NOW); // today's scan is due at NOW
    expect((await notificationsOf(t)).length).toBe(3);
  });
});

const runDueJobsOnce = () => runDueJobs({ workerId: "single", now: NOW, maxJobs: 1 });

describe("daily digest per unit", () => {
  test("one notification per active user of each unit with open tasks; counts match computeTaskStatus", async () => {
    const otherUser = await f.createUser(db, { unitId: otherUnit.id, fullName: "Đỗ Văn Phối Hợp" });
    const idleUnit = await f.createUnit(db, { name: "Sở Tư pháp" });
    await f.createUser(db, { unitId: idleUnit.id });
    const rows = [
      await task({ deadline: plusDays(TODAY, -10) }),
      await task({ deadline: plusDays(TODAY, -1), coordinatingUnitIds: [otherUnit.id] }),
      await task({ deadline: TODAY }),
      await task({ deadline: plusDays(TODAY, 2) }),
      await task({ deadline: plusDays(TODAY, 20) }),
      await task({ deadlineKind: "none" }),
      await task({ deadline: plusDays(TODAY, 1), state: "reported" }),
      await task({ deadline: TODAY, state: "completed", completedOn: TODAY }),
      await task({ deadline: TODAY, state: "cancelled" }),
      await f.createTask(db, { leadUnitId: idleUnit.id, deadline: TODAY, state: "completed", completedOn: TODAY }),
    ];
    await Promise.all([runReminderScan({ today: TODAY, now: NOW }), runReminderScan({ today: TODAY, now: NOW })]);
    await drainRacing(NOW);
    await runReminderScan({ today: TODAY, now: NOW });
    await drainRacing(NOW);

    // Expected, from the one status function, over the unit's tasks (lead or coordinating).
    const expected = (unitId: number) => {
      const mine = rows.filter((t) => t.leadUnitId === unitId || (unitId === otherUnit.id && t.id === rows[1].id));
      const open = mine.filter((t) => t.state !== "cancelled" && !computeTaskStatus(t, TODAY).completed);
      return {
        open: open.length,
        overdue: open.filter((t) => computeTaskStatus(t, TODAY).code === "open_overdue").length,
        dueSoon: open.filter((t) => computeTaskStatus(t, TODAY).dueSoon).length,
      };
    };
    expect(expected(unit.id)).toEqual({ open: 7, overdue: 2, dueSoon: 3 });
    expect(await unitDigestCounts(unit.id, TODAY)).toEqual(expected(unit.id));
    expect(await unitDigestCounts(otherUnit.id, TODAY)).toEqual({ open: 1, overdue: 1, dueSoon: 0 });

    const digests = await db.Notification.findAll({ where: { kind: "task.digest" }, order: [["userId", "ASC"]] });
    expect(digests.map((n) => n.userId)).toEqual([staff1.id, staff2.id, otherUser.id]);
    const mine = digests.find((n) => n.userId === staff1.id)!;
    expect(mine).toMatchObject({
      title: "Tổng hợp nhiệm vụ ngày 01/12/2026: 2 quá hạn, 3 sắp đến hạn",
      body: "Sở Thông tin và Truyền thông: 7 nhiệm vụ chưa hoàn thành, trong đó 2 nhiệm vụ quá hạn, 3 nhiệm vụ sắp đến hạn (trong 3 ngày tới).",
      url: "/tasks?scope=unit",
      entityType: "unit",
      entityId: unit.id,
    });
    expect(digests.find((n) => n.userId === otherUser.id)?.title).toBe("Tổng hợp nhiệm vụ ngày 01/12/2026: 1 quá hạn, 0 sắp đến hạn");
    expect(await db.Job.count({ where: { kind: DIGEST_JOB } })).toBe(2); // not for Sở Tư pháp: nothing open
  });

  test("no digest on Saturdays and Sundays; deadline reminders still go", async () => {
    const saturday = "2026-12-05";
    const t = await task({ deadline: saturday });
    await runReminderScan({ today: saturday, now: morningOf(saturday) });
    await drainRacing(morningOf(saturday));
    expect(await db.Job.count({ where: { kind: DIGEST_JOB } })).toBe(0);
    expect((await notificationsOf(t))[0]?.kind).toBe("task.due_today");
  });
});
