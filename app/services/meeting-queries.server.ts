import { Op } from "sequelize";
import { getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { NotFoundError } from "../lib/errors";
import { authorize, can } from "../policies";
import { attendanceSummary } from "./invitations.server";
import { meetingRoleOf } from "./meetings.server";
import { filterVisibleMeetings, meetingAccessFor } from "./meeting-access.server";

const isSecretariat = (u: CurrentUser) => u.roles.includes("secretariat");

/** Meetings this user may see between two instants, oldest first. */
export async function listMeetingsFor(actor: CurrentUser, { from, to }: { from: Date; to: Date }) {
  const db = getDb();
  const rows = await db.Meeting.findAll({
    where: { startsAt: { [Op.gte]: from, [Op.lt]: to } },
    include: [
      { model: db.Body, as: "body", attributes: ["id", "name", "kind"] },
      { model: db.Room, as: "room", attributes: ["id", "name"] },
      { model: db.User, as: "chair", attributes: ["id", "fullName"] },
    ],
    order: [["startsAt", "ASC"]],
    limit: 500,
  });
  const published = rows.filter((m) => m.status !== "draft" || isSecretariat(actor));
  const visible = await filterVisibleMeetings(actor, published);
  return visible.map((m) => ({
    id: m.id,
    title: m.title,
    kind: m.kind,
    status: m.status,
    confidentiality: m.confidentiality,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    bodyName: m.body?.name ?? "",
    bodyKind: m.body?.kind ?? "state",
    place: m.room?.name ?? (m.onlineUrl ? "Trực tuyến" : ""),
    chairName: m.chair?.fullName ?? null,
  }));
}

/** One meeting with its agenda and invitees, after the visibility policy. */
export async function getMeetingFor(actor: CurrentUser, id: number) {
  const db = getDb();
  const m = await db.Meeting.findByPk(id, {
    include: [
      { model: db.Body, as: "body" },
      { model: db.Room, as: "room" },
      { model: db.User, as: "chair", attributes: ["id", "fullName", "title"] },
      { model: db.User, as: "secretary", attributes: ["id", "fullName", "title"] },
      {
        model: db.AgendaItem,
        as: "agendaItems",
        include: [
          { model: db.Unit, as: "presenterUnit", attributes: ["id", "name"] },
          { model: db.User, as: "presenterUser", attributes: ["id", "fullName"] },
        ],
      },
      {
        model: db.Invitation,
        as: "invitations",
        include: [
          { model: db.User, as: "user", attributes: ["id", "fullName", "title"] },
          { model: db.Unit, as: "unit", attributes: ["id", "name"] },
          { model: db.User, as: "delegateUser", attributes: ["id", "fullName"] },
        ],
      },
    ],
    order: [
      [{ model: db.AgendaItem, as: "agendaItems" }, "position", "ASC"],
      [{ model: db.Invitation, as: "invitations" }, "id", "ASC"],
    ],
  });
  // A meeting one may not see is reported as missing, not as forbidden: its existence is confidential too.
  if (!m || (m.status === "draft" && !isSecretariat(actor))) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const access = (await meetingAccessFor(actor, [m])).get(m.id)!;
  try {
    authorize(actor, "meeting:view", access);
  } catch {
    throw new NotFoundError("Không tìm thấy cuộc họp.");
  }
  let cursor = m.startsAt.getTime();
  const canManage = can(actor, "meeting:manage", meetingRoleOf(m, access.isInvitee));
  const answerable = (m.invitations ?? []).filter((i) => (i.userId ? i.userId === actor.id : i.unitId != null && i.unitId === actor.unitId));
  return {
    id: m.id,
    version: m.version,
    icalSequence: m.icalSequence,
    bodyId: m.bodyId,
    roomId: m.roomId ?? null,
    chairId: m.chairId ?? null,
    secretaryId: m.secretaryId ?? null,
    viewer: {
      canManage,
      answerableInvitationIds: answerable.map((i) => i.id),
      isInvitee: access.isInvitee,
    },
    attendance: await attendanceSummary(m.id),
    title: m.title,
    kind: m.kind,
    status: m.status,
    statusReason: m.statusReason,
    confidentiality: m.confidentiality,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    notes: m.notes,
    body: { id: m.body!.id, name: m.body!.name, kind: m.body!.kind },
    room: m.room ? { name: m.room.name, location: m.room.location } : null,
    onlineUrl: m.onlineUrl,
    chair: m.chair ? { fullName: m.chair.fullName, title: m.chair.title } : null,
    secretary: m.secretary ? { fullName: m.secretary.fullName, title: m.secretary.title } : null,
    agenda: (m.agendaItems ?? []).map((a) => {
      const startsAt = new Date(cursor).toISOString();
      cursor += a.durationMinutes * 60_000;
      return {
        id: a.id,
        position: a.position,
        title: a.title,
        description: a.description,
        durationMinutes: a.durationMinutes,
        startsAt,
        status: a.status,
        presenter: [a.presenterUser?.fullName, a.presenterUnit?.name].filter(Boolean).join(" – "),
        presenterUnitId: a.presenterUnitId ?? null,
        presenterUserId: a.presenterUserId ?? null,
      };
    }),
    invitations: (m.invitations ?? []).map((i) => ({
      id: i.id,
      userId: i.userId ?? null,
      unitId: i.unitId ?? null,
      delegatedFromId: i.delegatedFromId ?? null,
      checkedInAt: i.checkedInAt?.toISOString() ?? null,
      name: i.user?.fullName ?? i.unit?.name ?? "",
      title: i.user?.title ?? null,
      isUnit: Boolean(i.unitId),
      role: i.role,
      rsvp: i.rsvp,
      reason: i.reason,
      delegate: i.delegateUser?.fullName ?? null,
      checkedIn: Boolean(i.checkedInAt),
    })),
  };
}

/** People and units to pick from on the meeting page (invite, delegate, presenter). */
export async function meetingPagePickers(actor: CurrentUser, { manage }: { manage: boolean }) {
  const db = getDb();
  const users = await db.User.findAll({ where: { active: true }, attributes: ["id", "fullName", "title", "unitId"], order: [["fullName", "ASC"]], limit: 2000 });
  const units = manage ? await db.Unit.findAll({ where: { active: true }, attributes: ["id", "name"], order: [["name", "ASC"]], limit: 2000 }) : [];
  // Delegates are usually colleagues: the actor's own unit first.
  const sorted = [...users].sort((a, b) => Number(b.unitId === actor.unitId) - Number(a.unitId === actor.unitId));
  return {
    users: sorted.map((u) => ({ id: u.id, fullName: u.fullName, title: u.title, unitId: u.unitId ?? null })),
    units: units.map((u) => ({ id: u.id, name: u.name })),
  };
}
