import { getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { can, canJoinStaticRoom, canSeeMeeting, canSeeTask } from "../policies";
import { directiveAccessFor } from "./directive-queries.server";
import { meetingAccessFor } from "./meeting-access.server";
import { taskAccessOf } from "./tasks.server";

/**
 * Socket rooms are joined only after the same policy that guards the pages:
 * user/unit rooms by the static rule, meeting and minutes rooms by the
 * meeting's visibility (a Party or confidential meeting leaks nowhere),
 * task and directive rooms by the task and directive rules.
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
  if (room === "tasks:all") return can(user, "task:view_all");
  if (kind === "task") {
    const task = await getDb().Task.findByPk(id, { attributes: ["id", "leadUnitId", "ownerId", "assignedById"] });
    if (!task) return false;
    const coordinators = await getDb().TaskCoordinator.findAll({ attributes: ["unitId"], where: { taskId: id } });
    return canSeeTask(user, taskAccessOf(task, coordinators.map((c) => c.unitId)));
  }
  if (kind === "directive") {
    const access = await directiveAccessFor(user, id);
    return access != null && can(user, "directive:view", access);
  }
  return false;
}
