import { Op } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { todayInHanoi } from "../lib/dates";
import { NotFoundError } from "../lib/errors";
import { computeTaskStatus } from "../lib/task-status";
import { canSeeDirective, canSeeTask, type DirectiveAccess } from "../policies";

async function directiveIdsInvolving(actor: CurrentUser) {
  const db = getDb();
  const or: object[] = [{ ownerId: actor.id }, { assignedById: actor.id }];
  if (actor.unitId) or.push({ leadUnitId: actor.unitId });
  const rows = await db.Task.findAll({ attributes: ["directiveId"], where: { directiveId: { [Op.ne]: null }, [Op.or]: or } as never, group: ["directiveId"] });
  return new Set(rows.map((r) => r.directiveId as number));
}

/** What the directive rule needs for one directive, or null when it does not exist. */
export async function directiveAccessFor(actor: CurrentUser, id: number): Promise<DirectiveAccess | null> {
  const d = await getDb().Directive.findByPk(id, { attributes: ["id", "confidentiality"] });
  if (!d) return null;
  const involved = await directiveIdsInvolving(actor);
  return { confidentiality: d.confidentiality, involvesUser: involved.has(d.id) };
}

/** The register (sổ văn bản chỉ đạo), newest first, filtered by what the user may see. */
export async function listDirectivesFor(actor: CurrentUser) {
  const db = getDb();
  const [rows, involved] = await Promise.all([
    db.Directive.findAll({ order: [["issuedOn", "DESC"], ["id", "DESC"]], limit: 500 }),
    directiveIdsInvolving(actor),
  ]);
  const counts = await db.Task.findAll({
    attributes: ["directiveId", "deadline", "completedOn", "state"],
    where: { directiveId: rows.map((r) => r.id), state: { [Op.ne]: "cancelled" } },
  });
  const today = todayInHanoi();
  return rows
    .filter((d) => canSeeDirective(actor, { confidentiality: d.confidentiality, involvesUser: involved.has(d.id) }))
    .map((d) => {
      const tasks = counts.filter((t) => t.directiveId === d.id).map((t) => computeTaskStatus({ deadline: t.deadline, completedOn: t.completedOn, state: t.state }, today));
      return {
        id: d.id,
        kind: d.kind,
        label: formatDirectiveNumber(d),
        issuer: d.issuer,
        issuedOn: d.issuedOn,
        summary: d.summary,
        status: d.status,
        confidentiality: d.confidentiality,
        taskCount: tasks.length,
        completedCount: tasks.filter((s) => s.completed).length,
        overdueCount: tasks.filter((s) => s.code === "open_overdue").length,
      };
    });
}

export async function getDirectiveFor(actor: CurrentUser, id: number) {
  const db = getDb();
  const d = await db.Directive.findByPk(id, {
    include: [
      { model: db.Meeting, as: "sourceMeeting", attributes: ["id", "title"] },
      {
        model: db.Task,
        as: "tasks",
        include: [
          { model: db.Unit, as: "leadUnit", attributes: ["id", "name"] },
          { model: db.Unit, as: "coordinatingUnits", attributes: ["id", "name"], through: { attributes: [] } },
        ],
      },
    ],
    order: [[{ model: db.Task, as: "tasks" }, "id", "ASC"]],
  });
  if (!d) throw new NotFoundError("Không tìm thấy văn bản.");
  const involved = await directiveIdsInvolving(actor);
  if (!canSeeDirective(actor, { confidentiality: d.confidentiality, involvesUser: involved.has(d.id) })) throw new NotFoundError("Không tìm thấy văn bản.");
  const today = todayInHanoi();
  return {
    id: d.id,
    kind: d.kind,
    label: formatDirectiveNumber(d),
    issuer: d.issuer,
    signer: d.signer,
    issuedOn: d.issuedOn,
    summary: d.summary,
    body: d.body,
    status: d.status,
    confidentiality: d.confidentiality,
    sourceMeeting: d.sourceMeeting ? { id: d.sourceMeeting.id, title: d.sourceMeeting.title } : null,
    tasks: (d.tasks ?? [])
      .filter((t) => canSeeTask(actor, { leadUnitId: t.leadUnitId, coordinatingUnitIds: (t.coordinatingUnits ?? []).map((u) => u.id), ownerId: t.ownerId ?? null, assignedById: t.assignedById ?? null }))
      .map((t) => ({
        id: t.id,
        content: t.content,
        starred: t.starred,
        leadUnitName: t.leadUnit?.name ?? "",
        coordinating: (t.coordinatingUnits ?? []).map((u) => u.name),
        deadline: t.deadline,
        progress: t.progress,
        status: computeTaskStatus({ deadline: t.deadline, completedOn: t.completedOn, state: t.state }, today),
      })),
  };
}
