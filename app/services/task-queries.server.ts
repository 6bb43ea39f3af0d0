import { Op, QueryTypes, type WhereOptions } from "sequelize";
import { formatDirectiveNumber, getDb, type NumberFormat } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { dateOnly, todayInHanoi } from "../lib/dates";
import { NotFoundError } from "../lib/errors";
import { computeTaskStatus, DUE_SOON_DAYS, type TaskStatusCode } from "../lib/task-status";
import { authorize, can, canSeeTask, type TaskAccess } from "../policies";
import { resolvePeriod, type ReportQuery } from "../schemas/report";
import { listDocumentsFor } from "./documents.server";
import { generationCache } from "../lib/write-generations.server";
import { asOfReplacements, DONE_BY_AS_OF, loadUnitTree, reportIndexHint, reportScopeSql, statusCondition } from "./task-sql.server";
import { describeValue, fieldLabel, RECURRENCE_WORDS } from "./tasks.server";

export type TaskScope = "mine" | "unit" | "all";

const seesAll = (u: CurrentUser) => u.roles.includes("secretariat") || u.roles.includes("leader");

/** The scopes offered to this user: everyone has "mine"; a unit's people "unit"; secretariat and leaders "all". */
export function taskScopesFor(u: CurrentUser): TaskScope[] {
  return ["mine", ...(u.unitId ? (["unit"] as const) : []), ...(seesAll(u) ? (["all"] as const) : [])];
}

/** The list the user asked for, if offered to them; otherwise their unit's, or their own. A report's drill-down lists the whole city. */
export function resolveTaskScope(u: CurrentUser, asked: TaskScope | undefined, fromReport: boolean): TaskScope {
  if (fromReport) return "all";
  const scopes = taskScopesFor(u);
  return asked && scopes.includes(asked) ? asked : scopes.includes("unit") ? "unit" : "mine";
}

export type TaskListStatus = TaskStatusCode | "due_soon" | "awaiting" | "open";
export const TASKS_PER_PAGE = 50;
/** Counting a whole city's tasks for a page number costs more than the page: beyond this, "more than". */
export const TASK_COUNT_CAP = 10_000;

export type TaskListOptions = {
  scope: TaskScope;
  status?: TaskListStatus | null;
  starred?: boolean;
  page?: number;
  perPage?: number;
  /** Drill-down from a report: the report's period and scope, statuses as of its report day. */
  report?: ReportQuery | null;
};

type ScopeBranch = { from: string; where: string | null };

/** A task list row as the database returns it (DATEONLY as "yyyy-MM-dd", booleans as 0/1 on both databases). */
type TaskListRow = {
  id: number;
  content: string;
  starred: number | boolean;
  deadline: string | null;
  original_deadline: string | null;
  completed_on: string | null;
  result: string | null;
  progress: number;
  state: string;
  lead_unit_id: number;
  owner_name: string | null;
  directive_id: number | null;
  directive_number: string | null;
  directive_symbol: string | null;
  directive_number_format: NumberFormat | null;
  directive_issued_on: string | null;
};

/**
 * The scope as SQL: one SELECT per way a task can be the user's (lead unit,
 * coordinating unit; owner, assigner), joined by UNION. An OR across them
 * would make MariaDB scan the whole table; each branch walks its own index.
 * Secretariat and leaders may list everything.
 */
function scopeBranches(u: CurrentUser, scope: TaskScope, hint: string): { branches: ScopeBranch[]; replacements: Record<string, unknown> } {
  if (scope === "all" && seesAll(u)) return { branches: [{ from: `tasks t ${hint}`, where: null }], replacements: {} };
  if (scope === "unit" && u.unitId) {
    return {
      branches: [
        { from: `tasks t ${hint}`, where: "t.lead_unit_id = :scopeUnitId" },
        { from: `task_coordinators tc JOIN tasks t ${hint} ON t.id = tc.task_id`, where: "tc.unit_id = :scopeUnitId" },
      ],
      replacements: { scopeUnitId: u.unitId },
    };
  }
  return {
    branches: [
      { from: `tasks t ${hint}`, where: "t.owner_id = :scopeUserId" },
      { from: `tasks t ${hint}`, where: "t.assigned_by_id = :scopeUserId" },
    ],
    replacements: { scopeUserId: u.id },
  };
}

function statusSql(status: TaskListStatus, asOf: string, today: string): string {
  if (status === "awaiting") return "t.state = 'reported'";
  // On today's lists completed_on is never in the future: the plain state comparisons let the database use its (state, deadline) index.
  const current = asOf === today;
  if (status === "open") return current ? "t.state IN ('assigned', 'in_progress', 'reported')" : `NOT ${DONE_BY_AS_OF}`;
  if (current && status === "open_overdue") return "(t.state IN ('assigned', 'in_progress', 'reported') AND t.deadline < :asOf)";
  if (current && status === "open_on_time") return "(t.state IN ('assigned', 'in_progress', 'reported') AND t.deadline >= :asOf)";
  if (current && status === "due_soon") return "(t.state IN ('assigned', 'in_progress', 'reported') AND t.deadline >= :asOf AND t.deadline <= :dueSoonTo)";
  return statusCondition(status);
}

/**
 * One page of a task list with computed status words, filtered and counted in
 * SQL (decision 008): scope, status as of today (or a report's day), starred,
 * a report's period and scope. Ordered by deadline; counts capped at TASK_COUNT_CAP.
 */
export async function listTasksFor(actor: CurrentUser, opts: TaskListOptions) {
  const db = getDb();
  const today = todayInHanoi();
  const perPage = Math.min(Math.max(opts.perPage ?? TASKS_PER_PAGE, 1), 10_000);
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const where: string[] = [];
  let replacements: Record<string, unknown> = {};
  let asOf = today;
  if (opts.report) {
    authorize(actor, "reports:view");
    const period = resolvePeriod(opts.report, today);
    asOf = period.asOf;
    const scoped = await reportScopeSql(opts.report, period);
    where.push(...scoped.where);
    replacements = { ...scoped.replacements };
  } else {
    where.push("t.state <> 'cancelled'");
  }
  const scope = scopeBranches(actor, opts.scope, opts.report ? reportIndexHint(db.sequelize) : "");
  Object.assign(replacements, scope.replacements, asOfReplacements(asOf));
  if (opts.status) where.push(statusSql(opts.status, asOf, today));
  if (opts.starred) where.push("t.starred = :starred");
  replacements.starred = true;
  const select = (b: ScopeBranch, cols: string, tail = "") => `SELECT ${cols} FROM ${b.from} WHERE ${[...(b.where ? [b.where] : []), ...where].join(" AND ")}${tail}`;
  const pageLimit = `LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`;
  const capped = ` LIMIT ${TASK_COUNT_CAP + 1}`;
  const [only] = scope.branches;
  // Each UNION member is wrapped in a derived table so it may carry its own LIMIT in both SQLite and MySQL.
  const union = (cols: string, tail = "") => scope.branches.map((b, i) => `SELECT * FROM (${select(b, cols, tail)}) b${i}`).join(" UNION ");
  const byDeadline = " ORDER BY t.deadline ASC, t.id ASC";
  // Each branch brings only its first rows up to the end of the page, in deadline order off its index (a leader has assigned tens of thousands).
  const pageIds =
    scope.branches.length === 1
      ? select(only, "t.id, t.deadline", `${byDeadline} ${pageLimit}`)
      : `SELECT s.id, s.deadline FROM (${union("t.id, t.deadline", `${byDeadline} LIMIT ${page * perPage}`)}) s ORDER BY s.deadline ASC, s.id ASC ${pageLimit}`;
  const count = async (sql: string) => Number((await db.sequelize.query<{ n: number | string }>(`SELECT COUNT(*) AS n FROM (${sql}) capped`, { type: QueryTypes.SELECT, replacements }))[0]?.n ?? 0);
  // A big unit's own tasks alone pass the cap: then the UNION (and its de-duplication of 10,000+ ids) is not needed.
  const cappedCount = async () => {
    const first = await count(select(only, "t.id", capped));
    return scope.branches.length === 1 || first > TASK_COUNT_CAP ? first : count(union("t.id", capped));
  };
  const [found, counted] = await Promise.all([
    // The page's rows with their names in the same query: one round trip, no model instances.
    db.sequelize.query<TaskListRow>(
      `SELECT t.id, t.content, t.starred, t.deadline, t.original_deadline, t.completed_on, t.result, t.progress, t.state, t.lead_unit_id,
              o.full_name AS owner_name, d.id AS directive_id, d.number AS directive_number, d.symbol AS directive_symbol,
              d.number_format AS directive_number_format, d.issued_on AS directive_issued_on
       FROM (${pageIds}) page JOIN tasks t ON t.id = page.id
       LEFT JOIN users o ON o.id = t.owner_id LEFT JOIN directives d ON d.id = t.directive_id
       ORDER BY page.deadline ASC, page.id ASC`,
      { type: QueryTypes.SELECT, replacements },
    ),
    cappedCount(),
  ]);
  const units = await loadUnitTree();
  const total = Math.min(counted, TASK_COUNT_CAP);
  const rows = found.map((t) => {
    const deadline = dateOnly(t.deadline);
    const completedOn = dateOnly(t.completed_on);
    return {
      id: Number(t.id),
      content: t.content,
      starred: Boolean(t.starred),
      deadline,
      originalDeadline: dateOnly(t.original_deadline),
      completedOn,
      result: t.result,
      progress: Number(t.progress),
      awaitingAcceptance: t.state === "reported",
      leadUnitName: units.nodes.get(Number(t.lead_unit_id))?.name ?? "",
      ownerName: t.owner_name,
      directive:
        t.directive_id != null
          ? { id: Number(t.directive_id), label: formatDirectiveNumber({ number: t.directive_number!, symbol: t.directive_symbol!, numberFormat: t.directive_number_format! }), issuedOn: dateOnly(t.directive_issued_on) }
          : null,
      status: computeTaskStatus(
        // As of a past report day a task completed later was still open.
        { deadline, completedOn: completedOn && completedOn <= asOf ? completedOn : null, state: t.state === "completed" && (!completedOn || completedOn <= asOf) ? "completed" : "in_progress" },
        asOf,
      ),
    };
  });
  return { rows, total, totalIsCapped: counted > TASK_COUNT_CAP, page, perPage, pageCount: Math.max(1, Math.ceil(total / perPage)), asOf };
}

export type TaskListPage = Awaited<ReturnType<typeof listTasksFor>>;

/** One task answering the five "rõ": who, what, responsibility, progress, result — with its timeline, history and what the viewer may do. */
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
    ],
  });
  if (!t) throw new NotFoundError("Không tìm thấy nhiệm vụ.");
  const access: TaskAccess = {
    leadUnitId: t.leadUnitId,
    coordinatingUnitIds: (t.coordinatingUnits ?? []).map((u) => u.id),
    ownerId: t.ownerId ?? null,
    assignedById: t.assignedById ?? null,
  };
  if (!canSeeTask(actor, access)) throw new NotFoundError("Không tìm thấy nhiệm vụ.");
  const [children, reports, extensions, occurrences, history] = await Promise.all([
    db.Task.findAll({ attributes: ["id", "content", "progress", "deadline", "completedOn", "state"], where: { parentId: t.id, state: { [Op.ne]: "cancelled" } }, order: [["id", "ASC"]] }),
    db.TaskReport.findAll({ where: { taskId: t.id }, include: [{ model: db.User, as: "author", attributes: ["id", "fullName"] }], order: [["createdAt", "DESC"], ["id", "DESC"]] }),
    db.ExtensionRequest.findAll({
      where: { taskId: t.id },
      include: [
        { model: db.User, as: "requestedBy", attributes: ["id", "fullName"] },
        { model: db.User, as: "decidedBy", attributes: ["id", "fullName"] },
      ],
      order: [["createdAt", "DESC"], ["id", "DESC"]],
    }),
    db.TaskOccurrence.findAll({ where: { taskId: t.id }, order: [["deadline", "DESC"]] }),
    db.AuditEvent.findAll({ where: { entityType: "task", entityId: t.id }, include: [{ model: db.User, as: "actor", attributes: ["id", "fullName"] }], order: [["id", "DESC"]], limit: 200 }),
  ]);
  const evidence = await listDocumentsFor("task_report", reports.map((r) => r.id));
  const today = todayInHanoi();
  const pendingCompletion = t.state === "reported" ? reports.find((r) => r.kind === "completion") ?? null : null;
  const pendingExtension = extensions.find((e) => e.status === "pending") ?? null;
  const open = t.state !== "completed" && t.state !== "cancelled";
  const acceptedReport = t.state === "completed" ? reports.find((r) => r.kind === "completion") ?? null : null;
  return {
    id: t.id,
    version: t.version,
    content: t.content,
    starred: t.starred,
    deadlineKind: t.deadlineKind,
    deadline: t.deadline,
    originalDeadline: t.originalDeadline,
    recurrence: t.recurrence,
    recurrenceLabel: t.recurrence ? RECURRENCE_WORDS[t.recurrence] : null,
    progress: t.progress,
    state: t.state,
    completedOn: t.completedOn,
    result: t.result,
    minutesAnchor: t.minutesAnchor,
    status: computeTaskStatus({ deadline: t.deadline, completedOn: t.completedOn, state: t.state }, today),
    leadUnit: t.leadUnit ? { id: t.leadUnit.id, name: t.leadUnit.name } : null,
    coordinatingUnits: (t.coordinatingUnits ?? []).map((u) => ({ id: u.id, name: u.name })),
    coordinatingUnitIds: access.coordinatingUnitIds,
    leadUnitId: t.leadUnitId,
    ownerId: t.ownerId ?? null,
    parentId: t.parentId ?? null,
    owner: t.owner ? { fullName: t.owner.fullName, title: t.owner.title } : null,
    assignedBy: t.assignedBy ? { fullName: t.assignedBy.fullName, title: t.assignedBy.title } : null,
    directive: t.directive ? { id: t.directive.id, label: formatDirectiveNumber(t.directive), summary: t.directive.summary, issuedOn: t.directive.issuedOn } : null,
    meeting: t.meeting ? { id: t.meeting.id, title: t.meeting.title, startsAt: t.meeting.startsAt.toISOString() } : null,
    parent: t.parent ? { id: t.parent.id, content: t.parent.content } : null,
    children: children.map((c) => ({
      id: c.id,
      content: c.content,
      progress: c.state === "completed" ? 100 : c.progress,
      deadline: c.deadline,
      status: computeTaskStatus({ deadline: c.deadline, completedOn: c.completedOn, state: c.state }, today),
    })),
    reports: reports.map((r) => ({
      id: r.id,
      kind: r.kind,
      progress: r.progress,
      note: r.note,
      author: r.author?.fullName ?? "",
      createdAt: r.createdAt.toISOString(),
      documents: evidence[r.id] ?? [],
    })),
    acceptedEvidence: acceptedReport ? evidence[acceptedReport.id] ?? [] : [],
    extensions: extensions.map((e) => ({
      id: e.id,
      status: e.status,
      previousDeadline: e.previousDeadline,
      requestedDeadline: e.requestedDeadline,
      reason: e.reason,
      requestedBy: e.requestedBy?.fullName ?? "",
      decidedBy: e.decidedBy?.fullName ?? null,
      decidedAt: e.decidedAt?.toISOString() ?? null,
      decisionNote: e.decisionNote,
      createdAt: e.createdAt.toISOString(),
    })),
    occurrences: occurrences.map((o) => ({
      id: o.id,
      periodLabel: o.periodLabel,
      deadline: o.deadline,
      completedOn: o.completedOn,
      state: o.state,
      status: computeTaskStatus({ deadline: o.deadline, completedOn: o.completedOn, state: o.state === "completed" ? "completed" : "in_progress" }, today),
    })),
    history: history.map((e) => presentAuditEvent(e)),
    lastReportAt: reports.find((r) => r.kind === "progress" || r.kind === "completion")?.createdAt.toISOString() ?? null,
    pendingCompletion: pendingCompletion ? { id: pendingCompletion.id, author: pendingCompletion.author?.fullName ?? "", createdAt: pendingCompletion.createdAt.toISOString() } : null,
    pendingExtension: pendingExtension ? { id: pendingExtension.id, requestedDeadline: pendingExtension.requestedDeadline, reason: pendingExtension.reason, requestedBy: pendingExtension.requestedBy?.fullName ?? "" } : null,
    viewer: {
      canEdit: open && can(actor, "task:edit", access),
      canReportProgress: open && can(actor, "task:report_progress", access),
      canReportCompletion: open && t.state !== "reported" && can(actor, "task:report_completion", access),
      canRequestExtension: open && t.deadlineKind === "date" && !pendingExtension && can(actor, "task:request_extension", access),
      canDecideCompletion: Boolean(pendingCompletion) && can(actor, "task:decide", { ...access, requestedById: pendingCompletion?.authorId ?? -1 }),
      canDecideExtension: Boolean(pendingExtension) && open && can(actor, "task:decide", { ...access, requestedById: pendingExtension?.requestedById ?? -1 }),
      canAssignSubtask: open && can(actor, "task:assign"),
    },
  };
}

export type TaskHistoryEntry = { id: number; action: string; actor: string; at: string; changes: { field: string; label: string; before: string; after: string }[]; note: string | null };

const ACTION_WORDS: Record<string, string> = {
  "task.create": "Giao nhiệm vụ",
  "task.update": "Sửa nhiệm vụ",
  "task.rollup": "Cập nhật tiến độ từ nhiệm vụ con",
  "task.report_progress": "Báo cáo tiến độ",
  "task.report_completion": "Báo cáo hoàn thành",
  "task.accept": "Nghiệm thu hoàn thành",
  "task.return": "Trả lại báo cáo hoàn thành",
  "task.request_extension": "Xin gia hạn",
  "task.extension_approved": "Duyệt gia hạn",
  "task.extension_refused": "Không duyệt gia hạn",
};

/** An audit event as a line of the history: who, when, field before → after. */
function presentAuditEvent(e: { id: number; action: string; createdAt: Date; before?: unknown; after?: unknown; actor?: { fullName: string } | null }): TaskHistoryEntry {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  const isCreate = e.action === "task.create";
  const changes = Object.keys(after)
    .filter((k) => k !== "version" && fieldLabel(k) !== k && !(isCreate && (after[k] === null || after[k] === "")))
    .map((k) => ({ field: k, label: fieldLabel(k), before: isCreate ? "" : describeValue(k, before[k]), after: describeValue(k, after[k]) }));
  const note = typeof after.note === "string" ? after.note : typeof after.reason === "string" ? after.reason : null;
  return { id: e.id, action: ACTION_WORDS[e.action] ?? e.action, actor: e.actor?.fullName ?? "Hệ thống", at: e.createdAt.toISOString(), changes, note };
}

/**
 * The header's counters: the user's and unit's open tasks overdue or due
 * within DUE_SOON_DAYS, and completion reports / extension requests waiting
 * for this user's decision. Counted in SQL (deadline strings compare as dates).
 */
/**
 * The header's counters run on every page: kept per user and day while no
 * task has been written in this process (at most 10 s for other processes' writes).
 */
const counterCache = generationCache<{ overdue: number; dueSoon: number; awaitingDecision: number }>("tasks", 10_000);

export function taskCountersFor(actor: CurrentUser, today = todayInHanoi()) {
  return counterCache.get(`${actor.id}:${actor.unitId ?? ""}:${actor.roles.join(",")}:${today}`, () => countTasksFor(actor, today));
}

async function countTasksFor(actor: CurrentUser, today: string) {
  const db = getDb();
  const mine: WhereOptions[] = [{ ownerId: actor.id }];
  if (actor.unitId) mine.push({ leadUnitId: actor.unitId });
  const open = { state: { [Op.notIn]: ["completed", "cancelled"] } };
  const soon = addDaysYmd(today, DUE_SOON_DAYS);
  const decides = seesAll(actor) && actor.roles.includes("secretariat") ? {} : { assignedById: actor.id };
  // Nobody decides on their own report or request (policy task:decide), so those are not "waiting for me".
  const ownCompletions = await db.TaskReport.findAll({ attributes: ["taskId"], where: { kind: "completion", authorId: actor.id }, group: ["taskId"] });
  const [overdue, dueSoon, awaitingCompletion, awaitingExtension] = await Promise.all([
    db.Task.count({ where: { [Op.or]: mine, ...open, deadline: { [Op.lt]: today } } }),
    db.Task.count({ where: { [Op.or]: mine, ...open, deadline: { [Op.gte]: today, [Op.lte]: soon } } }),
    db.Task.count({ where: { ...decides, state: "reported", ...(ownCompletions.length ? { id: { [Op.notIn]: ownCompletions.map((r) => r.taskId) } } : {}) } }),
    db.ExtensionRequest.count({
      where: { status: "pending", requestedById: { [Op.ne]: actor.id } },
      include: [{ model: db.Task, as: "task", attributes: [], where: { ...decides, ...open }, required: true }],
    }),
  ]);
  return { overdue, dueSoon, awaitingDecision: awaitingCompletion + awaitingExtension };
}

function addDaysYmd(ymd: string, days: number) {
  const d = new Date(`${ymd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The tasks a meeting gave (its conclusions), as far as the user may see them. */
export async function listMeetingTasksFor(actor: CurrentUser, meetingId: number) {
  const db = getDb();
  const rows = await db.Task.findAll({
    where: { meetingId, state: { [Op.ne]: "cancelled" } },
    include: [
      { model: db.Unit, as: "leadUnit", attributes: ["id", "name"] },
      { model: db.Unit, as: "coordinatingUnits", attributes: ["id"], through: { attributes: [] } },
    ],
    order: [["id", "ASC"]],
    limit: 200,
  });
  const today = todayInHanoi();
  return rows
    .filter((t) => canSeeTask(actor, { leadUnitId: t.leadUnitId, coordinatingUnitIds: (t.coordinatingUnits ?? []).map((u) => u.id), ownerId: t.ownerId ?? null, assignedById: t.assignedById ?? null }))
    .map((t) => ({ id: t.id, content: t.content, leadUnitName: t.leadUnit?.name ?? "", deadline: t.deadline, progress: t.progress, status: computeTaskStatus({ deadline: t.deadline, completedOn: t.completedOn, state: t.state }, today) }));
}
