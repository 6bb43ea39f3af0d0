import { Op } from "sequelize";
import { getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { NotFoundError } from "../lib/errors";
import { authorize } from "../policies";
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
    order: [[{ model: db.AgendaItem, as: "agendaItems" }, "position", "ASC"]],
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
  return {
    id: m.id,
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
      };
    }),
    invitations: (m.invitations ?? []).map((i) => ({
      id: i.id,
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
