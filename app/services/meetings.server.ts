import { Op, type Transaction } from "sequelize";
import { getDb } from "../../models";
import type { Meeting } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { formatDate, formatDateTime, formatTime, hanoiWallTimeToUtc } from "../lib/dates";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../lib/errors";
import { MEETING_STATUS_LABELS } from "../lib/labels";
import { authorize, can, canSeeMeeting, type MeetingRole } from "../policies";
import type { MeetingFormInput } from "../schemas/meeting";
import { recordAudit } from "./audit.server";
import { meetingAccessFor } from "./meeting-access.server";
import { emitMeetingChanged, notifyInvitees } from "./meeting-events.server";
import { indexMeeting } from "./search-index.server";
import { inTransaction } from "./transaction.server";

const MAX_MEETING_HOURS = 12;
/** Meetings that still hold their room and their people. */
const LIVE_STATUSES = ["draft", "convened", "in_progress", "postponed"] as const;

type Actor = CurrentUser;

export type ConflictWarning = { meetingId: number; title: string; startsAt: string; endsAt: string; who: string };

/** The answer when only warnings stand between the form and the save: the secretariat confirms them. */
export class ConflictWarningsError extends ConflictError {
  readonly warnings: ConflictWarning[];
  constructor(warnings: ConflictWarning[]) {
    super("Có người đã có lịch họp trùng thời gian. Xem danh sách bên dưới và xác nhận nếu vẫn muốn lưu.", { confirmConflicts: "Cần xác nhận lịch trùng." });
    this.warnings = warnings;
  }
}

function toInterval(date: string, startTime: string, endTime: string) {
  const startsAt = hanoiWallTimeToUtc(date, startTime);
  const endsAt = hanoiWallTimeToUtc(date, endTime);
  if (endsAt <= startsAt) throw new ValidationError({ endTime: "Giờ kết thúc phải sau giờ bắt đầu." });
  if (endsAt.getTime() - startsAt.getTime() > MAX_MEETING_HOURS * 3600_000) {
    throw new ValidationError({ endTime: `Một cuộc họp không được dài quá ${MAX_MEETING_HOURS} giờ.` });
  }
  return { startsAt, endsAt };
}

/** Loads a meeting the actor may manage: invisible → 404, visible but not theirs to run → 403. */
export async function loadMeetingToManage(actor: Actor, meetingId: number, transaction?: Transaction) {
  const db = getDb();
  const meeting = await db.Meeting.findByPk(meetingId, {
    include: [{ model: db.Body, as: "body" }],
    transaction,
    lock: transaction ? transaction.LOCK.UPDATE : undefined,
  });
  if (!meeting) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const access = (await meetingAccessFor(actor, [meeting])).get(meeting.id)!;
  if (!canSeeMeeting(actor, access)) throw new NotFoundError("Không tìm thấy cuộc họp.");
  authorize(actor, "meeting:manage", meetingRoleOf(meeting, access.isInvitee));
  return meeting;
}

export function meetingRoleOf(m: Pick<Meeting, "secretaryId" | "chairId">, isInvitee: boolean): MeetingRole {
  return { secretaryId: m.secretaryId ?? null, chairId: m.chairId ?? null, isInvitee };
}

function assertVersion(meeting: Meeting, version: number | undefined, changed: string[] = []) {
  if (version === undefined || meeting.version === version) return;
  const what = changed.length ? ` Đã thay đổi: ${changed.join(", ")}.` : "";
  throw new ConflictError(
    `Cuộc họp vừa được người khác cập nhật lúc ${formatDateTime(meeting.updatedAt)}.${what} Vui lòng tải lại trang để xem thay đổi trước khi lưu.`,
  );
}

async function assertPeopleAllowed(bodyId: number, chairId: number | null, secretaryId: number | null, transaction: Transaction) {
  const db = getDb();
  const ids = [chairId, secretaryId].filter((x): x is number => x != null);
  const users = await db.User.findAll({ where: { id: ids }, transaction });
  const memberships = await db.BodyMembership.findAll({ where: { bodyId, userId: ids }, transaction });
  const roleIn = (id: number) => memberships.find((m) => m.userId === id)?.role;
  const fields: Record<string, string> = {};
  if (chairId != null) {
    const u = users.find((x) => x.id === chairId);
    if (!u || !u.active) fields.chairId = "Người chủ trì không tồn tại hoặc đã ngừng hoạt động.";
    else if (!(u.roles.includes("leader") || ["chair", "vice_chair"].includes(roleIn(chairId) ?? ""))) {
      fields.chairId = "Người chủ trì phải là lãnh đạo, hoặc Chủ trì/Phó Chủ trì của cơ quan họp.";
    }
  }
  if (secretaryId != null) {
    const u = users.find((x) => x.id === secretaryId);
    if (!u || !u.active) fields.secretaryId = "Thư ký không tồn tại hoặc đã ngừng hoạt động.";
    else if (!(u.roles.includes("secretariat") || roleIn(secretaryId) === "secretary")) {
      fields.secretaryId = "Thư ký phải là cán bộ Văn phòng hoặc thư ký của cơ quan họp.";
    }
  }
  if (Object.keys(fields).length) throw new ValidationError(fields);
}

/**
 * Room double-bookings are refused outright; people who are already in an
 * overlapping meeting are returned as warnings for the secretariat to confirm.
 */
export async function findConflicts(p: {
  startsAt: Date;
  endsAt: Date;
  roomId: number | null;
  userIds: number[];
  excludeMeetingId?: number;
  transaction?: Transaction;
}) {
  const db = getDb();
  const overlapping = {
    startsAt: { [Op.lt]: p.endsAt },
    endsAt: { [Op.gt]: p.startsAt },
    status: { [Op.in]: [...LIVE_STATUSES] },
    ...(p.excludeMeetingId ? { id: { [Op.ne]: p.excludeMeetingId } } : {}),
  };
  const roomClash = p.roomId ? await db.Meeting.findOne({ where: { ...overlapping, roomId: p.roomId }, transaction: p.transaction }) : null;

  const warnings: ConflictWarning[] = [];
  const userIds = [...new Set(p.userIds)];
  if (userIds.length) {
    const others = await db.Meeting.findAll({
      where: overlapping,
      include: [{ model: db.Invitation, as: "invitations", required: false, where: { rsvp: { [Op.ne]: "absent" } } }],
      transaction: p.transaction,
      limit: 200,
    });
    const users = await db.User.findAll({ attributes: ["id", "fullName"], where: { id: userIds }, transaction: p.transaction });
    for (const m of others) {
      const busy = new Set<number>();
      if (m.chairId) busy.add(m.chairId);
      for (const i of m.invitations ?? []) {
        if (i.userId && i.rsvp !== "delegated") busy.add(i.userId);
        if (i.delegateUserId) busy.add(i.delegateUserId);
      }
      for (const u of users) {
        if (busy.has(u.id)) warnings.push({ meetingId: m.id, title: m.title, startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), who: u.fullName });
      }
    }
  }
  return { roomClash, warnings };
}

async function checkConflicts(p: Parameters<typeof findConflicts>[0] & { confirmed: boolean }) {
  const { roomClash, warnings } = await findConflicts(p);
  if (roomClash) {
    throw new ValidationError(
      { roomId: `Phòng họp đã được đặt cho «${roomClash.title}» (${formatTime(roomClash.startsAt)}–${formatTime(roomClash.endsAt)} ngày ${formatDate(roomClash.startsAt)}).` },
      "Phòng họp bị trùng lịch.",
    );
  }
  if (warnings.length && !p.confirmed) throw new ConflictWarningsError(warnings);
  return warnings;
}

async function validateReferences(input: MeetingFormInput, transaction: Transaction) {
  const db = getDb();
  const body = await db.Body.findByPk(input.bodyId, { transaction });
  if (!body || !body.active) throw new ValidationError({ bodyId: "Cơ quan họp không tồn tại." });
  if (input.roomId != null) {
    const room = await db.Room.findByPk(input.roomId, { transaction });
    if (!room || !room.active) throw new ValidationError({ roomId: "Phòng họp không tồn tại." });
  }
  if (input.roomId == null && !input.onlineUrl) throw new ValidationError({ roomId: "Vui lòng chọn phòng họp hoặc nhập đường dẫn họp trực tuyến." });
  await assertPeopleAllowed(body.id, input.chairId, input.secretaryId, transaction);
  return body;
}

function auditView(m: Meeting) {
  return {
    title: m.title,
    kind: m.kind,
    bodyId: m.bodyId,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    roomId: m.roomId,
    onlineUrl: m.onlineUrl,
    chairId: m.chairId,
    secretaryId: m.secretaryId,
    confidentiality: m.confidentiality,
    status: m.status,
    statusReason: m.statusReason,
    notes: m.notes,
  };
}

/** The meeting columns a schedule/edit form sets. */
function formColumns(input: MeetingFormInput, startsAt: Date, endsAt: Date) {
  return {
    title: input.title,
    kind: input.kind,
    startsAt,
    endsAt,
    roomId: input.roomId,
    onlineUrl: input.onlineUrl,
    chairId: input.chairId,
    secretaryId: input.secretaryId,
    confidentiality: input.confidentiality,
    notes: input.notes,
  };
}

/** Lên lịch họp: a draft meeting, by default with the body's members invited. */
export async function scheduleMeeting({ actor, input, now = new Date(), transaction }: { actor: Actor; input: MeetingFormInput; now?: Date; transaction?: Transaction }) {
  authorize(actor, "meeting:schedule");
  const { startsAt, endsAt } = toInterval(input.date, input.startTime, input.endTime);
  if (startsAt <= now) throw new ValidationError({ date: "Không thể lên lịch một cuộc họp trong quá khứ." });
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const body = await validateReferences(input, t);
    const memberships = !input.inviteBodyMembers ? [] : await db.BodyMembership.findAll({ where: { bodyId: body.id }, transaction: t });
    const people = [input.chairId, ...memberships.map((m) => m.userId)].filter((x): x is number => x != null);
    await checkConflicts({ startsAt, endsAt, roomId: input.roomId, userIds: people, transaction: t, confirmed: Boolean(input.confirmConflicts) });

    const meeting = await db.Meeting.create(
      {
        bodyId: body.id,
        // Party meetings come "hạn chế" from the form unless the secretariat says otherwise (DESIGN.md §8).
        ...formColumns(input, startsAt, endsAt),
        status: "draft",
        createdById: actor.id,
      },
      { transaction: t },
    );
    const invitations = new Map<number, "chair" | "secretary" | "member">();
    // Only the meeting's chair is "chair", whoever chairs the body.
    for (const m of memberships) invitations.set(m.userId, m.role === "secretary" ? "secretary" : "member");
    if (input.chairId) invitations.set(input.chairId, "chair");
    if (input.secretaryId) invitations.set(input.secretaryId, "secretary");
    if (invitations.size) {
      await db.Invitation.bulkCreate([...invitations].map(([userId, role]) => ({ meetingId: meeting.id, userId, role })), { transaction: t });
    }
    await recordAudit({ actorId: actor.id, action: "meeting.schedule", entityType: "meeting", entityId: meeting.id, after: auditView(meeting), transaction: t });
    await indexMeeting(meeting.id, { transaction: t });
    return meeting;
  });
}

/** Edits the details; refused when the form is stale (optimistic locking on `version`). */
export async function updateMeetingDetails({ actor, meetingId, input, transaction }: { actor: Actor; meetingId: number; input: MeetingFormInput; transaction?: Transaction }) {
  const { startsAt, endsAt } = toInterval(input.date, input.startTime, input.endTime);
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    if (["ended", "cancelled"].includes(meeting.status)) throw new ValidationError({ _form: `Cuộc họp ${MEETING_STATUS_LABELS[meeting.status].toLowerCase()}, không thể sửa.` });
    const changed = [
      meeting.title !== input.title && "tên cuộc họp",
      (meeting.startsAt.getTime() !== startsAt.getTime() || meeting.endsAt.getTime() !== endsAt.getTime()) && "thời gian",
      (meeting.roomId ?? null) !== input.roomId && "phòng họp",
      (meeting.chairId ?? null) !== input.chairId && "người chủ trì",
    ].filter((x): x is string => Boolean(x));
    assertVersion(meeting, input.version, changed);
    if (input.bodyId !== meeting.bodyId) throw new ValidationError({ bodyId: "Không thể chuyển cuộc họp sang cơ quan khác; hãy hủy và lên lịch mới." });
    await validateReferences(input, t);
    if (startsAt.getTime() !== meeting.startsAt.getTime() && startsAt <= new Date() && meeting.status !== "in_progress") {
      throw new ValidationError({ date: "Thời gian mới đã ở trong quá khứ." });
    }
    const invitees = await getDb().Invitation.findAll({ attributes: ["userId"], where: { meetingId, userId: { [Op.ne]: null } }, transaction: t });
    await checkConflicts({
      startsAt,
      endsAt,
      roomId: input.roomId,
      userIds: [input.chairId, ...invitees.map((i) => i.userId)].filter((x): x is number => x != null),
      excludeMeetingId: meeting.id,
      transaction: t,
      confirmed: Boolean(input.confirmConflicts),
    });
    const before = auditView(meeting);
    await meeting.update(
      {
        ...formColumns(input, startsAt, endsAt),
        version: meeting.version + 1,
        icalSequence: meeting.icalSequence + 1,
      },
      { transaction: t },
    );
    await syncLeadInvitations(meeting.id, meeting.bodyId, { chairId: before.chairId ?? null, secretaryId: before.secretaryId ?? null }, { chairId: input.chairId, secretaryId: input.secretaryId }, t);
    await recordAudit({ actorId: actor.id, action: "meeting.update", entityType: "meeting", entityId: meeting.id, before, after: auditView(meeting), transaction: t });
    await indexMeeting(meeting.id, { transaction: t });
    if (meeting.status !== "draft") {
      await notifyInvitees({ meetingId, actorId: actor.id, title: `Cuộc họp «${meeting.title}» đã thay đổi`, body: changed.length ? `Thay đổi: ${changed.join(", ")}.` : undefined, transaction: t });
    }
    emitMeetingChanged(t, meeting.id, "details");
    return meeting;
  });
}

/**
 * A new chair or secretary is invited in the same transaction (they must see
 * the meeting and get its notices); the previous one stays invited as a member.
 */
async function syncLeadInvitations(
  meetingId: number,
  bodyId: number,
  before: { chairId: number | null; secretaryId: number | null },
  after: { chairId: number | null; secretaryId: number | null },
  transaction: Transaction,
) {
  const db = getDb();
  for (const role of ["chair", "secretary"] as const) {
    const oldId = role === "chair" ? before.chairId : before.secretaryId;
    const newId = role === "chair" ? after.chairId : after.secretaryId;
    if (oldId === newId) continue;
    if (oldId != null) {
      const member = await db.BodyMembership.findOne({ where: { bodyId, userId: oldId }, transaction });
      const old = await db.Invitation.findOne({ where: { meetingId, userId: oldId, role }, transaction });
      await old?.update({ role: member ? "member" : "guest" }, { transaction });
    }
    if (newId != null) {
      const existing = await db.Invitation.findOne({ where: { meetingId, userId: newId }, transaction });
      if (existing) await existing.update({ role }, { transaction });
      else await db.Invitation.create({ meetingId, userId: newId, role }, { transaction });
    }
  }
}

const TRANSITIONS: Record<"convened" | "in_progress" | "ended", { from: string[]; action: string; notice: (title: string) => string }> = {
  convened: { from: ["draft"], action: "meeting.convene", notice: (t) => `Giấy mời họp: ${t}` },
  in_progress: { from: ["convened", "postponed"], action: "meeting.start", notice: (t) => `Cuộc họp «${t}» đã bắt đầu` },
  ended: { from: ["in_progress"], action: "meeting.end", notice: (t) => `Cuộc họp «${t}» đã kết thúc` },
};

/** Triệu tập → đang họp → kết thúc; each step audited, SEQUENCE+1, invitees notified live. */
export async function transitionMeeting({ actor, meetingId, to, version, transaction }: { actor: Actor; meetingId: number; to: keyof typeof TRANSITIONS; version: number; transaction?: Transaction }) {
  const rule = TRANSITIONS[to];
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertVersion(meeting, version, meeting.status !== to ? ["trạng thái"] : []);
    if (!rule.from.includes(meeting.status)) {
      throw new ValidationError({ _form: `Không thể chuyển từ «${MEETING_STATUS_LABELS[meeting.status]}» sang «${MEETING_STATUS_LABELS[to]}».` });
    }
    if (to === "convened") {
      const count = await getDb().Invitation.count({ where: { meetingId }, transaction: t });
      if (!count) throw new ValidationError({ _form: "Cần mời ít nhất một người trước khi triệu tập." });
      if (meeting.endsAt <= new Date()) throw new ValidationError({ _form: "Cuộc họp đã qua thời gian dự kiến; hãy đổi thời gian trước khi triệu tập." });
    }
    const before = { status: meeting.status };
    await meeting.update({ status: to, version: meeting.version + 1, icalSequence: meeting.icalSequence + 1, statusReason: to === "convened" ? null : meeting.statusReason }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: rule.action, entityType: "meeting", entityId: meeting.id, before, after: { status: to }, transaction: t });
    await notifyInvitees({
      meetingId,
      actorId: actor.id,
      title: rule.notice(meeting.title),
      body: to === "convened" ? `${formatTime(meeting.startsAt)} ngày ${formatDate(meeting.startsAt)}. Vui lòng xác nhận tham dự.` : undefined,
      transaction: t,
    });
    emitMeetingChanged(t, meeting.id, "status", { status: to });
    return meeting;
  });
}

/** Hoãn: a new time and a reason; invitees are told both. */
export async function postponeMeeting({ actor, meetingId, date, startTime, endTime, reason, version, confirmConflicts, transaction }: {
  actor: Actor; meetingId: number; date: string; startTime: string; endTime: string; reason: string; version: number; confirmConflicts?: boolean; transaction?: Transaction;
}) {
  const { startsAt, endsAt } = toInterval(date, startTime, endTime);
  if (startsAt <= new Date()) throw new ValidationError({ date: "Thời gian mới phải ở tương lai." });
  if (!reason.trim()) throw new ValidationError({ reason: "Vui lòng nêu lý do hoãn." });
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertVersion(meeting, version);
    if (!["draft", "convened", "postponed"].includes(meeting.status)) {
      throw new ValidationError({ _form: `Không thể hoãn cuộc họp đang ở trạng thái «${MEETING_STATUS_LABELS[meeting.status]}».` });
    }
    const invitees = await getDb().Invitation.findAll({ attributes: ["userId"], where: { meetingId, userId: { [Op.ne]: null } }, transaction: t });
    await checkConflicts({
      startsAt, endsAt, roomId: meeting.roomId ?? null,
      userIds: [meeting.chairId, ...invitees.map((i) => i.userId)].filter((x): x is number => x != null),
      excludeMeetingId: meeting.id, transaction: t, confirmed: Boolean(confirmConflicts),
    });
    const before = { status: meeting.status, startsAt: meeting.startsAt.toISOString(), endsAt: meeting.endsAt.toISOString() };
    const wasDraft = meeting.status === "draft";
    await meeting.update(
      { status: wasDraft ? "draft" : "postponed", startsAt, endsAt, statusReason: reason, version: meeting.version + 1, icalSequence: meeting.icalSequence + 1 },
      { transaction: t },
    );
    await recordAudit({ actorId: actor.id, action: "meeting.postpone", entityType: "meeting", entityId: meeting.id, before, after: { status: meeting.status, startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(), reason }, transaction: t });
    // the new date moves the meeting, its agenda items and minutes in the results
    await indexMeeting(meeting.id, { transaction: t });
    if (!wasDraft) {
      await notifyInvitees({ meetingId, actorId: actor.id, title: `Hoãn cuộc họp «${meeting.title}»`, body: `Thời gian mới: ${formatTime(startsAt)} ngày ${formatDate(startsAt)}. Lý do: ${reason}`, transaction: t });
    }
    emitMeetingChanged(t, meeting.id, "status", { status: meeting.status });
    return meeting;
  });
}

/** Hủy: with a reason; the calendar feed then shows the event as cancelled. */
export async function cancelMeeting({ actor, meetingId, reason, version, transaction }: { actor: Actor; meetingId: number; reason: string; version: number; transaction?: Transaction }) {
  if (!reason.trim()) throw new ValidationError({ reason: "Vui lòng nêu lý do hủy." });
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertVersion(meeting, version);
    if (["ended", "cancelled"].includes(meeting.status)) throw new ValidationError({ _form: `Cuộc họp ${MEETING_STATUS_LABELS[meeting.status].toLowerCase()}.` });
    const before = { status: meeting.status };
    await meeting.update({ status: "cancelled", statusReason: reason, version: meeting.version + 1, icalSequence: meeting.icalSequence + 1 }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: "meeting.cancel", entityType: "meeting", entityId: meeting.id, before, after: { status: "cancelled", reason }, transaction: t });
    if (before.status !== "draft") await notifyInvitees({ meetingId, actorId: actor.id, title: `Hủy cuộc họp «${meeting.title}»`, body: `Lý do: ${reason}`, transaction: t });
    emitMeetingChanged(t, meeting.id, "status", { status: "cancelled" });
    return meeting;
  });
}

/** Who may be chosen as chair or secretary in the form, per body. */
export async function meetingFormOptions(actor: Actor) {
  if (!can(actor, "meeting:schedule")) throw new ForbiddenError();
  const db = getDb();
  const [bodies, rooms, users] = await Promise.all([
    db.Body.findAll({ where: { active: true }, include: [{ model: db.BodyMembership, as: "memberships" }], order: [["name", "ASC"]] }),
    db.Room.findAll({ where: { active: true }, order: [["name", "ASC"]] }),
    db.User.findAll({ where: { active: true }, attributes: ["id", "fullName", "title", "roles"], order: [["fullName", "ASC"]] }),
  ]);
  return {
    bodies: bodies.map((b) => ({
      id: b.id,
      name: b.name,
      kind: b.kind,
      chairIds: (b.memberships ?? []).filter((m) => ["chair", "vice_chair"].includes(m.role)).map((m) => m.userId),
      secretaryIds: (b.memberships ?? []).filter((m) => m.role === "secretary").map((m) => m.userId),
      memberCount: (b.memberships ?? []).length,
    })),
    rooms: rooms.map((r) => ({ id: r.id, name: r.name, capacity: r.capacity })),
    leaders: users.filter((u) => u.roles.includes("leader")).map((u) => ({ id: u.id, fullName: u.fullName, title: u.title })),
    secretaries: users.filter((u) => u.roles.includes("secretariat")).map((u) => ({ id: u.id, fullName: u.fullName, title: u.title })),
    users: users.map((u) => ({ id: u.id, fullName: u.fullName, title: u.title })),
  };
}
