import { getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { canJoinStaticRoom, canSeeMeeting } from "../policies";
import { meetingAccessFor } from "./meeting-access.server";

/**
 * Socket rooms are joined only after the same policy that guards the pages:
 * user/unit rooms by the static rule, meeting and minutes rooms by the
 * meeting's visibility (a Party or confidential meeting leaks nowhere).
 */
export async function canJoinRoom(user: CurrentUser, room: string): Promise<boolean> {
  const [kind, rawId] = room.split(":");
  const id = Number(rawId);
  if (kind === "user" || kind === "unit") return canJoinStaticRoom(user, room);
  if (kind === "meeting" || kind === "minutes") {
    const meeting = await getDb().Meeting.findByPk(id, { include: [{ model: getDb().Body, as: "body", attributes: ["id", "kind"] }] });
    if (!meeting) return false;
    if (meeting.status === "draft" && !user.roles.includes("secretariat")) return false;
    const access = (await meetingAccessFor(user, [meeting])).get(meeting.id)!;
    return canSeeMeeting(user, access);
  }
  return false;
}
