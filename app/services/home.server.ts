import { Op, type WhereOptions } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { addWorkingDays, todayInHanoi } from "../lib/dates";
import { computeTaskStatus, DUE_SOON_DAYS } from "../lib/task-status";
import { filterVisibleMeetings } from "./meeting-access.server";

const UPCOMING_DAYS = 14;

/** What matters to this user today: upcoming meetings, own tasks near or past deadline, new notifications. */
export async function homeOverview(actor: CurrentUser, now = new Date()) {
  const db = getDb();
  const until = new Date(now.getTime() + UPCOMING_DAYS * 24 * 3600 * 1000);
  const candidates = await db.Meeting.findAll({
    where: { endsAt: { [Op.gte]: now }, startsAt: { [Op.lte]: until }, status: { [Op.in]: ["convened", "in_progress", "postponed", "draft"] } },
    include: [
      { model: db.Body, as: "body", attributes: ["id", "name", "kind"] },
      { model: db.Room, as: "room", attributes: ["id", "name"] },
    ],
    order: [["startsAt", "ASC"]],
    limit: 100,
  });
  // Drafts are the secretariat's work in progress: others see a meeting once it is convened.
  const published = candidates.filter((m) => m.status !== "draft" || actor.roles.includes("secretariat"));
  const meetings = (await filterVisibleMeetings(actor, published)).slice(0, 8);

  const today = todayInHanoi(now);
  const soon = addWorkingDays(today, DUE_SOON_DAYS + 2); // a little wider than "sắp đến hạn", filtered exactly below
  const mine: WhereOptions[] = [{ ownerId: actor.id }, { assignedById: actor.id }];
  if (actor.unitId) mine.push({ leadUnitId: actor.unitId });
  const tasks = await db.Task.findAll({
    where: {
      [Op.or]: mine,
      state: { [Op.notIn]: ["completed", "cancelled"] },
      deadline: { [Op.ne]: null, [Op.lte]: soon },
    },
    include: [
      { model: db.Unit, as: "leadUnit", attributes: ["id", "name"] },
      { model: db.Directive, as: "directive", attributes: ["id", "number", "symbol", "numberFormat", "confidentiality"] },
    ],
    order: [["deadline", "ASC"]],
    limit: 50,
  });
  const attention = tasks
    .map((t) => ({ t, status: computeTaskStatus({ deadline: t.deadline, completedOn: t.completedOn, state: t.state }, today) }))
    .filter(({ status }) => status.code === "open_overdue" || status.dueSoon)
    .slice(0, 10);

  const notifications = await db.Notification.findAll({ where: { userId: actor.id, readAt: null }, order: [["createdAt", "DESC"]], limit: 5 });

  return {
    today,
    meetings: meetings.map((m) => ({
      id: m.id,
      title: m.title,
      startsAt: m.startsAt.toISOString(),
      endsAt: m.endsAt.toISOString(),
      status: m.status,
      confidentiality: m.confidentiality,
      bodyName: m.body?.name ?? "",
      bodyKind: m.body?.kind ?? "state",
      place: m.room?.name ?? (m.onlineUrl ? "Trực tuyến" : ""),
    })),
    tasks: attention.map(({ t, status }) => ({
      id: t.id,
      content: t.content,
      deadline: t.deadline,
      progress: t.progress,
      starred: t.starred,
      leadUnitName: t.leadUnit?.name ?? "",
      directiveLabel: t.directive ? formatDirectiveNumber(t.directive) : null,
      status,
    })),
    notifications: notifications.map((n) => ({ id: n.id, title: n.title, url: n.url, createdAt: n.createdAt.toISOString() })),
  };
}

