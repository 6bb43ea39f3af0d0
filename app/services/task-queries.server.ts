import { Op, type WhereOptions } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { todayInHanoi } from "../lib/dates";
import { NotFoundError } from "../lib/errors";
import { computeTaskStatus, type TaskStatusCode } from "../lib/task-status";
import { canSeeTask, type TaskAccess } from "../policies";

export type TaskScope = "mine" | "unit" | "all";

const seesAll = (u: CurrentUser) => u.roles.includes("secretariat") || u.roles.includes("leader");

/** The scopes offered to this user: everyone has "mine"; a unit's people "unit"; secretariat and leaders "all". */
export function taskScopesFor(u: CurrentUser): TaskScope[] {
  return ["mine", ...(u.unitId ? (["unit"] as const) : []), ...(seesAll(u) ? (["all"] as const) : [])];
}

function scopeWhere(u: CurrentUser, scope: TaskScope, coordinatedIds: number[]): WhereOptions {
  if (scope === "all" && seesAll(u)) return {};
  if (scope === "unit" && u.unitId) return { [Op.or]: [{ leadUnitId: u.unitId }, { id: coordinatedIds }] };
  return { [Op.or]: [{ ownerId: u.id }, { assignedById: u.id }] };
}

/** Task list with computed status words; `status` filters on the computed code. */
export async function listTasksFor(actor: CurrentUser, opts: { scope: TaskScope; status?: TaskStatusCode | "due_soon" | null; limit?: number }) {
  const db = getDb();
  const coordinated = actor.unitId
    ? (await db.TaskCoordinator.findAll({ attributes: ["taskId"], where: { unitId: actor.unitId } })).map((c) => c.taskId)
    : [];
  const rows = await db.Task.findAll({
    where: { ...scopeWhere(actor, opts.scope, coordinated), state: { [Op.ne]: "cancelled" } },
    include: [
      { model: db.Unit, as: "leadUnit", attributes: ["id", "name"] },
      { model: db.User, as: "owner", attributes: ["id", "fullName"] },
      { model: db.Directive, as: "directive", attributes: ["id", "number", "symbol", "numberFormat"] },
    ],
    order: [["deadline", "ASC"], ["id", "ASC"]],
    limit: opts.limit ?? 500,
  });
  const today = todayInHanoi();
  return rows
    .map((t) => ({
      id: t.id,
      content: t.content,
      starred: t.starred,
      deadline: t.deadline,
      originalDeadline: t.originalDeadline,
      progress: t.progress,
      leadUnitName: t.leadUnit?.name ?? "",
      ownerName: t.owner?.fullName ?? null,
      directive: t.directive ? { id: t.directive.id, label: formatDirectiveNumber(t.directive) } : null,
      status: computeTaskStatus({ deadline: t.deadline, completedOn: t.completedOn, state: t.state }, today),
    }))
    .filter((t) => !opts.status || (opts.status === "due_soon" ? t.status.dueSoon : t.status.code === opts.status));
}

/** One task answering the five "rõ": who, what, responsibility, progress, result. */
export async function getTaskFor(actor: CurrentUser, id: number) {
  const db = getDb();
  const t = await db.Task.findByPk(id, {
    include: [
      { model: db.Unit, as: "leadUnit", attributes: ["id", "name"] },
      { model: db.Unit, as: "coordinatingUnits", attributes: ["id", "name"], through: { attributes: [] } },
      { model: db.User, as: "owner", attributes: ["id", "fullName", "title"] },
      { model: db.User, as: "assignedBy", attributes: ["id", "fullName", "title"] },
      { model: db.Directive, as: "directive", attributes: ["id", "number", "symbol", "numberFormat", "summary", "issuedOn"] },
      { model: db.Meeting, as: "meeting", attributes: ["id", "title", "startsAt"] },
      { model: db.Task, as: "parent", attributes: ["id", "content"] },
      { model: db.Task, as: "children", attributes: ["id", "content", "progress", "deadline", "completedOn", "state"] },
      { model: db.TaskReport, as: "reports", include: [{ model: db.User, as: "author", attributes: ["id", "fullName"] }] },
    ],
    order: [[{ model: db.TaskReport, as: "reports" }, "createdAt", "DESC"]],
  });
  if (!t) throw new NotFoundError("Không tìm thấy nhiệm vụ.");
  const access: TaskAccess = {
    leadUnitId: t.leadUnitId,
    coordinatingUnitIds: (t.coordinatingUnits ?? []).map((u) => u.id),
    ownerId: t.ownerId ?? null,
    assignedById: t.assignedById ?? null,
  };
  if (!canSeeTask(actor, access)) throw new NotFoundError("Không tìm thấy nhiệm vụ.");
  const today = todayInHanoi();
  const reports = t.reports ?? [];
  return {
    id: t.id,
    content: t.content,
    starred: t.starred,
    deadlineKind: t.deadlineKind,
    deadline: t.deadline,
    originalDeadline: t.originalDeadline,
    recurrence: t.recurrence,
    progress: t.progress,
    state: t.state,
    completedOn: t.completedOn,
    result: t.result,
    status: computeTaskStatus({ deadline: t.deadline, completedOn: t.completedOn, state: t.state }, today),
    leadUnit: t.leadUnit ? { id: t.leadUnit.id, name: t.leadUnit.name } : null,
    coordinatingUnits: (t.coordinatingUnits ?? []).map((u) => ({ id: u.id, name: u.name })),
    owner: t.owner ? { fullName: t.owner.fullName, title: t.owner.title } : null,
    assignedBy: t.assignedBy ? { fullName: t.assignedBy.fullName, title: t.assignedBy.title } : null,
    directive: t.directive ? { id: t.directive.id, label: formatDirectiveNumber(t.directive), summary: t.directive.summary, issuedOn: t.directive.issuedOn } : null,
    meeting: t.meeting ? { id: t.meeting.id, title: t.meeting.title, startsAt: t.meeting.startsAt.toISOString() } : null,
    parent: t.parent ? { id: t.parent.id, content: t.parent.content } : null,
    children: (t.children ?? []).map((c) => ({
      id: c.id,
      content: c.content,
      progress: c.progress,
      deadline: c.deadline,
      status: computeTaskStatus({ deadline: c.deadline, completedOn: c.completedOn, state: c.state }, today),
    })),
    reports: reports.map((r) => ({ id: r.id, kind: r.kind, progress: r.progress, note: r.note, author: r.author?.fullName ?? "", createdAt: r.createdAt.toISOString() })),
    lastReportAt: reports[0]?.createdAt.toISOString() ?? null,
  };
}
