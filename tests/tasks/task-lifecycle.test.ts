// The life of a task through the services, against the real database:
// completion dates and lateness, extensions, returns, recurring reports,
// parent roll-up, optimistic locking, history, notifications and counters.
import type { CurrentUser } from "../../app/lib/current-user";
import { ConflictError, ValidationError } from "../../app/lib/errors";
import { getTaskFor, taskCountersFor } from "../../app/services/task-queries.server";
import { acceptCompletion, createTasks, decideExtension, reportCompletion, reportProgress, requestExtension, returnCompletion, updateTask } from "../../app/services/tasks.server";
import type { Task } from "../../models";
import { createDirective, createTask, createUnit, createUser } from "../factories";
import { closeDb } from "../helpers/db";
import { actorFor, hanoiDay, hanoiInstant, hanoiYmdOf, rejection, seedDemo, vnDate, type Demo } from "../meetings/helpers";
import { NO_SOURCE, taskCounts, taskRow } from "./helpers";

let demo: Demo;
let u: Demo["users"];
let n = 0;
beforeAll(async () => {
  demo = await seedDemo();
  u = demo.users;
});
afterAll(() => closeDb());

/** One task assigned by vanphong to STTTT through the service (audit, notifications and all). */
async function assign(over: Parameters<typeof taskRow>[1] = {}, source = NO_SOURCE, actor: CurrentUser = u.vanphong) {
  const [t] = await createTasks({ actor, source, rows: [taskRow(demo.units.stttt.id, { content: `Nhiệm vụ vòng đời số ${++n}`, ...over })] });
  return t;
}
const reload = async (t: Task) => (await t.reload(), t);
const version = async (id: number) => (await demo.db.Task.findByPk(id))!.version;

/** A report written "earlier": its createdAt moved back, as if the acceptance came days later. */
async function backdateReport(reportId: number, instant: Date) {
  await demo.db.TaskReport.update({ createdAt: instant }, { where: { id: reportId }, silent: true });
  expect((await demo.db.TaskReport.findByPk(reportId))!.createdAt.toISOString()).toBe(instant.toISOString());
}

/** Adds months to "yyyy-MM-dd", clamping to the end of a shorter month (31/01 + 1 month = 28/02). */
function plusMonths(ymd: string, months: number) {
  const [y, m, d] = ymd.split("-").map(Number);
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last))).toISOString().slice(0, 10);
}
const monthLabel = (ymd: string) => `Tháng ${ymd.slice(5, 7)}/${ymd.slice(0, 4)}`;

describe("completion is dated on the accepted report", () => {
  test("accepted days later, the task is completed on the Hanoi date of the report, not of the acceptance", async () => {
    const t = await assign();
    const report = await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Đã ban hành danh mục thủ tục", version: t.version });
    // 23:30 UTC is 06:30 the next morning in Hanoi: the Hanoi date counts.
    const reportedAt = new Date(`${hanoiDay(-4)}T23:30:00Z`);
    await backdateReport(report.id, reportedAt);
    await acceptCompletion({ actor: u.vanphong, taskId: t.id, version: await version(t.id) });
    const page = await getTaskFor(u.chuyenvien, t.id);
    expect(hanoiYmdOf(reportedAt)).toBe(hanoiDay(-3));
    expect(page.completedOn).toBe(hanoiDay(-3));
    expect(page.state).toBe("completed");
    expect(page.result).toBe("Đã ban hành danh mục thủ tục");
    expect(page.status.code).toBe("done_on_time");
    const note = await demo.db.Notification.findOne({ where: { entityType: "task", entityId: t.id, kind: "task.accepted", userId: u.chuyenvien.id } });
    expect(note?.body).toBe(`Ghi nhận hoàn thành ngày ${vnDate(hanoiDay(-3))}.`);
  });

  test("done late vs done on time, against the (overdue) deadline", async () => {
    const overdue = () => createTask(demo.db, { content: `Nhiệm vụ quá hạn số ${++n}`, leadUnitId: demo.units.stttt.id, assignedById: u.vanphong.id, deadline: hanoiDay(-5) });
    // Reported today: five days late.
    const late = await overdue();
    expect((await getTaskFor(u.vanphong, late.id)).status).toMatchObject({ code: "open_overdue", daysOverdue: 5 });
    await reportCompletion({ actor: u.chuyenvien, taskId: late.id, result: "Hoàn thành muộn do chờ số liệu", version: late.version });
    await acceptCompletion({ actor: u.vanphong, taskId: late.id, version: await version(late.id) });
    expect((await getTaskFor(u.vanphong, late.id)).status).toMatchObject({ code: "done_late", daysOverdue: 5, completed: true });

    // Reported the day before the deadline, accepted only now: on time.
    const early = await overdue();
    const r1 = await reportCompletion({ actor: u.chuyenvien, taskId: early.id, result: "Hoàn thành trước hạn một ngày", version: early.version });
    await backdateReport(r1.id, hanoiInstant(hanoiDay(-6), "16:00"));
    await acceptCompletion({ actor: u.vanphong, taskId: early.id, version: await version(early.id) });
    expect((await getTaskFor(u.vanphong, early.id)).status).toMatchObject({ code: "done_on_time", daysOverdue: 0 });

    // Reported on the deadline itself, late in the evening: still on time.
    const onDay = await overdue();
    const r2 = await reportCompletion({ actor: u.chuyenvien, taskId: onDay.id, result: "Hoàn thành đúng ngày hết hạn", version: onDay.version });
    await backdateReport(r2.id, hanoiInstant(hanoiDay(-5), "23:45"));
    await acceptCompletion({ actor: u.vanphong, taskId: onDay.id, version: await version(onDay.id) });
    expect((await getTaskFor(u.vanphong, onDay.id))).toMatchObject({ completedOn: hanoiDay(-5), status: { code: "done_on_time" } });
  });
});

describe("extensions", () => {
  test("approved: the deadline moves, the original deadline stays, also after a second extension", async () => {
    const t = await assign({ deadline: hanoiDay(10) });
    const r1 = await requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    expect(r1.previousDeadline).toBe(hanoiDay(10));
    await decideExtension({ actor: u.vanphong, taskId: t.id, requestId: r1.id, decision: "approve", note: "Đồng ý", version: await version(t.id) });
    await reload(t);
    expect([t.deadline, t.originalDeadline]).toEqual([hanoiDay(20), hanoiDay(10)]);
    const r2 = await requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(30), reason: "Phát sinh nội dung mới cần rà soát" });
    expect(r2.previousDeadline).toBe(hanoiDay(20));
    await decideExtension({ actor: u.chutich, taskId: t.id, requestId: r2.id, decision: "approve", version: await version(t.id) });
    const page = await getTaskFor(u.vanphong, t.id);
    expect([page.deadline, page.originalDeadline]).toEqual([hanoiDay(30), hanoiDay(10)]);
    expect(page.extensions.map((e) => [e.status, e.requestedDeadline, e.decidedBy])).toEqual([
      ["approved", hanoiDay(30), "Nguyễn Văn Minh"],
      ["approved", hanoiDay(20), "Trần Thu Hà"],
    ]);
    // Lateness is judged against the extended deadline.
    expect(page.status.code).toBe("open_on_time");
  });

  test("refused: the deadline stays; a decided request cannot be decided again", async () => {
    const t = await assign({ deadline: hanoiDay(10) });
    const r = await requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    await decideExtension({ actor: u.vanphong, taskId: t.id, requestId: r.id, decision: "refuse", note: "Cần hoàn thành đúng hạn", version: await version(t.id) });
    await reload(t);
    expect([t.deadline, t.originalDeadline]).toEqual([hanoiDay(10), hanoiDay(10)]);
    const row = (await demo.db.ExtensionRequest.findByPk(r.id))!;
    expect([row.status, row.decidedById, row.decisionNote]).toEqual(["refused", u.vanphong.id, "Cần hoàn thành đúng hạn"]);
    const again = await rejection(decideExtension({ actor: u.chutich, taskId: t.id, requestId: r.id, decision: "approve", version: t.version }));
    expect(again).toBeInstanceOf(ConflictError);
    expect(again.message).toBe("Đề nghị gia hạn này đã được xử lý.");
    expect((await reload(t)).deadline).toBe(hanoiDay(10));
  });

  test("a second request while one waits is refused; nothing written", async () => {
    const t = await assign({ deadline: hanoiDay(10) });
    await requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    const before = await taskCounts(demo.db);
    const e = await rejection(requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(25), reason: "Xin thêm thời gian lần nữa" }));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toBe("Đã có một đề nghị gia hạn đang chờ duyệt.");
    expect(await taskCounts(demo.db)).toEqual(before);
    // Tasks without a date cannot be extended.
    const none = await assign({ deadlineKind: "none", deadline: undefined });
    await expect(requestExtension({ actor: u.chuyenvien, taskId: none.id, requestedDeadline: hanoiDay(25), reason: "Xin gia hạn nhiệm vụ không thời hạn" })).rejects.toThrow("Chỉ nhiệm vụ có thời hạn mới xin gia hạn.");
  });

  // Regression (was a bug in app/services/tasks.server.ts:645, decideExtension): approval sets `deadline: request.requestedDeadline` without
  // checking it is still after the current deadline; after an edit moved the deadline later, "approving the extension" shortens it.
  test("approving an extension never moves the deadline earlier (the deadline was edited later meanwhile)", async () => {
    const t = await assign({ deadline: hanoiDay(10) });
    const r = await requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    await updateTask({ actor: u.vanphong, taskId: t.id, version: await version(t.id), input: taskRow(demo.units.stttt.id, { content: t.content, deadline: hanoiDay(30) }) });
    await decideExtension({ actor: u.chutich, taskId: t.id, requestId: r.id, decision: "approve", version: await version(t.id) }).catch(() => {});
    expect((await reload(t)).deadline).toBe(hanoiDay(30));
  });
});

describe("completion reports", () => {
  test("returned: back in progress with the reason; a new completion report is then accepted", async () => {
    const t = await assign();
    await reportProgress({ actor: u.chuyenvien, taskId: t.id, progress: 60, note: "Đã rà soát 60% thủ tục" });
    await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Đã hoàn thành rà soát", version: await version(t.id) });
    await returnCompletion({ actor: u.vanphong, taskId: t.id, note: "Thiếu báo cáo của các quận, huyện", version: await version(t.id) });
    let page = await getTaskFor(u.chuyenvien, t.id);
    expect([page.state, page.progress, page.result, page.pendingCompletion]).toEqual(["in_progress", 60, null, null]);
    expect(page.reports[0]).toMatchObject({ kind: "returned", note: "Thiếu báo cáo của các quận, huyện", author: "Trần Thu Hà" });
    expect(page.viewer.canReportCompletion).toBe(true);
    expect(page.history[0]).toMatchObject({ action: "Trả lại báo cáo hoàn thành", note: "Thiếu báo cáo của các quận, huyện" });

    await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Đã bổ sung báo cáo của 30 quận, huyện", version: page.version });
    page = await getTaskFor(u.vanphong, t.id);
    expect(page.pendingCompletion?.author).toBe("Phạm Quang Huy");
    await acceptCompletion({ actor: u.vanphong, taskId: t.id, version: page.version });
    page = await getTaskFor(u.vanphong, t.id);
    expect([page.state, page.progress, page.completedOn, page.result]).toEqual(["completed", 100, hanoiDay(0), "Đã bổ sung báo cáo của 30 quận, huyện"]);
    expect(page.reports.map((r) => r.kind)).toEqual(["accepted", "completion", "returned", "completion", "progress"]);
  });

  test("a second completion report while one waits is refused, and nothing is reported on a completed task", async () => {
    const t = await assign();
    await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Đã hoàn thành rà soát", version: t.version });
    const before = await taskCounts(demo.db);
    const twice = await rejection(reportCompletion({ actor: u.gdtttt, taskId: t.id, result: "Báo cáo hoàn thành lần hai", version: await version(t.id) }));
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice.message).toBe("Nhiệm vụ đang chờ nghiệm thu báo cáo hoàn thành trước đó.");
    expect(await taskCounts(demo.db)).toEqual(before);

    await acceptCompletion({ actor: u.vanphong, taskId: t.id, version: await version(t.id) });
    await expect(reportProgress({ actor: u.chuyenvien, taskId: t.id, progress: 50, note: "Báo cáo sau nghiệm thu" })).rejects.toThrow("Nhiệm vụ đã được nghiệm thu hoàn thành.");
    await expect(reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Báo cáo sau nghiệm thu", version: await version(t.id) })).rejects.toBeInstanceOf(ConflictError);
    await expect(acceptCompletion({ actor: u.vanphong, taskId: t.id, version: await version(t.id) })).rejects.toThrow("Nhiệm vụ không có báo cáo hoàn thành đang chờ nghiệm thu.");
  });
});

describe("recurring reports", () => {
  test("monthly: the first period is labelled Tháng MM/YYYY; accepting closes it and opens the next, one month later", async () => {
    const first = hanoiDay(5);
    const t = await assign({ deadlineKind: "recurring", recurrence: "monthly", deadline: first, content: "Báo cáo tình hình chuyển đổi số hằng tháng" });
    let page = await getTaskFor(u.chuyenvien, t.id);
    expect(page.occurrences).toEqual([expect.objectContaining({ periodLabel: monthLabel(first), deadline: first, state: "open", completedOn: null })]);
    expect(page.recurrenceLabel).toBe("Hằng tháng");

    await reportProgress({ actor: u.chuyenvien, taskId: t.id, progress: 50, note: "Đã tổng hợp số liệu của 15 sở" });
    const report = await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: `Báo cáo ${monthLabel(first).toLowerCase()}`, version: await version(t.id) });
    expect(report.occurrenceId).toBe(page.occurrences[0].id);
    expect((await demo.db.TaskOccurrence.findByPk(page.occurrences[0].id))!.state).toBe("reported");
    await acceptCompletion({ actor: u.vanphong, taskId: t.id, version: await version(t.id) });

    const next = plusMonths(first, 1);
    page = await getTaskFor(u.chuyenvien, t.id);
    expect(page.occurrences.map((o) => [o.periodLabel, o.deadline, o.state, o.completedOn])).toEqual([
      [monthLabel(next), next, "open", null],
      [monthLabel(first), first, "completed", hanoiDay(0)],
    ]);
    expect(page.occurrences[1].status.code).toBe("done_on_time");
    // The task itself stays open for the next period, its progress back to 0.
    expect([page.state, page.deadline, page.progress, page.completedOn]).toEqual(["in_progress", next, 0, null]);
    expect(page.viewer.canReportCompletion).toBe(true);
    const accepted = await demo.db.Notification.findOne({ where: { entityType: "task", entityId: t.id, kind: "task.accepted", userId: u.chuyenvien.id } });
    expect(accepted?.body).toBe(`Kỳ ${monthLabel(first)} được ghi nhận hoàn thành ngày ${vnDate(hanoiDay(0))}.`);

    // Reports now belong to the new period.
    const p2 = await reportProgress({ actor: u.chuyenvien, taskId: t.id, progress: 20, note: "Bắt đầu tổng hợp kỳ mới" });
    expect(p2.occurrenceId).toBe(page.occurrences[0].id);
  });

  test("the next period of a 31st clamps to the end of a shorter month (nextRecurringDeadline)", async () => {
    const { nextRecurringDeadline, periodLabel } = await import("../../app/services/tasks.server");
    expect(nextRecurringDeadline("monthly", "2027-01-31")).toBe("2027-02-28");
    expect(nextRecurringDeadline("quarterly", "2027-11-30")).toBe("2028-02-29");
    expect(nextRecurringDeadline("yearly", "2028-02-29")).toBe("2029-02-28");
    expect([periodLabel("monthly", "2027-02-28"), periodLabel("quarterly", "2027-08-15"), periodLabel("yearly", "2027-12-31")]).toEqual(["Tháng 02/2027", "Quý III/2027", "Năm 2027"]);
  });

  // Regression (was a bug in app/services/tasks.server.ts:395, updateTask): changing a dated task to "recurring" creates no TaskOccurrence,
  // so acceptCompletion (currentOccurrence → null) closes the task for good instead of opening the next period.
  test("editing a dated task into a monthly report opens its first period", async () => {
    const t = await assign({ deadline: hanoiDay(7) });
    await updateTask({ actor: u.vanphong, taskId: t.id, version: t.version, input: taskRow(demo.units.stttt.id, { content: t.content, deadlineKind: "recurring", recurrence: "monthly", deadline: hanoiDay(7) }) });
    expect(await demo.db.TaskOccurrence.count({ where: { taskId: t.id } })).toBe(1);
  });
});

describe("parent and child tasks", () => {
  test("the parent's progress is the mean of its children's, a completed child counting 100 %", async () => {
    const parent = await assign({ content: "Triển khai Đề án 06 trên địa bàn Thành phố" });
    const [a, b, c] = await createTasks({
      actor: u.vanphong,
      source: NO_SOURCE,
      rows: [40, 80, 0].map((_, i) => taskRow(demo.units.stttt.id, { content: `Nội dung con số ${i + 1} của Đề án 06`, parentId: parent.id })),
    });
    await reportProgress({ actor: u.chuyenvien, taskId: a.id, progress: 40, note: "Hoàn thành 40%" });
    expect((await reload(parent)).progress).toBe(13); // (40 + 0 + 0) / 3
    await reportProgress({ actor: u.chuyenvien, taskId: b.id, progress: 80, note: "Hoàn thành 80%" });
    expect((await reload(parent)).progress).toBe(40); // (40 + 80 + 0) / 3
    await reportProgress({ actor: u.chuyenvien, taskId: c.id, progress: 30, note: "Hoàn thành 30%" });
    await reportCompletion({ actor: u.chuyenvien, taskId: c.id, result: "Hoàn thành nội dung con số 3", version: await version(c.id) });
    expect((await reload(parent)).progress).toBe(73); // (40 + 80 + 100) / 3
    await acceptCompletion({ actor: u.vanphong, taskId: c.id, version: await version(c.id) });
    expect((await reload(parent)).progress).toBe(73);
    const page = await getTaskFor(u.vanphong, parent.id);
    expect(page.children.map((ch) => ch.progress)).toEqual([40, 80, 100]);
    expect(page.history.find((h) => h.action === "Cập nhật tiến độ từ nhiệm vụ con")?.changes).toEqual(expect.arrayContaining([expect.objectContaining({ label: "Tiến độ", after: "73%" })]));
    // A new child (0 %) lowers the mean at once.
    const [d] = await createTasks({ actor: u.vanphong, source: NO_SOURCE, rows: [taskRow(demo.units.stttt.id, { content: "Nội dung con số 4 của Đề án 06", parentId: parent.id })] });
    expect((await reload(parent)).progress).toBe(55); // (40 + 80 + 100 + 0) / 4
    expect(d.parentId).toBe(parent.id);
  });

  // Regression (was a bug in app/services/tasks.server.ts:289, rollUpParent): the roll-up stops one level up; after the parent's progress
  // changes, its own parent is not recomputed (add `await rollUpParent(actor, parent.parentId, transaction)` at the end).
  test("the roll-up reaches the grandparent", async () => {
    const grand = await assign({ content: "Chương trình chuyển đổi số cấp Thành phố" });
    const [mid] = await createTasks({ actor: u.vanphong, source: NO_SOURCE, rows: [taskRow(demo.units.stttt.id, { content: "Chuyển đổi số các sở, ngành", parentId: grand.id })] });
    const [leaf] = await createTasks({ actor: u.vanphong, source: NO_SOURCE, rows: [taskRow(demo.units.stttt.id, { content: "Chuyển đổi số Sở Thông tin và Truyền thông", parentId: mid.id })] });
    await reportProgress({ actor: u.chuyenvien, taskId: leaf.id, progress: 60, note: "Hoàn thành 60%" });
    expect((await reload(mid)).progress).toBe(60);
    expect((await reload(grand)).progress).toBe(60);
  });

  test("a sub-task whose parent belongs to another directive is refused; nothing written", async () => {
    const d1 = await createDirective(demo.db, { issuedOn: hanoiDay(-10), year: Number(hanoiDay(-10).slice(0, 4)) });
    const d2 = await createDirective(demo.db, { issuedOn: hanoiDay(-10), year: Number(hanoiDay(-10).slice(0, 4)) });
    const parent = await assign({}, { ...NO_SOURCE, directiveId: d1.id });
    const before = await taskCounts(demo.db);
    const e = await rejection(createTasks({ actor: u.vanphong, source: { ...NO_SOURCE, directiveId: d2.id }, rows: [taskRow(demo.units.stttt.id, { parentId: parent.id })] }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.fields).toEqual({ parentId: "Nhiệm vụ cha thuộc văn bản khác." });
    expect(await taskCounts(demo.db)).toEqual(before);
    // Within the same directive it is fine.
    const [child] = await createTasks({ actor: u.vanphong, source: { ...NO_SOURCE, directiveId: d1.id }, rows: [taskRow(demo.units.stttt.id, { parentId: parent.id })] });
    expect(child.parentId).toBe(parent.id);
  });

  // Regression (was a bug in app/services/tasks.server.ts:382, updateTask): the edit checks only for cycles, not the rule createTasks applies
  // ("Nhiệm vụ cha thuộc văn bản khác.", nor that the parent is visible): a crafted edit form moves a task under another directive's task.
  test("editing a task under a parent of another directive is refused too", async () => {
    const d1 = await createDirective(demo.db, { issuedOn: hanoiDay(-10), year: Number(hanoiDay(-10).slice(0, 4)) });
    const d2 = await createDirective(demo.db, { issuedOn: hanoiDay(-10), year: Number(hanoiDay(-10).slice(0, 4)) });
    const parent = await assign({}, { ...NO_SOURCE, directiveId: d1.id });
    const t = await assign({}, { ...NO_SOURCE, directiveId: d2.id });
    const e = await rejection(updateTask({ actor: u.vanphong, taskId: t.id, version: t.version, input: taskRow(demo.units.stttt.id, { content: t.content, parentId: parent.id }) }));
    expect(e.fields).toEqual({ parentId: "Nhiệm vụ cha thuộc văn bản khác." });
  });
});

describe("optimistic locking", () => {
  test("accepting on a stale page: 409 naming who changed what; nothing written", async () => {
    const t = await assign({ deadline: hanoiDay(10) });
    await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Đã hoàn thành rà soát", version: t.version });
    const seen = await version(t.id); // chutich opens the page
    await updateTask({ actor: u.vanphong, taskId: t.id, version: seen, input: taskRow(demo.units.stttt.id, { content: t.content, deadline: hanoiDay(12) }) });
    const before = { counts: await taskCounts(demo.db), state: (await reload(t)).state };
    const e = await rejection(acceptCompletion({ actor: u.chutich, taskId: t.id, version: seen }));
    expect(e).toBeInstanceOf(ConflictError);
    expect(e.message).toMatch(/^Nhiệm vụ vừa được cập nhật bởi Trần Thu Hà lúc \d\d\/\d\d\/\d{4} \d\d:\d\d\./);
    expect(e.message).toContain(`Đã thay đổi: Thời hạn: ${vnDate(hanoiDay(10))} → ${vnDate(hanoiDay(12))}.`);
    expect(e.message).toContain("Thay đổi của bạn chưa được lưu");
    expect({ counts: await taskCounts(demo.db), state: (await reload(t)).state }).toEqual(before);
  });

  test("deciding an extension on a stale page, and reporting completion on a stale page: 409 naming who changed what", async () => {
    const t = await assign({ deadline: hanoiDay(10) });
    const req = await requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    const seen = await version(t.id);
    await reportProgress({ actor: u.chuyenvien, taskId: t.id, progress: 30, note: "Đã rà soát 30%" });
    const decide = await rejection(decideExtension({ actor: u.vanphong, taskId: t.id, requestId: req.id, decision: "approve", version: seen }));
    expect(decide).toBeInstanceOf(ConflictError);
    expect(decide.message).toContain("bởi Phạm Quang Huy");
    expect(decide.message).toContain("Tiến độ: 0% → 30%");
    expect(decide.message).toContain("Trạng thái xử lý: Mới giao → Đang thực hiện");
    expect((await demo.db.ExtensionRequest.findByPk(req.id))!.status).toBe("pending");
    expect((await reload(t)).deadline).toBe(hanoiDay(10));

    const stale = await version(t.id);
    await updateTask({ actor: u.vanphong, taskId: t.id, version: stale, input: taskRow(demo.units.stttt.id, { content: "Rà soát, đơn giản hóa thủ tục hành chính" }) });
    const before = await taskCounts(demo.db);
    const complete = await rejection(reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Đã hoàn thành rà soát", version: stale }));
    expect(complete).toBeInstanceOf(ConflictError);
    expect(complete.message).toContain("bởi Trần Thu Hà");
    expect(complete.message).toContain(`Nội dung: ${t.content} → Rà soát, đơn giản hóa thủ tục hành chính`);
    expect(await taskCounts(demo.db)).toEqual(before);
    expect((await reload(t)).state).toBe("in_progress");
  });
});

describe("history, notifications", () => {
  test("an edited deadline shows in the history as before → after, by whom", async () => {
    const t = await assign({ deadline: hanoiDay(10) });
    await updateTask({ actor: u.vanphong, taskId: t.id, version: t.version, input: taskRow(demo.units.stttt.id, { content: t.content, deadline: hanoiDay(15), starred: true }) });
    const page = await getTaskFor(u.chuyenvien, t.id);
    expect(page.history.map((h) => h.action)).toEqual(["Sửa nhiệm vụ", "Giao nhiệm vụ"]);
    const edit = page.history[0];
    expect(edit.actor).toBe("Trần Thu Hà");
    expect(edit.changes).toEqual([
      { field: "deadline", label: "Thời hạn", before: vnDate(hanoiDay(10)), after: vnDate(hanoiDay(15)) },
      { field: "starred", label: "Trọng tâm", before: "Không", after: "Có" },
    ]);
    // The original deadline is kept for the lateness reports.
    expect([page.deadline, page.originalDeadline]).toEqual([hanoiDay(15), hanoiDay(10)]);
  });

  test("notifications go to the right people at each step", async () => {
    const db = demo.db;
    const recipients = async (taskId: number, kind: string) => (await db.Notification.findAll({ where: { entityType: "task", entityId: taskId, kind } })).map((x) => x.userId).sort((a, b) => a - b);
    const sorted = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);
    const stttt = (await db.User.findAll({ where: { unitId: demo.units.stttt.id, active: true } })).map((x) => x.id);
    expect(stttt).toEqual(expect.arrayContaining([u.chuyenvien.id, u.gdtttt.id]));

    // Assigned: the lead unit's people and the person in charge; not the coordinating unit, not the assigner.
    const t = await assign({ ownerId: u.tuphap.id, coordinatingUnitIds: [demo.units.badinh.id] });
    expect(await recipients(t.id, "task.assigned")).toEqual(sorted([...stttt, u.tuphap.id]));

    // Completion reported: the assigner.
    await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Đã hoàn thành rà soát", version: t.version });
    expect(await recipients(t.id, "task.completion_reported")).toEqual([u.vanphong.id]);
    // Returned: the reporter and the person in charge.
    await returnCompletion({ actor: u.vanphong, taskId: t.id, note: "Cần bổ sung số liệu", version: await version(t.id) });
    expect(await recipients(t.id, "task.returned")).toEqual(sorted([u.chuyenvien.id, u.tuphap.id]));
    // Accepted: the reporter (gdtttt this time) and the person in charge.
    await reportCompletion({ actor: u.gdtttt, taskId: t.id, result: "Đã bổ sung số liệu đầy đủ", version: await version(t.id) });
    await acceptCompletion({ actor: u.chutich, taskId: t.id, version: await version(t.id) });
    expect(await recipients(t.id, "task.accepted")).toEqual(sorted([u.gdtttt.id, u.tuphap.id]));

    // Extension requested (by the person in charge, of another unit): the assigner; decided: the requester.
    const t2 = await assign({ ownerId: u.tuphap.id });
    const req = await requestExtension({ actor: u.tuphap, taskId: t2.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    expect(await recipients(t2.id, "task.extension_requested")).toEqual([u.vanphong.id]);
    await decideExtension({ actor: u.vanphong, taskId: t2.id, requestId: req.id, decision: "refuse", version: await version(t2.id) });
    expect(await recipients(t2.id, "task.extension_decided")).toEqual([u.tuphap.id]);
    const t3 = await assign();
    const req3 = await requestExtension({ actor: u.chuyenvien, taskId: t3.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    await decideExtension({ actor: u.chutich, taskId: t3.id, requestId: req3.id, decision: "approve", version: await version(t3.id) });
    expect(await recipients(t3.id, "task.extension_decided")).toEqual([u.chuyenvien.id]);
    const decided = await db.Notification.findOne({ where: { entityType: "task", entityId: t3.id, kind: "task.extension_decided" } });
    expect(decided?.title).toBe(`Đã duyệt gia hạn đến ${vnDate(hanoiDay(20))}`);

    // A task with nobody named as assigner: its completion report goes to the secretariat.
    const orphan = await createTask(db, { leadUnitId: demo.units.stttt.id, deadline: hanoiDay(10) });
    const secretariat = (await db.User.findAll({ where: { active: true } })).filter((x) => x.roles.includes("secretariat")).map((x) => x.id);
    await reportCompletion({ actor: u.chuyenvien, taskId: orphan.id, result: "Đã hoàn thành rà soát", version: orphan.version });
    expect(await recipients(orphan.id, "task.completion_reported")).toEqual(sorted(secretariat));
  });
});

describe("header counters", () => {
  test("overdue, due soon and awaiting decision count the right tasks", async () => {
    const db = demo.db;
    const unit = await createUnit(db, { name: "Sở thử nghiệm bộ đếm" });
    const staff = await actorFor(db, (await createUser(db, { fullName: "Chuyên viên bộ đếm", unitId: unit.id, roles: ["staff"] })).username);
    const leader = await actorFor(db, (await createUser(db, { fullName: "Lãnh đạo bộ đếm", roles: ["leader"] })).username);
    const mk = (over: Parameters<typeof createTask>[1]) => createTask(db, { leadUnitId: unit.id, assignedById: leader.id, ...over });
    await mk({ deadline: hanoiDay(-2) }); // overdue
    await mk({ deadline: hanoiDay(0) }); // due today → due soon
    const soon = await mk({ deadline: hanoiDay(3) }); // due soon (3 days)
    const later = await mk({ deadline: hanoiDay(4) }); // neither
    await mk({ deadline: hanoiDay(-5), state: "completed", completedOn: hanoiDay(-6) }); // done
    await mk({ deadline: hanoiDay(-3), state: "cancelled" }); // cancelled
    await mk({ deadlineKind: "none" }); // no deadline
    await createTask(db, { leadUnitId: demo.units.snv.id, ownerId: staff.id, assignedById: leader.id, deadline: hanoiDay(-1) }); // in charge elsewhere, overdue
    await createTask(db, { leadUnitId: demo.units.snv.id, coordinatingUnitIds: [unit.id], assignedById: u.vanphong.id, deadline: hanoiDay(-1) }); // only coordinating

    expect(await taskCountersFor(staff)).toEqual({ overdue: 2, dueSoon: 2, awaitingDecision: 0 });
    expect(await taskCountersFor(leader)).toEqual({ overdue: 0, dueSoon: 0, awaitingDecision: 0 });

    await reportCompletion({ actor: staff, taskId: later.id, result: "Đã hoàn thành trước hạn", version: later.version });
    const req = await requestExtension({ actor: staff, taskId: soon.id, requestedDeadline: hanoiDay(10), reason: "Chờ số liệu của các quận" });
    expect(await taskCountersFor(leader)).toEqual({ overdue: 0, dueSoon: 0, awaitingDecision: 2 });
    expect((await taskCountersFor(staff)).awaitingDecision).toBe(0);

    await acceptCompletion({ actor: leader, taskId: later.id, version: await version(later.id) });
    await decideExtension({ actor: leader, taskId: soon.id, requestId: req.id, decision: "approve", version: await version(soon.id) });
    expect(await taskCountersFor(leader)).toEqual({ overdue: 0, dueSoon: 0, awaitingDecision: 0 });
    // The extended task is no longer due soon.
    expect(await taskCountersFor(staff)).toEqual({ overdue: 2, dueSoon: 1, awaitingDecision: 0 });
    // Counted for tomorrow (today given explicitly): the task due today is then overdue.
    expect((await taskCountersFor(staff, hanoiDay(1))).overdue).toBe(3);
  });

  // Regression (was a bug in app/services/tasks.server.ts:549, acceptCompletion): accepting the completion leaves a pending extension request
  // pending for ever (decideExtension then refuses: "Nhiệm vụ đã được nghiệm thu hoàn thành."), and taskCountersFor
  // (app/services/task-queries.server.ts:229) keeps counting it as awaiting the assigner's decision.
  test("an extension request still pending when the task is accepted no longer waits for a decision", async () => {
    const db = demo.db;
    const leader = await actorFor(db, (await createUser(db, { fullName: "Lãnh đạo gia hạn treo", roles: ["leader"] })).username);
    const t = await createTask(db, { leadUnitId: demo.units.stttt.id, assignedById: leader.id, deadline: hanoiDay(10) });
    await requestExtension({ actor: u.chuyenvien, taskId: t.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở ngành" });
    await reportCompletion({ actor: u.chuyenvien, taskId: t.id, result: "Hoàn thành kịp, không cần gia hạn", version: await version(t.id) });
    await acceptCompletion({ actor: leader, taskId: t.id, version: await version(t.id) });
    expect((await taskCountersFor(leader)).awaitingDecision).toBe(0);
  });

  // Regression (was a bug in app/services/task-queries.server.ts:224-228): the secretariat's "awaiting decision" counts every reported task,
  // including completion reports the secretariat member wrote and may not decide on (task:decide refuses one's own report).
  test("a secretariat member's own completion report does not count as awaiting their decision", async () => {
    const vp = (await demo.db.Unit.findOne({ where: { code: "VP-UBND" } }))!;
    const before = (await taskCountersFor(u.vanphong)).awaitingDecision;
    const t = await createTask(demo.db, { leadUnitId: vp.id, assignedById: u.chutich.id, deadline: hanoiDay(10) });
    await reportCompletion({ actor: u.vanphong, taskId: t.id, result: "Văn phòng đã hoàn thành nhiệm vụ", version: t.version });
    expect((await getTaskFor(u.vanphong, t.id)).viewer.canDecideCompletion).toBe(false);
    expect((await taskCountersFor(u.vanphong)).awaitingDecision).toBe(before);
  });
});

describe("assigning several tasks at once", () => {
  test("all or nothing: a bad row 3 of 3 → none created, no notification, no audit", async () => {
    const before = await taskCounts(demo.db);
    const rows = [
      taskRow(demo.units.stttt.id, { content: "Hàng thứ nhất hợp lệ", coordinatingUnitIds: [demo.units.badinh.id] }),
      taskRow(demo.units.snv.id, { content: "Hàng thứ hai hợp lệ, báo cáo định kỳ", deadlineKind: "recurring", recurrence: "quarterly", deadline: hanoiDay(30) }),
      taskRow(999999, { content: "Hàng thứ ba có đơn vị không tồn tại" }),
    ];
    const e = await rejection(createTasks({ actor: u.vanphong, source: NO_SOURCE, rows, rowPrefix: true }));
    expect(e).toBeInstanceOf(ValidationError);
    expect(e.fields).toEqual({ "tasks[2].leadUnitId": "Đơn vị chủ trì không tồn tại hoặc đã ngừng hoạt động." });
    expect(await taskCounts(demo.db)).toEqual(before);

    const past = await rejection(createTasks({ actor: u.vanphong, source: NO_SOURCE, rows: [rows[0], rows[1], taskRow(demo.units.stttt.id, { content: "Hàng thứ ba hạn đã qua", deadline: hanoiDay(-1) })], rowPrefix: true }));
    expect(past.fields).toEqual({ "tasks[2].deadline": "Thời hạn không được trước ngày giao nhiệm vụ (hôm nay)." });
    expect(await taskCounts(demo.db)).toEqual(before);

    // The same rows, fixed, create all three with their coordinators, occurrence, audits and notifications.
    const created = await createTasks({ actor: u.vanphong, source: NO_SOURCE, rows: [rows[0], rows[1], taskRow(demo.units.stttt.id, { content: "Hàng thứ ba đã sửa" })], rowPrefix: true });
    expect(created).toHaveLength(3);
    const after = await taskCounts(demo.db);
    expect([after.tasks, after.coordinators, after.occurrences, after.audits]).toEqual([before.tasks + 3, before.coordinators + 1, before.occurrences + 1, before.audits + 3]);
    expect(after.notifications).toBeGreaterThan(before.notifications);
  });
});
