// The whole life of a task through the services, on the demo installation:
// giao → báo cáo tiến độ → xin gia hạn → duyệt → báo cáo hoàn thành → nghiệm thu.
import { ConflictError, ForbiddenError, ValidationError } from "../../app/lib/errors";
import { computeTaskStatus } from "../../app/lib/task-status";
import { getTaskFor } from "../../app/services/task-queries.server";
import { acceptCompletion, createTasks, decideExtension, reportCompletion, reportProgress, requestExtension, updateTask } from "../../app/services/tasks.server";
import type { TaskInput } from "../../app/schemas/task";
import { closeDb } from "../helpers/db";
import { hanoiDay, seedDemo, type Demo } from "../meetings/helpers";

let demo: Demo;
beforeAll(async () => {
  demo = await seedDemo();
});
afterAll(() => closeDb());

const row = (over: Partial<TaskInput> = {}): TaskInput => ({
  content: "Rà soát thủ tục hành chính thuộc thẩm quyền",
  leadUnitId: demo.units.stttt.id,
  coordinatingUnitIds: [],
  ownerId: null,
  deadlineKind: "date",
  deadline: hanoiDay(10),
  recurrence: undefined,
  starred: false,
  parentId: null,
  ...over,
});

test("assign → progress → extension → completion → acceptance; the original deadline is kept", async () => {
  const { users, db } = demo;
  const [task] = await createTasks({ actor: users.vanphong, source: { directiveId: null, meetingId: null, minutesAnchor: null }, rows: [row({ coordinatingUnitIds: [demo.units.badinh.id] })] });
  expect(task.state).toBe("assigned");
  expect(task.originalDeadline).toBe(hanoiDay(10));
  const notified = await db.Notification.findAll({ where: { entityType: "task", entityId: task.id } });
  expect(notified.map((n) => n.userId)).toContain(users.chuyenvien.id);

  await reportProgress({ actor: users.chuyenvien, taskId: task.id, progress: 50, note: "Đã rà soát 50% thủ tục" });
  await requestExtension({ actor: users.chuyenvien, taskId: task.id, requestedDeadline: hanoiDay(20), reason: "Chờ ý kiến các sở" });
  let page = await getTaskFor(users.vanphong, task.id);
  expect(page.progress).toBe(50);
  expect(page.viewer.canDecideExtension).toBe(true);
  await expect(decideExtension({ actor: users.chuyenvien, taskId: task.id, requestId: page.pendingExtension!.id, decision: "approve", version: page.version })).rejects.toBeInstanceOf(ForbiddenError);
  await decideExtension({ actor: users.vanphong, taskId: task.id, requestId: page.pendingExtension!.id, decision: "approve", version: page.version });
  page = await getTaskFor(users.chuyenvien, task.id);
  expect(page.deadline).toBe(hanoiDay(20));
  expect(page.originalDeadline).toBe(hanoiDay(10));

  await reportCompletion({ actor: users.chuyenvien, taskId: task.id, result: "Đã ban hành danh mục thủ tục", version: page.version });
  page = await getTaskFor(users.vanphong, task.id);
  expect(page.viewer.canDecideCompletion).toBe(true);
  await acceptCompletion({ actor: users.vanphong, taskId: task.id, version: page.version });
  page = await getTaskFor(users.chuyenvien, task.id);
  expect(page.state).toBe("completed");
  expect(page.completedOn).toBe(hanoiDay(0));
  expect(page.status.code).toBe("done_on_time");
  expect(page.history.map((h) => h.action)).toEqual(expect.arrayContaining(["Giao nhiệm vụ", "Báo cáo tiến độ", "Xin gia hạn", "Duyệt gia hạn", "Báo cáo hoàn thành", "Nghiệm thu hoàn thành"]));
  expect(computeTaskStatus({ deadline: page.deadline, completedOn: page.completedOn })).toMatchObject({ code: "done_on_time" });
});

test("a stale edit is refused with what changed; nothing is overwritten", async () => {
  const { users } = demo;
  const [task] = await createTasks({ actor: users.vanphong, source: { directiveId: null, meetingId: null, minutesAnchor: null }, rows: [row()] });
  const v = task.version;
  await updateTask({ actor: users.vanphong, taskId: task.id, input: row({ deadline: hanoiDay(15) }), version: v });
  const stale = updateTask({ actor: users.vanphong, taskId: task.id, input: row({ content: "Nội dung sửa từ trang cũ" }), version: v });
  await expect(stale).rejects.toBeInstanceOf(ConflictError);
  await expect(stale).rejects.toThrow(/Thời hạn: .* → /);
  const page = await getTaskFor(users.vanphong, task.id);
  expect(page.content).toBe("Rà soát thủ tục hành chính thuộc thẩm quyền");
  expect(page.deadline).toBe(hanoiDay(15));
});

test("bad input changes nothing", async () => {
  const { users, db } = demo;
  const before = await db.Task.count();
  await expect(createTasks({ actor: users.vanphong, source: { directiveId: null, meetingId: null, minutesAnchor: null }, rows: [row(), row({ leadUnitId: 999999 })], rowPrefix: true })).rejects.toMatchObject({ fields: { "tasks[1].leadUnitId": expect.stringContaining("không tồn tại") } });
  await expect(createTasks({ actor: users.vanphong, source: { directiveId: null, meetingId: null, minutesAnchor: null }, rows: [row({ deadline: hanoiDay(-1) })] })).rejects.toBeInstanceOf(ValidationError);
  await expect(createTasks({ actor: users.chuyenvien, source: { directiveId: null, meetingId: null, minutesAnchor: null }, rows: [row()] })).rejects.toBeInstanceOf(ForbiddenError);
  expect(await db.Task.count()).toBe(before);
});
