import { Op, type WhereOptions } from "sequelize";
import { getDb } from "../../models";
import type { Actor, MeetingAccess } from "../policies";
import { canSeeMeeting } from "../policies";

type MeetingLike = { id: number; bodyId: number; confidentiality: string; status?: string; chairId?: number | null; secretaryId?: number | null; body?: { kind: string } | null };

/**
 * Facts the meeting policy needs (invited? body member?) for one user and a
 * batch of meetings, in two queries. Lists filter with it; pages authorize with it.
 */
export async function meetingAccessFor(actor: Actor, meetings: MeetingLike[]): Promise<Map<number, MeetingAccess>> {
  const db = getDb();
  const ids = meetings.map((m) => m.id);
  const result = new Map<number, MeetingAccess>();
  if (!ids.length) return result;
  const invitedWhere: WhereOptions[] = [{ userId: actor.id }, { delegateUserId: actor.id }];
  if (actor.unitId) invitedWhere.push({ unitId: actor.unitId });
  const [invitations, memberships] = await Promise.all([
    db.Invitation.findAll({ attributes: ["meetingId"], where: { meetingId: ids, [Op.or]: invitedWhere } }),
    db.BodyMembership.findAll({ attributes: ["bodyId"], where: { userId: actor.id } }),
  ]);
  const invited = new Set(invitations.map((i) => i.meetingId));
  const bodies = new Set(memberships.map((m) => m.bodyId));
  for (const m of meetings) {
    result.set(m.id, {
      confidentiality: m.confidentiality as MeetingAccess["confidentiality"],
      bodyKind: (m.body?.kind ?? "state") as MeetingAccess["bodyKind"],
      isInvitee: invited.has(m.id),
      isBodyMember: bodies.has(m.bodyId),
      isDraft: m.status === "draft",
      isLead: m.chairId === actor.id || m.secretaryId === actor.id,
    });
  }
  return result;
}

export async function filterVisibleMeetings<M extends MeetingLike>(actor: Actor, meetings: M[]): Promise<M[]> {
  const access = await meetingAccessFor(actor, meetings);
  return meetings.filter((m) => canSeeMeeting(actor, access.get(m.id)!));
}
