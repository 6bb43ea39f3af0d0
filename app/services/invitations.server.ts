import { Op, type Transaction } from "sequelize";
import { getDb } from "../../models";
import type { Invitation } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { formatDate, formatTime } from "../lib/dates";
import { ForbiddenError, NotFoundError, ValidationError } from "../lib/errors";
import { can, canSeeMeeting } from "../policies";
import { recordAudit } from "./audit.server";
import { meetingAccessFor } from "./meeting-access.server";
import { emitMeetingChanged } from "./meeting-events.server";
import { loadMeetingToManage, meetingRoleOf } from "./meetings.server";
import { notifyUsers } from "./notify.server";
import { inTransaction } from "./transaction.server";

type Actor = CurrentUser;
/** Self check-in opens this long before the start and closes at the end. */
const SELF_CHECK_IN_EARLY_MINUTES = 30;

function assertOpen(status: string) {
  if (["ended", "cancelled"].includes(status)) throw new ValidationError({ _form: "Cuộc họp đã kết thúc hoặc đã hủy." });
}

/** Invite individual users and/or units (the unit decides who attends). */
export async function inviteToMeeting({ actor, meetingId, userIds, unitIds, transaction }: { actor: Actor; meetingId: number; userIds: number[]; unitIds: number[]; transaction?: Transaction }) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertOpen(meeting.status);
    const [users, units, existing] = await Promise.all([
      db.User.findAll({ where: { id: userIds, active: true }, transaction: t }),
      db.Unit.findAll({ where: { id: unitIds, active: true }, transaction: t }),
      db.Invitation.findAll({ where: { meetingId }, transaction: t }),
    ]);
    if (users.length !== new Set(userIds).size) throw new ValidationError({ userIds: "Có người được mời không tồn tại hoặc đã ngừng hoạt động." });
    if (units.length !== new Set(unitIds).size) throw new ValidationError({ unitIds: "Có đơn vị được mời không tồn tại." });
    const newUsers = users.filter((u) => !existing.some((i) => i.userId === u.id));
    const newUnits = units.filter((u) => !existing.some((i) => i.unitId === u.id));
    if (!newUsers.length && !newUnits.length) throw new ValidationError({ userIds: "Những người/đơn vị này đã có trong thành phần mời." });
    await db.Invitation.bulkCreate(
      [...newUsers.map((u) => ({ meetingId, userId: u.id, role: "guest" as const })), ...newUnits.map((u) => ({ meetingId, unitId: u.id, role: "guest" as const }))],
      { transaction: t },
    );
    await recordAudit({ actorId: actor.id, action: "invitation.add", entityType: "meeting", entityId: meetingId, after: { userIds: newUsers.map((u) => u.id), unitIds: newUnits.map((u) => u.id) }, transaction: t });
    if (meeting.status !== "draft") {
      const unitUsers = newUnits.length ? await db.User.findAll({ attributes: ["id"], where: { unitId: newUnits.map((u) => u.id), active: true }, transaction: t }) : [];
      await notifyUsers({
        userIds: [...newUsers.map((u) => u.id), ...unitUsers.map((u) => u.id)],
        kind: "meeting",
        title: `Giấy mời họp: ${meeting.title}`,
        body: `${formatTime(meeting.startsAt)} ngày ${formatDate(meeting.startsAt)}. Vui lòng xác nhận tham dự.`,
        url: `/meetings/${meetingId}`,
        entityType: "meeting",
        entityId: meetingId,
        transaction: t,
      });
    }
    emitMeetingChanged(t, meetingId, "invitations");
    return { added: newUsers.length + newUnits.length };
  });
}

export async function removeInvitation({ actor, meetingId, invitationId, transaction }: { actor: Actor; meetingId: number; invitationId: number; transaction?: Transaction }) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertOpen(meeting.status);
    const invitation = await db.Invitation.findOne({ where: { id: invitationId, meetingId }, transaction: t });
    if (!invitation) throw new NotFoundError("Không tìm thấy giấy mời.");
    if (invitation.userId && (invitation.userId === meeting.chairId || invitation.userId === meeting.secretaryId)) {
      throw new ValidationError({ _form: "Không thể bỏ người chủ trì hoặc thư ký khỏi thành phần; hãy đổi trong thông tin cuộc họp." });
    }
    await db.Invitation.destroy({ where: { delegatedFromId: invitation.id }, transaction: t });
    await invitation.destroy({ transaction: t });
    await recordAudit({ actorId: actor.id, action: "invitation.remove", entityType: "meeting", entityId: meetingId, before: { invitationId, userId: invitation.userId, unitId: invitation.unitId }, transaction: t });
    emitMeetingChanged(t, meetingId, "invitations");
  });
}

/** May this user answer this invitation? Their own; or, for a unit invitation, anyone of that unit. */
function answersFor(actor: Actor, invitation: Invitation) {
  if (invitation.userId) return invitation.userId === actor.id;
  return invitation.unitId != null && invitation.unitId === actor.unitId;
}

/**
 * Tham dự / vắng (lý do) / cử người dự thay. A delegate receives an invitation
 * of their own (linked to the original) and is told so; for a unit's
 * invitation, "cử người" names who attends for the unit.
 */
export async function respondToInvitation({ actor, invitationId, rsvp, reason, delegateUserId, transaction }: {
  actor: Actor; invitationId: number; rsvp: "attending" | "absent" | "delegated"; reason: string | null; delegateUserId: number | null; transaction?: Transaction;
}) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const invitation = await db.Invitation.findByPk(invitationId, { include: [{ model: db.Meeting, as: "meeting", include: [{ model: db.Body, as: "body" }] }], transaction: t });
    if (!invitation || !invitation.meeting) throw new NotFoundError("Không tìm thấy giấy mời.");
    const meeting = invitation.meeting;
    const access = (await meetingAccessFor(actor, [meeting])).get(meeting.id)!;
    if (!canSeeMeeting(actor, access)) throw new NotFoundError("Không tìm thấy giấy mời.");
    if (!answersFor(actor, invitation)) throw new ForbiddenError("Bạn chỉ có thể trả lời giấy mời của mình hoặc của đơn vị mình.");
    if (!["convened", "postponed", "in_progress", "draft"].includes(meeting.status)) throw new ValidationError({ _form: "Cuộc họp đã kết thúc hoặc đã hủy." });
    let delegate = null;
    if (rsvp === "delegated") {
      delegate = await db.User.findByPk(delegateUserId!, { transaction: t });
      if (!delegate || !delegate.active) throw new ValidationError({ delegateUserId: "Người dự thay không tồn tại hoặc đã ngừng hoạt động." });
      if (delegate.id === actor.id && invitation.userId === actor.id) throw new ValidationError({ delegateUserId: "Không thể cử chính mình dự thay." });
      if (invitation.unitId && delegate.unitId !== invitation.unitId) throw new ValidationError({ delegateUserId: "Người dự họp phải thuộc đơn vị được mời." });
      // NULL != x is never true in SQL: the delegate's own ordinary invitation has no delegatedFromId.
      const clash = await db.Invitation.findOne({
        where: { meetingId: meeting.id, userId: delegate.id, [Op.or]: [{ delegatedFromId: null }, { delegatedFromId: { [Op.ne]: invitation.id } }] },
        transaction: t,
      });
      if (clash) throw new ValidationError({ delegateUserId: `${delegate.fullName} đã có trong thành phần mời.` });
    }
    const before = { rsvp: invitation.rsvp, reason: invitation.reason, delegateUserId: invitation.delegateUserId };
    // A previous delegation is withdrawn when the answer changes.
    if (invitation.delegateUserId && invitation.delegateUserId !== delegate?.id) {
      await db.Invitation.destroy({ where: { delegatedFromId: invitation.id, meetingId: meeting.id }, transaction: t });
    }
    await invitation.update(
      { rsvp, reason: rsvp === "attending" ? null : reason, delegateUserId: delegate?.id ?? null, respondedAt: new Date() },
      { transaction: t },
    );
    if (delegate && before.delegateUserId !== delegate.id) {
      await db.Invitation.create(
        { meetingId: meeting.id, userId: delegate.id, role: invitation.role === "chair" ? "guest" : invitation.role, delegatedFromId: invitation.id, rsvp: invitation.unitId ? "attending" : "pending", reason: null },
        { transaction: t },
      );
      await notifyUsers({
        userIds: [delegate.id],
        kind: "meeting",
        title: invitation.unitId ? `Bạn được đơn vị cử dự họp: ${meeting.title}` : `Bạn được cử dự họp thay: ${meeting.title}`,
        body: `${formatTime(meeting.startsAt)} ngày ${formatDate(meeting.startsAt)}.`,
        url: `/meetings/${meeting.id}`,
        entityType: "meeting",
        entityId: meeting.id,
        transaction: t,
      });
    }
    await recordAudit({ actorId: actor.id, action: "invitation.respond", entityType: "meeting", entityId: meeting.id, before: { invitationId, ...before }, after: { invitationId, rsvp, reason, delegateUserId: delegate?.id ?? null }, transaction: t });
    emitMeetingChanged(t, meeting.id, "attendance");
    return invitation;
  });
}

/** Điểm danh: by the secretariat/secretary any time; by the invitee only within the meeting's time. */
export async function checkIn({ actor, meetingId, invitationId, undo = false, now = new Date(), transaction }: { actor: Actor; meetingId: number; invitationId: number; undo?: boolean; now?: Date; transaction?: Transaction }) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const invitation = await db.Invitation.findOne({ where: { id: invitationId, meetingId }, include: [{ model: db.Meeting, as: "meeting", include: [{ model: db.Body, as: "body" }] }], transaction: t });
    if (!invitation || !invitation.meeting) throw new NotFoundError("Không tìm thấy giấy mời.");
    const meeting = invitation.meeting;
    const access = (await meetingAccessFor(actor, [meeting])).get(meeting.id)!;
    if (!canSeeMeeting(actor, access)) throw new NotFoundError("Không tìm thấy giấy mời.");
    const manager = can(actor, "meeting:manage", meetingRoleOf(meeting, access.isInvitee));
    if (!manager) {
      if (invitation.userId !== actor.id) throw new ForbiddenError("Bạn chỉ có thể tự điểm danh cho mình.");
      if (undo) throw new ForbiddenError("Chỉ thư ký cuộc họp mới hủy được điểm danh.");
      const opens = meeting.startsAt.getTime() - SELF_CHECK_IN_EARLY_MINUTES * 60_000;
      if (now.getTime() < opens || now > meeting.endsAt) throw new ValidationError({ _form: `Chỉ tự điểm danh được từ ${SELF_CHECK_IN_EARLY_MINUTES} phút trước giờ họp đến khi kết thúc.` });
    }
    if (["cancelled", "draft"].includes(meeting.status)) throw new ValidationError({ _form: "Cuộc họp chưa triệu tập hoặc đã hủy." });
    if (invitation.unitId && !invitation.userId) throw new ValidationError({ _form: "Điểm danh theo người dự họp của đơn vị, không theo đơn vị." });
    const before = { checkedInAt: invitation.checkedInAt?.toISOString() ?? null };
    await invitation.update(
      undo
        ? { checkedInAt: null, checkedInById: null }
        : { checkedInAt: invitation.checkedInAt ?? now, checkedInById: invitation.checkedInById ?? actor.id, rsvp: invitation.rsvp === "pending" || invitation.rsvp === "absent" ? "attending" : invitation.rsvp },
      { transaction: t },
    );
    await recordAudit({ actorId: actor.id, action: undo ? "invitation.check_in_undo" : "invitation.check_in", entityType: "meeting", entityId: meetingId, before: { invitationId, ...before }, after: { invitationId, checkedInAt: invitation.checkedInAt?.toISOString() ?? null }, transaction: t });
    emitMeetingChanged(t, meetingId, "attendance");
    return invitation;
  });
}

/**
 * Quorum by the body's rule (default 2/3 of members, as for People's
 * Committee sessions under the 2015 Law on Local Government Organization):
 * body members checked in themselves; delegates attend but do not count.
 */
export async function attendanceSummary(meetingId: number, transaction?: Transaction) {
  const db = getDb();
  const meeting = await db.Meeting.findByPk(meetingId, { include: [{ model: db.Body, as: "body" }], transaction });
  if (!meeting || !meeting.body) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const [members, invitations] = await Promise.all([
    db.BodyMembership.findAll({ attributes: ["userId"], where: { bodyId: meeting.bodyId }, transaction }),
    db.Invitation.findAll({ where: { meetingId }, transaction }),
  ]);
  const memberIds = new Set(members.map((m) => m.userId));
  const present = invitations.filter((i) => i.userId && i.checkedInAt && memberIds.has(i.userId)).length;
  const total = memberIds.size;
  const required = total ? meeting.body.quorumFor(total) : 0;
  return {
    total,
    present,
    required,
    reached: total > 0 && present >= required,
    rule: `${meeting.body.quorumNumerator}/${meeting.body.quorumDenominator}`,
    checkedIn: invitations.filter((i) => i.checkedInAt).length,
    answered: {
      attending: invitations.filter((i) => i.rsvp === "attending").length,
      absent: invitations.filter((i) => i.rsvp === "absent").length,
      delegated: invitations.filter((i) => i.rsvp === "delegated").length,
      pending: invitations.filter((i) => i.rsvp === "pending").length,
    },
  };
}
