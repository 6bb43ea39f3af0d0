import { addMonths, format } from "date-fns";
import { Op, type Transaction } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import type { Recurrence, Task } from "../../models";
import { emitAfterCommit } from "../../realtime";
import type { CurrentUser } from "../lib/current-user";
import { formatDateOnly, formatDateTime, todayInHanoi, toDateInputValue } from "../lib/dates";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors";
import { removeStoredFile, storeReceivedFile, type ReceivedFile } from "../lib/uploads.server";
import { authorize, canSeeMeeting, canSeeTask, type Action, type TaskAccess } from "../policies";
import type { TaskInput, TaskSource } from "../schemas/task";
import { changedOnly, recordAudit } from "./audit.server";
import { meetingAccessFor } from "./meeting-access.server";
import { notifyUsers } from "./notify.server";
import { indexTask } from "./search-index.server";
import { inTransaction } from "./transaction.server";

/**
 * Every operation on a task (giao, báo cáo tiến độ, báo cáo hoàn thành,
 * nghiệm thu / trả lại, xin gia hạn / duyệt): one transaction each, an audit
 * event with before → after, notifications, and a `task:changed` event after
 * commit to the task's rooms. State changes carry the version the form was
 * loaded at, so a later save never silently overwrites an earlier one.
 */

type Actor = CurrentUser;
type Props = { actor: Actor; ip?: string | null; transaction?: Transaction };

const TASK_NOT_FOUND = "Không tìm thấy nhiệm vụ.";

// ── Loading and access ─────────────────────────────────────────────────────

export function taskAccessOf(t: Pick<Task, "leadUnitId" | "ownerId" | "assignedById">, coordinatingUnitIds: number[]): TaskAccess {
  return { leadUnitId: t.leadUnitId, coordinatingUnitIds, ownerId: t.ownerId ?? null, assignedById: t.assignedById ?? null };
}

async function coordinatingUnitIdsOf(taskId: number, transaction?: Transaction) {
  const rows = await getDb().TaskCoordinator.findAll({ attributes: ["unitId"], where: { taskId }, transaction });
  return rows.map((r) => r.unitId);
}

/** The task, row-locked inside `transaction`; invisible → 404, visible but not allowed → 403. */
async function loadTaskFor(actor: Actor, taskId: number, action: Exclude<Action, "task:decide"> | null, transaction: Transaction) {
  const task = await getDb().Task.findByPk(taskId, { transaction, lock: transaction.LOCK.UPDATE });
  if (!task) throw new NotFoundError(TASK_NOT_FOUND);
  const access = taskAccessOf(task, await coordinatingUnitIdsOf(task.id, transaction));
  if (!canSeeTask(actor, access)) throw new NotFoundError(TASK_NOT_FOUND);
  if (action) authorize(actor, action as "task:edit", access);
  return { task, access };
}

/** Checked before an upload's body is read: who may not report on the task uploads nothing, not even to tmp. */
export async function assertTaskAction(actor: Actor, taskId: number, action: "task:report_progress" | "task:report_completion") {
  const task = await getDb().Task.findByPk(taskId, { attributes: ["id", "leadUnitId", "ownerId", "assignedById"] });
  if (!task) throw new NotFoundError(TASK_NOT_FOUND);
  const access = taskAccessOf(task, await coordinatingUnitIdsOf(task.id));
  if (!canSeeTask(actor, access)) throw new NotFoundError(TASK_NOT_FOUND);
  authorize(actor, action, access);
}

// ── Audit snapshots and conflicts ──────────────────────────────────────────

const FIELD_LABELS: Record<string, string> = {
  content: "Nội dung",
  leadUnit: "Đơn vị chủ trì",
  coordinating: "Đơn vị phối hợp",
  owner: "Người phụ trách",
  deadlineKind: "Loại thời hạn",
  deadline: "Thời hạn",
  recurrence: "Chu kỳ",
  starred: "Trọng tâm",
  parent: "Nhiệm vụ cha",
  progress: "Tiến độ",
  state: "Trạng thái xử lý",
  completedOn: "Ngày hoàn thành",
  result: "Kết quả",
};

const STATE_WORDS: Record<string, string> = {
  assigned: "Mới giao",
  in_progress: "Đang thực hiện",
  reported: "Chờ nghiệm thu",
  completed: "Đã nghiệm thu",
  cancelled: "Đã hủy",
};
const DEADLINE_KIND_WORDS: Record<string, string> = { date: "Có thời hạn", none: "Không thời hạn", recurring: "Định kỳ" };
export const RECURRENCE_WORDS: Record<string, string> = { monthly: "Hằng tháng", quarterly: "Hằng quý", yearly: "Hằng năm" };

type Snapshot = Record<string, string | number | boolean | null>;

/** What a person reads in the history: names instead of ids. */
async function snapshotOf(task: Task, transaction?: Transaction): Promise<Snapshot> {
  const db = getDb();
  const unitIds = [task.leadUnitId, ...(await coordinatingUnitIdsOf(task.id, transaction))];
  const units = await db.Unit.findAll({ attributes: ["id", "name"], where: { id: unitIds }, transaction });
  const name = (id: number) => units.find((u) => u.id === id)?.name ?? `#${id}`;
  const owner = task.ownerId ? await db.User.findByPk(task.ownerId, { attributes: ["fullName"], transaction }) : null;
  return {
    content: task.content,
    leadUnit: name(task.leadUnitId),
    coordinating: unitIds.slice(1).map(name).join(", "),
    owner: owner?.fullName ?? null,
    deadlineKind: task.deadlineKind,
    deadline: task.deadline ?? null,
    recurrence: task.recurrence ?? null,
    starred: task.starred,
    progress: task.progress,
    state: task.state,
    completedOn: task.completedOn ?? null,
    result: task.result ?? null,
    version: task.version,
  };
}

export function describeValue(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "(trống)";
  if (field === "deadline" || field === "completedOn" || field === "originalDeadline") return formatDateOnly(String(v));
  if (field === "progress") return `${v}%`;
  if (field === "starred") return v ? "Có" : "Không";
  if (field === "state") return STATE_WORDS[String(v)] ?? String(v);
  if (field === "deadlineKind") return DEADLINE_KIND_WORDS[String(v)] ?? String(v);
  if (field === "recurrence") return RECURRENCE_WORDS[String(v)] ?? String(v);
  const s = String(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

export function fieldLabel(field: string) {
  return FIELD_LABELS[field] ?? field;
}

/**
 * A stale form: says who changed what since the version the form was loaded
 * at, from the audit trail, so the person can decide instead of overwriting.
 */
async function assertVersion(task: Task, version: number, transaction: Transaction) {
  if (task.version === version) return;
  const db = getDb();
  const events = await db.AuditEvent.findAll({
    where: { entityType: "task", entityId: task.id },
    include: [{ model: db.User, as: "actor", attributes: ["fullName"] }],
    order: [["id", "ASC"]],
    transaction,
  });
  const changes: string[] = [];
  let who = "";
  let when: Date | null = null;
  for (const e of events) {
    const after = (e.after ?? null) as Snapshot | null;
    const before = (e.before ?? null) as Snapshot | null;
    if (!after || Number(after.version) <= version) continue;
    who = e.actor?.fullName ?? who;
    when = e.createdAt;
    for (const k of Object.keys(after)) {
      if (k === "version" || !FIELD_LABELS[k]) continue;
      changes.push(`${FIELD_LABELS[k]}: ${describeValue(k, before?.[k])} → ${describeValue(k, after[k])}`);
    }
  }
  const by = who ? ` bởi ${who}` : "";
  const at = when ? ` lúc ${formatDateTime(when)}` : "";
  const what = changes.length ? ` Đã thay đổi: ${[...new Set(changes)].join("; ")}.` : "";
  throw new ConflictError(`Nhiệm vụ vừa được cập nhật${by}${at}.${what} Thay đổi của bạn chưa được lưu; vui lòng xem lại rồi thực hiện lại.`);
}

async function audit(actor: Actor, action: string, task: Task, before: Snapshot | null, transaction: Transaction, ip?: string | null, extra: object = {}) {
  const after = await snapshotOf(task, transaction);
  const diff = before ? changedOnly(before, after) : { before: null, after };
  await recordAudit({ actorId: actor.id, action, entityType: "task", entityId: task.id, before: diff.before, after: { ...diff.after, ...extra }, ip, transaction });
}

// ── Live events and notifications ──────────────────────────────────────────

export type TaskChange = "created" | "updated" | "progress" | "completion_reported" | "accepted" | "returned" | "extension_requested" | "extension_decided";

/** After commit: the task page, the unit's lists, the directive's and meeting's watchers, the people on it, and the secretariat's lists. */
function emitTaskChanged(transaction: Transaction, task: Task, coordinatingUnitIds: number[], change: TaskChange) {
  const rooms = new Set<string>([`task:${task.id}`, `unit:${task.leadUnitId}`, "tasks:all"]);
  for (const u of coordinatingUnitIds) rooms.add(`unit:${u}`);
  if (task.ownerId) rooms.add(`user:${task.ownerId}`);
  if (task.assignedById) rooms.add(`user:${task.assignedById}`);
  if (task.directiveId) rooms.add(`directive:${task.directiveId}`);
  if (task.meetingId) rooms.add(`meeting:${task.meetingId}`);
  emitAfterCommit(transaction, [...rooms], "task:changed", { taskId: task.id, directiveId: task.directiveId ?? null, meetingId: task.meetingId ?? null, change });
}

/** The people who carry a task: its owner and the active staff of its lead unit. */
async function carriersOf(task: Task, transaction: Transaction) {
  const staff = await getDb().User.findAll({ attributes: ["id"], where: { unitId: task.leadUnitId, active: true }, transaction });
  return [...new Set([...(task.ownerId ? [task.ownerId] : []), ...staff.map((u) => u.id)])];
}

/** Who decides on a task: its assigner, or the secretariat when nobody is named. */
async function decidersOf(task: Task, transaction: Transaction) {
  if (task.assignedById) return [task.assignedById];
  const all = await getDb().User.findAll({ attributes: ["id", "roles"], where: { active: true }, transaction });
  return all.filter((u) => u.roles.includes("secretariat")).map((u) => u.id);
}

/** A notification about one task, in the bell and (with SMTP_URL) by e-mail, committed with the change. */
function notifyAboutTask(task: Task, n: { userIds: number[]; kind: string; title: string; body: string }, transaction: Transaction) {
  return notifyUsers({ ...n, url: `/tasks/${task.id}`, entityType: "task", entityId: task.id, email: true, transaction });
}

const short = (s: string) => (s.length > 90 ? `${s.slice(0, 87)}…` : s);

// ── Validation against the database ────────────────────────────────────────

async function assertUnitsAndOwner(input: Pick<TaskInput, "leadUnitId" | "coordinatingUnitIds" | "ownerId">, transaction: Transaction, prefix = "") {
  const db = getDb();
  const ids = [input.leadUnitId, ...input.coordinatingUnitIds];
  const units = await db.Unit.findAll({ attributes: ["id", "active"], where: { id: ids }, transaction });
  const ok = (id: number) => units.some((u) => u.id === id && u.active !== false);
  const fields: Record<string, string> = {};
  if (!ok(input.leadUnitId)) fields[`${prefix}leadUnitId`] = "Đơn vị chủ trì không tồn tại hoặc đã ngừng hoạt động.";
  if (input.coordinatingUnitIds.some((id) => !ok(id))) fields[`${prefix}coordinatingUnitIds`] = "Có đơn vị phối hợp không tồn tại hoặc đã ngừng hoạt động.";
  if (input.ownerId) {
    const owner = await db.User.findByPk(input.ownerId, { attributes: ["id", "active"], transaction });
    if (!owner || !owner.active) fields[`${prefix}ownerId`] = "Người phụ trách không tồn tại hoặc đã ngừng hoạt động.";
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

type DateBound = { date: string; message: string };

/** The deadline must not be before each bound, checked in order (the issue date first, so its message wins). */
function assertDeadline(input: Pick<TaskInput, "deadlineKind" | "deadline">, bounds: DateBound[], prefix = "") {
  if (input.deadlineKind === "none" || !input.deadline) return;
  const broken = bounds.find((b) => input.deadline! < b.date);
  if (broken) throw new ValidationError({ [`${prefix}deadline`]: broken.message });
}

type ResolvedSource = { directiveId: number | null; meetingId: number | null; bodyId: number | null; minutesAnchor: string | null; notBefore: DateBound[] };

/** The directive / meeting a task comes from must exist and be visible to the assigner. */
async function resolveSource(actor: Actor, source: TaskSource, transaction: Transaction): Promise<ResolvedSource> {
  const db = getDb();
  const today = todayInHanoi();
  const notBefore: DateBound[] = [];
  let meetingId = source.meetingId ?? null;
  let bodyId: number | null = null;
  if (source.directiveId) {
    const d = await db.Directive.findByPk(source.directiveId, { transaction });
    if (!d) throw new ValidationError({ directiveId: "Văn bản giao nhiệm vụ không tồn tại." });
    meetingId ??= d.sourceMeetingId ?? null;
    notBefore.push({ date: d.issuedOn, message: `Thời hạn không được trước ngày ban hành văn bản (${formatDateOnly(d.issuedOn)}).` });
  }
  if (meetingId) {
    const m = await db.Meeting.findByPk(meetingId, { include: [{ model: db.Body, as: "body", attributes: ["id", "kind"] }], transaction });
    if (!m) throw new ValidationError({ meetingId: "Cuộc họp không tồn tại." });
    const access = (await meetingAccessFor(actor, [m])).get(m.id)!;
    if (!canSeeMeeting(actor, access)) throw new ValidationError({ meetingId: "Cuộc họp không tồn tại." });
    bodyId = m.bodyId;
  }
  if (source.minutesAnchor && !meetingId) throw new ValidationError({ minutesAnchor: "Đoạn biên bản phải thuộc một cuộc họp." });
  // A task assigned today with a deadline already past is a typing slip, not a plan.
  notBefore.push({ date: today, message: "Thời hạn không được trước ngày giao nhiệm vụ (hôm nay)." });
  return { directiveId: source.directiveId ?? null, meetingId, bodyId, minutesAnchor: source.minutesAnchor ?? null, notBefore };
}

// ── Recurring reports ──────────────────────────────────────────────────────

const MONTHS_PER: Record<Recurrence, number> = { monthly: 1, quarterly: 3, yearly: 12 };
const ROMAN = ["I", "II", "III", "IV"];

/** "Tháng 12/2026", "Quý IV/2026", "Năm 2026": the period a recurring report's due date closes. */
export function periodLabel(recurrence: Recurrence, deadline: string) {
  const [y, m] = deadline.split("-").map(Number);
  if (recurrence === "monthly") return `Tháng ${String(m).padStart(2, "0")}/${y}`;
  if (recurrence === "quarterly") return `Quý ${ROMAN[Math.floor((m - 1) / 3)]}/${y}`;
  return `Năm ${y}`;
}

export function nextRecurringDeadline(recurrence: Recurrence, deadline: string) {
  return format(addMonths(new Date(`${deadline}T00:00:00`), MONTHS_PER[recurrence]), "yyyy-MM-dd");
}

// ── Parent progress ────────────────────────────────────────────────────────

/** A parent's progress is the mean of its children's (a completed child counts 100 %), up to the top of the tree. */
async function rollUpParent(actor: Actor, parentId: number | null | undefined, transaction: Transaction, depth = 0) {
  if (!parentId || depth > 20) return;
  const db = getDb();
  const parent = await db.Task.findByPk(parentId, { transaction, lock: transaction.LOCK.UPDATE });
  if (!parent || parent.state === "completed") return;
  const children = await db.Task.findAll({ attributes: ["progress", "state"], where: { parentId, state: { [Op.ne]: "cancelled" } }, transaction });
  if (!children.length) return;
  const progress = Math.round(children.reduce((n, c) => n + (c.state === "completed" ? 100 : c.progress), 0) / children.length);
  if (progress === parent.progress) return;
  const before = await snapshotOf(parent, transaction);
  await parent.update({ progress, version: parent.version + 1 }, { transaction });
  await audit(actor, "task.rollup", parent, before, transaction);
  emitTaskChanged(transaction, parent, await coordinatingUnitIdsOf(parent.id, transaction), "progress");
  await rollUpParent(actor, parent.parentId, transaction, depth + 1);
}

/** A parent must exist, be visible to the actor, and belong to the same directive (when both have one). */
async function assertParent(actor: Actor, parentId: number, directiveId: number | null, transaction: Transaction, field = "parentId") {
  const db = getDb();
  const parent = await db.Task.findByPk(parentId, { attributes: ["id", "directiveId", "leadUnitId", "ownerId", "assignedById"], transaction });
  if (!parent || !canSeeTask(actor, taskAccessOf(parent, await coordinatingUnitIdsOf(parent.id, transaction)))) {
    throw new ValidationError({ [field]: "Nhiệm vụ cha không tồn tại." });
  }
  if (directiveId && parent.directiveId && parent.directiveId !== directiveId) throw new ValidationError({ [field]: "Nhiệm vụ cha thuộc văn bản khác." });
  return parent;
}

// ── Create ─────────────────────────────────────────────────────────────────

/**
 * Giao nhiệm vụ: one or several tasks from one source, all or nothing. Runs
 * inside the caller's transaction when given (a directive and its tasks are
 * created together). Field errors of row i are reported as `tasks[i].field`
 * when `rowPrefix` is set.
 */
export async function createTasks({ actor, source, rows, transaction, ip, rowPrefix = false }: Props & { source: TaskSource; rows: TaskInput[]; rowPrefix?: boolean }) {
  authorize(actor, "task:assign");
  if (rows.length === 0) throw new ValidationError({ _form: "Vui lòng nhập ít nhất một nhiệm vụ." }, "Vui lòng nhập ít nhất một nhiệm vụ.");
  if (rows.length > 50) throw new ValidationError({ _form: "Tối đa 50 nhiệm vụ mỗi lần giao." }, "Tối đa 50 nhiệm vụ mỗi lần giao.");
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const src = await resolveSource(actor, source, t);
    const created: Task[] = [];
    for (const [i, row] of rows.entries()) {
      const prefix = rowPrefix ? `tasks[${i}].` : "";
      await assertUnitsAndOwner(row, t, prefix);
      assertDeadline(row, src.notBefore, prefix);
      const parentId = row.parentId ? (await assertParent(actor, row.parentId, src.directiveId, t, `${prefix}parentId`)).id : null;
      const deadline = row.deadlineKind === "none" ? null : row.deadline ?? null;
      const task = await db.Task.create(
        {
          directiveId: src.directiveId,
          meetingId: src.meetingId,
          bodyId: src.bodyId,
          assignedOn: todayInHanoi(),
          minutesAnchor: src.minutesAnchor,
          parentId,
          content: row.content,
          leadUnitId: row.leadUnitId,
          ownerId: row.ownerId ?? null,
          assignedById: actor.id,
          deadlineKind: row.deadlineKind,
          deadline,
          originalDeadline: deadline,
          recurrence: row.deadlineKind === "recurring" ? row.recurrence ?? null : null,
          starred: row.starred,
          progress: 0,
          state: "assigned",
        },
        { transaction: t },
      );
      if (row.coordinatingUnitIds.length) {
        await db.TaskCoordinator.bulkCreate([...new Set(row.coordinatingUnitIds)].map((unitId) => ({ taskId: task.id, unitId })), { transaction: t });
      }
      if (task.deadlineKind === "recurring" && task.recurrence && deadline) {
        await db.TaskOccurrence.create({ taskId: task.id, periodLabel: periodLabel(task.recurrence, deadline), deadline, state: "open" }, { transaction: t });
      }
      await audit(actor, "task.create", task, null, t, ip);
      await notifyAboutTask(task, {
        userIds: (await carriersOf(task, t)).filter((id) => id !== actor.id),
        kind: "task.assigned",
        title: `Nhiệm vụ mới: ${short(task.content)}`,
        body: deadline ? `Thời hạn ${formatDateOnly(deadline)}` : "Không thời hạn",
      }, t);
      emitTaskChanged(t, task, row.coordinatingUnitIds, "created");
      created.push(task);
    }
    for (const parentId of new Set(created.map((c) => c.parentId).filter(Boolean))) await rollUpParent(actor, parentId, t);
    await indexTask(created.map((c) => c.id), { transaction: t });
    return created;
  });
}

// ── Edit ───────────────────────────────────────────────────────────────────

/** The assigner or the secretariat corrects a task. The original deadline is kept; a changed deadline is audited. */
export async function updateTask({ actor, taskId, input, version, ip }: Props & { taskId: number; input: TaskInput; version: number }) {
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const { task } = await loadTaskFor(actor, taskId, "task:edit", t);
    await assertVersion(task, version, t);
    if (task.state === "completed") throw new ConflictError("Nhiệm vụ đã được nghiệm thu hoàn thành; không thể sửa.");
    await assertUnitsAndOwner(input, t);
    const directive = task.directiveId ? await db.Directive.findByPk(task.directiveId, { attributes: ["issuedOn"], transaction: t }) : null;
    if (directive) assertDeadline(input, [{ date: directive.issuedOn, message: `Thời hạn không được trước ngày ban hành văn bản (${formatDateOnly(directive.issuedOn)}).` }]);
    if (input.parentId === task.id) throw new ValidationError({ parentId: "Nhiệm vụ không thể là nhiệm vụ cha của chính nó." });
    if (input.parentId && input.parentId !== task.parentId) {
      await assertParent(actor, input.parentId, task.directiveId ?? null, t);
      await assertNotDescendant(task.id, input.parentId, t);
    }
    const before = await snapshotOf(task, t);
    const oldParent = task.parentId;
    const deadline = input.deadlineKind === "none" ? null : input.deadline ?? null;
    await task.update(
      {
        content: input.content,
        leadUnitId: input.leadUnitId,
        ownerId: input.ownerId ?? null,
        deadlineKind: input.deadlineKind,
        deadline,
        // The first deadline ever given stays: set it only if the task had none.
        originalDeadline: task.originalDeadline ?? deadline,
        recurrence: input.deadlineKind === "recurring" ? input.recurrence ?? null : null,
        starred: input.starred,
        parentId: input.parentId ?? null,
        version: task.version + 1,
      },
      { transaction: t },
    );
    await db.TaskCoordinator.destroy({ where: { taskId: task.id }, transaction: t });
    if (input.coordinatingUnitIds.length) {
      await db.TaskCoordinator.bulkCreate([...new Set(input.coordinatingUnitIds)].map((unitId) => ({ taskId: task.id, unitId })), { transaction: t });
    }
    await syncOpenOccurrence(task, t);
    if (before.deadline !== task.deadline) await closePendingExtensions(actor, task, "Thời hạn đã được người giao điều chỉnh trực tiếp.", t);
    await audit(actor, "task.update", task, before, t, ip);
    await indexTask(task.id, { transaction: t });
    emitTaskChanged(t, task, input.coordinatingUnitIds, "updated");
    if (oldParent !== task.parentId) await rollUpParent(actor, oldParent, t);
    await rollUpParent(actor, task.parentId, t);
    return task;
  });
}

/** A recurring task has exactly one open period, due on the task's deadline; other tasks have none open. */
async function syncOpenOccurrence(task: Task, transaction: Transaction) {
  const db = getDb();
  const open = await db.TaskOccurrence.findAll({ where: { taskId: task.id, state: { [Op.ne]: "completed" } }, order: [["deadline", "ASC"]], transaction });
  if (task.deadlineKind !== "recurring" || !task.recurrence || !task.deadline) {
    if (open.length) await db.TaskOccurrence.destroy({ where: { id: open.map((o) => o.id) }, transaction });
    return;
  }
  const label = periodLabel(task.recurrence, task.deadline);
  if (!open.length) await db.TaskOccurrence.create({ taskId: task.id, periodLabel: label, deadline: task.deadline, state: "open" }, { transaction });
  else if (open[0].deadline !== task.deadline || open[0].periodLabel !== label) await open[0].update({ deadline: task.deadline, periodLabel: label }, { transaction });
}

/** Extension requests that no longer make sense (the deadline moved, the task is done) are closed, not left waiting. */
async function closePendingExtensions(actor: Actor, task: Task, note: string, transaction: Transaction) {
  await getDb().ExtensionRequest.update(
    { status: "refused", decidedById: actor.id, decidedAt: new Date(), decisionNote: note },
    { where: { taskId: task.id, status: "pending" }, transaction },
  );
}

async function assertNotDescendant(taskId: number, candidateParentId: number, transaction: Transaction) {
  const db = getDb();
  let current: number | null = candidateParentId;
  for (let depth = 0; current && depth < 50; depth++) {
    if (current === taskId) throw new ValidationError({ parentId: "Không thể chọn nhiệm vụ con làm nhiệm vụ cha." });
    const row: Task | null = await db.Task.findByPk(current, { attributes: ["id", "parentId"], transaction });
    if (!row) throw new ValidationError({ parentId: "Nhiệm vụ cha không tồn tại." });
    current = row.parentId ?? null;
  }
}

// ── Reports ────────────────────────────────────────────────────────────────

/** Stores evidence files, then runs `work`; if the transaction fails the stored files are removed again. */
async function withEvidence<T>(files: ReceivedFile[], work: (storedKeys: string[]) => Promise<T>): Promise<T> {
  if (files.length > 10) throw new ValidationError({ file: "Tối đa 10 tệp minh chứng mỗi lần báo cáo." });
  const stored: string[] = [];
  try {
    for (const f of files) stored.push(await storeReceivedFile(f));
    return await work(stored);
  } catch (e) {
    await Promise.all(stored.map(removeStoredFile));
    throw e;
  }
}

async function attachEvidence(actor: Actor, reportId: number, files: ReceivedFile[], keys: string[], transaction: Transaction, ip?: string | null) {
  const db = getDb();
  for (const [i, f] of files.entries()) {
    const doc = await db.Document.create(
      { ownerType: "task_report", ownerId: reportId, fileName: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256, storageKey: keys[i], uploadedById: actor.id },
      { transaction },
    );
    await recordAudit({ actorId: actor.id, action: "document.upload", entityType: "document", entityId: doc.id, after: { fileName: doc.fileName, size: doc.size, sha256: doc.sha256, taskReportId: reportId }, ip, transaction });
  }
}

function assertOpen(task: Task) {
  if (task.state === "completed") throw new ConflictError("Nhiệm vụ đã được nghiệm thu hoàn thành.");
  if (task.state === "cancelled") throw new ConflictError("Nhiệm vụ đã bị hủy.");
}

async function currentOccurrence(task: Task, transaction: Transaction) {
  if (task.deadlineKind !== "recurring") return null;
  return getDb().TaskOccurrence.findOne({ where: { taskId: task.id, state: { [Op.ne]: "completed" } }, order: [["deadline", "ASC"]], transaction });
}

/** Báo cáo tiến độ: percent, text and evidence, kept as a timeline entry. */
export async function reportProgress({ actor, taskId, progress, note, files = [], ip }: Props & { taskId: number; progress: number; note: string; files?: ReceivedFile[] }) {
  const db = getDb();
  return withEvidence(files, (keys) =>
    db.sequelize.transaction(async (t) => {
      const { task, access } = await loadTaskFor(actor, taskId, "task:report_progress", t);
      assertOpen(task);
      // Reporting stays open while a completion waits: the pending completion is kept.
      const before = await snapshotOf(task, t);
      const occurrence = await currentOccurrence(task, t);
      const report = await db.TaskReport.create({ taskId: task.id, occurrenceId: occurrence?.id ?? null, authorId: actor.id, kind: "progress", progress, note }, { transaction: t });
      await attachEvidence(actor, report.id, files, keys, t, ip);
      // While a completion waits for acceptance the task stays at 100 %; the report is kept in the timeline.
      const keepsCompletion = task.state === "reported";
      await task.update({ progress: keepsCompletion ? task.progress : progress, state: task.state === "assigned" ? "in_progress" : task.state, lastReportAt: new Date(), version: task.version + 1 }, { transaction: t });
      await audit(actor, "task.report_progress", task, before, t, ip, { reportId: report.id, note: short(note) });
      emitTaskChanged(t, task, access.coordinatingUnitIds, "progress");
      await rollUpParent(actor, task.parentId, t);
      return report;
    }),
  );
}

/** Báo cáo hoàn thành: the result goes to the assigner (or the secretariat) to accept or return. */
export async function reportCompletion({ actor, taskId, result, version, files = [], ip }: Props & { taskId: number; result: string; version: number; files?: ReceivedFile[] }) {
  const db = getDb();
  return withEvidence(files, (keys) =>
    db.sequelize.transaction(async (t) => {
      const { task, access } = await loadTaskFor(actor, taskId, "task:report_completion", t);
      await assertVersion(task, version, t);
      assertOpen(task);
      if (task.state === "reported") throw new ConflictError("Nhiệm vụ đang chờ nghiệm thu báo cáo hoàn thành trước đó.");
      const before = await snapshotOf(task, t);
      const occurrence = await currentOccurrence(task, t);
      const report = await db.TaskReport.create({ taskId: task.id, occurrenceId: occurrence?.id ?? null, authorId: actor.id, kind: "completion", progress: 100, note: result }, { transaction: t });
      await attachEvidence(actor, report.id, files, keys, t, ip);
      if (occurrence) await occurrence.update({ state: "reported" }, { transaction: t });
      await task.update({ state: "reported", progress: 100, result, lastReportAt: new Date(), version: task.version + 1 }, { transaction: t });
      await audit(actor, "task.report_completion", task, before, t, ip, { reportId: report.id });
      await notifyAboutTask(task, {
        userIds: (await decidersOf(task, t)).filter((id) => id !== actor.id),
        kind: "task.completion_reported",
        title: `Báo cáo hoàn thành chờ nghiệm thu: ${short(task.content)}`,
        body: `${actor.fullName} báo cáo hoàn thành${occurrence ? ` kỳ ${occurrence.periodLabel}` : ""}.`,
      }, t);
      emitTaskChanged(t, task, access.coordinatingUnitIds, "completion_reported");
      await rollUpParent(actor, task.parentId, t);
      return report;
    }),
  );
}

async function loadForDecision(actor: Actor, taskId: number, requestedById: number | null, transaction: Transaction) {
  const { task, access } = await loadTaskFor(actor, taskId, null, transaction);
  authorize(actor, "task:decide", { ...access, requestedById: requestedById ?? -1 });
  return { task, access };
}

/**
 * The start of accepting or returning a completion: the decider may decide
 * (not on their own report), the form is current, a completion waits.
 */
async function openCompletionDecision(actor: Actor, taskId: number, version: number, transaction: Transaction) {
  const report = await getDb().TaskReport.findOne({ where: { taskId, kind: "completion" }, order: [["id", "DESC"]], transaction });
  const { task, access } = await loadForDecision(actor, taskId, report?.authorId ?? null, transaction);
  await assertVersion(task, version, transaction);
  if (task.state !== "reported" || !report) throw new ConflictError("Nhiệm vụ không có báo cáo hoàn thành đang chờ nghiệm thu.");
  return { task, access, report, before: await snapshotOf(task, transaction), occurrence: await currentOccurrence(task, transaction) };
}

/**
 * Nghiệm thu: the task counts as completed on the date of the accepted
 * completion report (not the date of acceptance). A recurring task closes the
 * period and opens the next one.
 */
export async function acceptCompletion({ actor, taskId, note, version, ip }: Props & { taskId: number; note?: string | null; version: number }) {
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const { task, access, report, before, occurrence } = await openCompletionDecision(actor, taskId, version, t);
    const reportedOn = toDateInputValue(report.createdAt);
    await db.TaskReport.create({ taskId: task.id, occurrenceId: occurrence?.id ?? null, authorId: actor.id, kind: "accepted", progress: 100, note: note || "Đồng ý nghiệm thu." }, { transaction: t });
    if (occurrence && task.recurrence) {
      await occurrence.update({ state: "completed", completedOn: reportedOn }, { transaction: t });
      const nextDeadline = nextRecurringDeadline(task.recurrence, occurrence.deadline);
      await db.TaskOccurrence.create({ taskId: task.id, periodLabel: periodLabel(task.recurrence, nextDeadline), deadline: nextDeadline, state: "open" }, { transaction: t });
      await task.update({ state: "in_progress", progress: 0, deadline: nextDeadline, version: task.version + 1 }, { transaction: t });
    } else {
      await task.update({ state: "completed", progress: 100, completedOn: reportedOn, result: report.note, version: task.version + 1 }, { transaction: t });
      await closePendingExtensions(actor, task, "Nhiệm vụ đã được nghiệm thu hoàn thành.", t);
    }
    await audit(actor, "task.accept", task, before, t, ip, occurrence ? { period: occurrence.periodLabel } : {});
    await notifyAboutTask(task, {
      userIds: [report.authorId, ...(task.ownerId ? [task.ownerId] : [])].filter((id) => id !== actor.id),
      kind: "task.accepted",
      title: `Đã nghiệm thu: ${short(task.content)}`,
      body: occurrence ? `Kỳ ${occurrence.periodLabel} được ghi nhận hoàn thành ngày ${formatDateOnly(reportedOn)}.` : `Ghi nhận hoàn thành ngày ${formatDateOnly(reportedOn)}.`,
    }, t);
    emitTaskChanged(t, task, access.coordinatingUnitIds, "accepted");
    await rollUpParent(actor, task.parentId, t);
    return task;
  });
}

/** Trả lại: the completion report is not accepted; the reason goes back to the unit. */
export async function returnCompletion({ actor, taskId, note, version, ip }: Props & { taskId: number; note: string; version: number }) {
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const { task, access, report, before, occurrence } = await openCompletionDecision(actor, taskId, version, t);
    await db.TaskReport.create({ taskId: task.id, occurrenceId: occurrence?.id ?? null, authorId: actor.id, kind: "returned", progress: null, note }, { transaction: t });
    if (occurrence) await occurrence.update({ state: "open" }, { transaction: t });
    const lastProgress = await db.TaskReport.findOne({ where: { taskId: task.id, kind: "progress" }, order: [["id", "DESC"]], transaction: t });
    await task.update({ state: "in_progress", progress: Math.min(lastProgress?.progress ?? 90, 99), result: null, version: task.version + 1 }, { transaction: t });
    await audit(actor, "task.return", task, before, t, ip, { reason: short(note) });
    await notifyAboutTask(task, {
      userIds: [report.authorId, ...(task.ownerId ? [task.ownerId] : [])].filter((id) => id !== actor.id),
      kind: "task.returned",
      title: `Báo cáo hoàn thành bị trả lại: ${short(task.content)}`,
      body: `Lý do: ${short(note)}`,
    }, t);
    emitTaskChanged(t, task, access.coordinatingUnitIds, "returned");
    await rollUpParent(actor, task.parentId, t);
    return task;
  });
}

// ── Extensions ─────────────────────────────────────────────────────────────

/** Xin gia hạn: a new date and the reason; one request waits at a time. */
export async function requestExtension({ actor, taskId, requestedDeadline, reason, ip }: Props & { taskId: number; requestedDeadline: string; reason: string }) {
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const { task, access } = await loadTaskFor(actor, taskId, "task:request_extension", t);
    assertOpen(task);
    if (task.deadlineKind !== "date" || !task.deadline) throw new ConflictError("Chỉ nhiệm vụ có thời hạn mới xin gia hạn.");
    if (requestedDeadline <= task.deadline) throw new ValidationError({ requestedDeadline: `Thời hạn đề nghị phải sau thời hạn hiện tại (${formatDateOnly(task.deadline)}).` });
    if (requestedDeadline < todayInHanoi()) throw new ValidationError({ requestedDeadline: "Thời hạn đề nghị không được trong quá khứ." });
    const pending = await db.ExtensionRequest.findOne({ where: { taskId: task.id, status: "pending" }, transaction: t });
    if (pending) throw new ConflictError("Đã có một đề nghị gia hạn đang chờ duyệt.");
    const before = await snapshotOf(task, t);
    const request = await db.ExtensionRequest.create({ taskId: task.id, requestedById: actor.id, previousDeadline: task.deadline, requestedDeadline, reason, status: "pending" }, { transaction: t });
    await task.update({ version: task.version + 1 }, { transaction: t });
    await audit(actor, "task.request_extension", task, before, t, ip, { requestedDeadline, reason: short(reason) });
    await notifyAboutTask(task, {
      userIds: (await decidersOf(task, t)).filter((id) => id !== actor.id),
      kind: "task.extension_requested",
      title: `Đề nghị gia hạn: ${short(task.content)}`,
      body: `${actor.fullName} xin gia hạn đến ${formatDateOnly(requestedDeadline)}: ${short(reason)}`,
    }, t);
    emitTaskChanged(t, task, access.coordinatingUnitIds, "extension_requested");
    return request;
  });
}

/** Duyệt / từ chối gia hạn. Approval moves the deadline; the original deadline is kept. */
export async function decideExtension({ actor, taskId, requestId, decision, note, version, ip }: Props & { taskId: number; requestId: number; decision: "approve" | "refuse"; note?: string | null; version: number }) {
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const request = await db.ExtensionRequest.findOne({ where: { id: requestId, taskId }, transaction: t, lock: t.LOCK.UPDATE });
    if (!request) throw new NotFoundError("Không tìm thấy đề nghị gia hạn.");
    const { task, access } = await loadForDecision(actor, taskId, request.requestedById, t);
    await assertVersion(task, version, t);
    if (request.status !== "pending") throw new ConflictError("Đề nghị gia hạn này đã được xử lý.");
    assertOpen(task);
    if (decision === "approve" && task.deadline && request.requestedDeadline <= task.deadline) {
      throw new ConflictError(`Thời hạn hiện tại (${formatDateOnly(task.deadline)}) đã muộn hơn hoặc bằng thời hạn đề nghị (${formatDateOnly(request.requestedDeadline)}); không cần gia hạn.`);
    }
    const before = await snapshotOf(task, t);
    await request.update({ status: decision === "approve" ? "approved" : "refused", decidedById: actor.id, decidedAt: new Date(), decisionNote: note ?? null }, { transaction: t });
    await task.update(
      decision === "approve"
        ? { deadline: request.requestedDeadline, originalDeadline: task.originalDeadline ?? task.deadline, version: task.version + 1 }
        : { version: task.version + 1 },
      { transaction: t },
    );
    await audit(actor, decision === "approve" ? "task.extension_approved" : "task.extension_refused", task, before, t, ip, { requestId: request.id, note: note ?? null });
    await notifyAboutTask(task, {
      userIds: [request.requestedById].filter((id) => id !== actor.id),
      kind: "task.extension_decided",
      title: decision === "approve" ? `Đã duyệt gia hạn đến ${formatDateOnly(request.requestedDeadline)}` : "Đề nghị gia hạn không được chấp thuận",
      body: `${short(task.content)}${note ? ` — ${short(note)}` : ""}`,
    }, t);
    emitTaskChanged(t, task, access.coordinatingUnitIds, "extension_decided");
    return request;
  });
}

// ── Form options ───────────────────────────────────────────────────────────

/** Units, people and source labels for the assignment forms. */
export async function taskFormOptions(actor: Actor, source: TaskSource = {} as TaskSource) {
  const db = getDb();
  const [units, users] = await Promise.all([
    db.Unit.findAll({ attributes: ["id", "name", "parentId"], where: { active: true }, order: [["name", "ASC"]] }),
    db.User.findAll({ attributes: ["id", "fullName", "title", "unitId"], where: { active: true }, order: [["fullName", "ASC"]] }),
  ]);
  let directive: { id: number; label: string; summary: string; issuedOn: string } | null = null;
  if (source.directiveId) {
    const d = await db.Directive.findByPk(source.directiveId);
    if (d) directive = { id: d.id, label: formatDirectiveNumber(d), summary: d.summary, issuedOn: d.issuedOn };
  }
  let meeting: { id: number; title: string } | null = null;
  if (source.meetingId) {
    const m = await db.Meeting.findByPk(source.meetingId, { include: [{ model: db.Body, as: "body", attributes: ["id", "kind"] }] });
    if (m && canSeeMeeting(actor, (await meetingAccessFor(actor, [m])).get(m.id)!)) meeting = { id: m.id, title: m.title };
  }
  return {
    units: units.map((u) => ({ id: u.id, name: u.name })),
    users: users.map((u) => ({ id: u.id, name: u.title ? `${u.fullName} – ${u.title}` : u.fullName, unitId: u.unitId ?? null })),
    directive,
    meeting,
  };
}
