import { Op, type Transaction } from "sequelize";
import { getDb } from "../../models";
import { emitAfterCommit } from "../../realtime";
import { notifyUsers } from "./notify.server";

export type MeetingChange = "details" | "status" | "agenda" | "attendance" | "invitations";

/** Everyone on the meeting page refreshes what changed, once the transaction commits. */
export function emitMeetingChanged(transaction: Transaction, meetingId: number, change: MeetingChange, extra: object = {}) {
  emitAfterCommit(transaction, `meeting:${meetingId}`, "meeting:changed", { meetingId, change, ...extra });
}

/** The people a meeting notice goes to: invited users, delegates, and the active users of invited units. */
export async function inviteeUserIds(meetingId: number, transaction?: Transaction): Promise<number[]> {
  const db = getDb();
  const invitations = await db.Invitation.findAll({ where: { meetingId }, transaction });
  const ids = new Set<number>();
  const unitIds: number[] = [];
  for (const i of invitations) {
    if (i.userId) ids.add(i.userId);
    if (i.delegateUserId) ids.add(i.delegateUserId);
    if (i.unitId) unitIds.push(i.unitId);
  }
  if (unitIds.length) {
    const users = await db.User.findAll({ attributes: ["id"], where: { unitId: { [Op.in]: unitIds }, active: true }, transaction });
    for (const u of users) ids.add(u.id);
  }
  return [...ids];
}

/** In-app (and live) notice to every invitee except the one who made the change. */
export async function notifyInvitees(p: { meetingId: number; actorId: number; title: string; body?: string; transaction: Transaction }) {
  const userIds = (await inviteeUserIds(p.meetingId, p.transaction)).filter((id) => id !== p.actorId);
  if (!userIds.length) return;
  await notifyUsers({
    userIds,
    kind: "meeting",
    title: p.title,
    body: p.body ?? null,
    url: `/meetings/${p.meetingId}`,
    entityType: "meeting",
    entityId: p.meetingId,
    transaction: p.transaction,
  });
}
