import type { CurrentUser, Role } from "../lib/current-user";
import { ForbiddenError } from "../lib/errors";

/**
 * The one place that decides who may do what (Outline's server/policies).
 * Pages, actions, downloads, feeds, search, API and socket rooms all ask here.
 * Deny by default: an action without a rule is refused.
 */
export type Actor = Pick<CurrentUser, "id" | "roles" | "unitId">;

const has = (u: Actor, ...roles: Role[]) => roles.some((r) => u.roles.includes(r));
const isAdmin = (u: Actor) => has(u, "admin");
const isSecretariat = (u: Actor) => has(u, "secretariat");

/** What the meeting visibility rule needs to know about one meeting and one user. */
export type MeetingAccess = {
  confidentiality: "normal" | "restricted" | "secret";
  bodyKind: "state" | "party";
  /** the user is invited (directly, as a delegate, or through their unit) */
  isInvitee: boolean;
  isBodyMember: boolean;
  /** drafts are the secretariat's work in progress, shown also to the meeting's chair and secretary */
  isDraft?: boolean;
  isLead?: boolean;
};

/**
 * Confidential meetings (hạn chế, mật) and Party body meetings are visible only
 * to invitees, body members and the secretariat (DESIGN.md §8). Party meetings
 * are created "hạn chế" by default; the secretariat may open one explicitly.
 */
export function canSeeMeeting(u: Actor, m: MeetingAccess) {
  if (isSecretariat(u)) return true;
  if (m.isDraft) return Boolean(m.isLead);
  if (m.isInvitee || m.isBodyMember) return true;
  return m.confidentiality === "normal" && m.bodyKind === "state";
}

/** What the directive rule needs: its confidentiality and whether the user's unit has a task in it. */
export type DirectiveAccess = { confidentiality: "normal" | "restricted" | "secret"; involvesUser: boolean };

/** Confidential directives: the secretariat, leaders, and units that carry one of its tasks. */
export function canSeeDirective(u: Actor, d: DirectiveAccess) {
  if (u.roles.length === 0) return false;
  if (d.confidentiality === "normal") return true;
  return isSecretariat(u) || has(u, "leader") || d.involvesUser;
}

/** What the task rule needs to know about one task. */
export type TaskAccess = { leadUnitId: number; coordinatingUnitIds: number[]; ownerId: number | null; assignedById: number | null };

/** Staff see their unit's tasks and the ones it coordinates; the secretariat and leaders see all. */
export function canSeeTask(u: Actor, t: TaskAccess) {
  if (isSecretariat(u) || has(u, "leader")) return true;
  if (t.ownerId === u.id || t.assignedById === u.id) return true;
  if (u.unitId == null) return false;
  return t.leadUnitId === u.unitId || t.coordinatingUnitIds.includes(u.unitId);
}

/** Staff of the lead unit and the person in charge carry the task: they report completion and ask for more time. */
export function carriesTask(u: Actor, t: TaskAccess) {
  return t.ownerId === u.id || (u.unitId != null && t.leadUnitId === u.unitId);
}

/** Coordinating units report their part of the progress too. */
export function worksOnTask(u: Actor, t: TaskAccess) {
  return carriesTask(u, t) || (u.unitId != null && t.coordinatingUnitIds.includes(u.unitId));
}

/** Accepting a completion or deciding an extension: the assigner, the secretariat or a leader — never on one's own request. */
export type TaskDecision = TaskAccess & { requestedById: number };

/** The user's part in one meeting, for the rules that run it. */
export type MeetingRole = { secretaryId: number | null; chairId: number | null; isInvitee: boolean };

type Rules = {
  "admin:view": undefined;
  "unit:manage": undefined;
  "user:manage": undefined;
  "body:manage": undefined;
  "room:manage": undefined;
  "audit:view": undefined;
  "meeting:view": MeetingAccess;
  "meeting:schedule": undefined;
  "meeting:manage": MeetingRole;
  "meeting:check_in_self": MeetingRole;
  "directive:list": undefined;
  "directive:view": DirectiveAccess;
  "directive:create": undefined;
  "directive:edit": undefined;
  "task:view": TaskAccess;
  "task:view_all": undefined;
  "task:assign": undefined;
  "task:edit": TaskAccess;
  "task:report_progress": TaskAccess;
  "task:report_completion": TaskAccess;
  "task:request_extension": TaskAccess;
  "task:decide": TaskDecision;
  "reports:view": undefined;
};
export type Action = keyof Rules;

const rules: { [A in Action]: (u: Actor, record: Rules[A]) => boolean } = {
  "admin:view": (u) => isAdmin(u) || isSecretariat(u),
  "unit:manage": (u) => isAdmin(u),
  "user:manage": (u) => isAdmin(u),
  "body:manage": (u) => isAdmin(u) || isSecretariat(u),
  "room:manage": (u) => isAdmin(u) || isSecretariat(u),
  "audit:view": (u) => isAdmin(u),
  "meeting:view": (u, m) => canSeeMeeting(u, m),
  "meeting:schedule": (u) => isSecretariat(u),
  // The secretariat, and the meeting's own secretary, run a meeting: agenda, documents, invitations, status, check-in.
  "meeting:manage": (u, m) => isSecretariat(u) || (m.secretaryId != null && m.secretaryId === u.id),
  "meeting:check_in_self": (u, m) => m.isInvitee,
  "directive:list": (u) => u.roles.length > 0,
  "directive:view": (u, d) => canSeeDirective(u, d),
  // The register is kept by the secretariat (Văn phòng).
  "directive:create": (u) => isSecretariat(u),
  "directive:edit": (u) => isSecretariat(u),
  "task:view": (u, t) => canSeeTask(u, t),
  "task:view_all": (u) => has(u, "secretariat", "leader"),
  "task:assign": (u) => has(u, "secretariat", "leader"),
  "task:edit": (u, t) => isSecretariat(u) || (t.assignedById != null && t.assignedById === u.id),
  "task:report_progress": (u, t) => worksOnTask(u, t),
  "task:report_completion": (u, t) => carriesTask(u, t),
  "task:request_extension": (u, t) => carriesTask(u, t),
  "task:decide": (u, t) => t.requestedById !== u.id && (isSecretariat(u) || has(u, "leader") || (t.assignedById != null && t.assignedById === u.id)),
  // Reports list task contents (the overdue list, drill-downs): only for those who see every task.
  "reports:view": (u) => has(u, "secretariat", "leader"),
};

export function can<A extends Action>(user: Actor | null | undefined, action: A, ...record: Rules[A] extends undefined ? [] : [Rules[A]]): boolean {
  if (!user) return false;
  const rule = rules[action] as ((u: Actor, r: unknown) => boolean) | undefined;
  if (!rule) return false;
  return rule(user, record[0]);
}

/** Throws 403 unless `can` allows it. */
export function authorize<A extends Action>(user: Actor | null | undefined, action: A, ...record: Rules[A] extends undefined ? [] : [Rules[A]]): void {
  if (!can(user, action, ...record)) throw new ForbiddenError();
}

/** Which sections the header navigation shows. */
export function navigationFor(u: Actor) {
  return {
    meetings: true,
    directives: can(u, "directive:list"),
    tasks: true,
    reports: can(u, "reports:view"),
    admin: can(u, "admin:view"),
  };
}

/**
 * Socket rooms: `user:{id}` only for that user; `unit:{id}` for the unit's own
 * people and the secretariat. Rooms for meetings, minutes and directives are
 * checked against the records by the caller (see realtime/rooms).
 */
export function canJoinStaticRoom(u: Actor, room: string): boolean {
  const [kind, rawId] = room.split(":");
  const id = Number(rawId);
  if (!Number.isInteger(id) || id <= 0) return false;
  if (kind === "user") return id === u.id;
  if (kind === "unit") return id === u.unitId || isSecretariat(u) || has(u, "leader");
  return false;
}
