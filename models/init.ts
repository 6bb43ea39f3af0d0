import type { Sequelize } from "sequelize";
import { AgendaItem } from "./agenda-item";
import { AuditEvent } from "./audit-event";
import { Body } from "./body";
import { BodyMembership } from "./body-membership";
import { Directive } from "./directive";
import { Document } from "./document";
import { Invitation } from "./invitation";
import { ExtensionRequest } from "./extension-request";
import { Job } from "./job";
import { LoginThrottle } from "./login-throttle";
import { Meeting } from "./meeting";
import { Minutes } from "./minutes";
import { MinutesVersion } from "./minutes-version";
import { Notification } from "./notification";
import { Room } from "./room";
import { SearchEntry } from "./search-entry";
import { Session } from "./session";
import { Task } from "./task";
import { TaskCoordinator } from "./task-coordinator";
import { TaskOccurrence } from "./task-occurrence";
import { TaskReport } from "./task-report";
import { Unit } from "./unit";
import { User } from "./user";

/**
 * Initializes every model on `sequelize` and wires the associations. The
 * schema (columns, FKs, ON DELETE rules, indexes) lives only in migrations/;
 * associations here drive includes and mixins, never DDL.
 */
export function initModels(sequelize: Sequelize) {
  const models = {
    Unit: Unit.initModel(sequelize),
    User: User.initModel(sequelize),
    Session: Session.initModel(sequelize),
    LoginThrottle: LoginThrottle.initModel(sequelize),
    Body: Body.initModel(sequelize),
    BodyMembership: BodyMembership.initModel(sequelize),
    Room: Room.initModel(sequelize),
    Meeting: Meeting.initModel(sequelize),
    AgendaItem: AgendaItem.initModel(sequelize),
    Invitation: Invitation.initModel(sequelize),
    Document: Document.initModel(sequelize),
    Minutes: Minutes.initModel(sequelize),
    MinutesVersion: MinutesVersion.initModel(sequelize),
    Directive: Directive.initModel(sequelize),
    Task: Task.initModel(sequelize),
    TaskCoordinator: TaskCoordinator.initModel(sequelize),
    TaskOccurrence: TaskOccurrence.initModel(sequelize),
    TaskReport: TaskReport.initModel(sequelize),
    ExtensionRequest: ExtensionRequest.initModel(sequelize),
    Notification: Notification.initModel(sequelize),
    AuditEvent: AuditEvent.initModel(sequelize),
    Job: Job.initModel(sequelize),
    SearchEntry: SearchEntry.initModel(sequelize),
  };

  // Units and people
  Unit.belongsTo(Unit, { as: "parent", foreignKey: "parentId" });
  Unit.hasMany(Unit, { as: "children", foreignKey: "parentId" });
  Unit.hasMany(User, { as: "users", foreignKey: "unitId" });
  User.belongsTo(Unit, { as: "unit", foreignKey: "unitId" });
  User.hasMany(Session, { as: "sessions", foreignKey: "userId" });
  Session.belongsTo(User, { as: "user", foreignKey: "userId" });
  User.hasMany(Notification, { as: "notifications", foreignKey: "userId" });
  Notification.belongsTo(User, { as: "user", foreignKey: "userId" });
  AuditEvent.belongsTo(User, { as: "actor", foreignKey: "actorId" });

  // Bodies
  Body.belongsTo(Unit, { as: "hostUnit", foreignKey: "hostUnitId" });
  Body.hasMany(BodyMembership, { as: "memberships", foreignKey: "bodyId" });
  BodyMembership.belongsTo(Body, { as: "body", foreignKey: "bodyId" });
  User.hasMany(BodyMembership, { as: "memberships", foreignKey: "userId" });
  BodyMembership.belongsTo(User, { as: "user", foreignKey: "userId" });
  Body.belongsToMany(User, { as: "members", through: BodyMembership, foreignKey: "bodyId", otherKey: "userId" });
  User.belongsToMany(Body, { as: "bodies", through: BodyMembership, foreignKey: "userId", otherKey: "bodyId" });
  Body.hasMany(Meeting, { as: "meetings", foreignKey: "bodyId" });

  // Meetings
  Meeting.belongsTo(Body, { as: "body", foreignKey: "bodyId" });
  Meeting.belongsTo(Room, { as: "room", foreignKey: "roomId" });
  Room.hasMany(Meeting, { as: "meetings", foreignKey: "roomId" });
  Meeting.belongsTo(User, { as: "chair", foreignKey: "chairId" });
  Meeting.belongsTo(User, { as: "secretary", foreignKey: "secretaryId" });
  Meeting.belongsTo(User, { as: "createdBy", foreignKey: "createdById" });
  Meeting.hasMany(AgendaItem, { as: "agendaItems", foreignKey: "meetingId" });
  AgendaItem.belongsTo(Meeting, { as: "meeting", foreignKey: "meetingId" });
  AgendaItem.belongsTo(Unit, { as: "presenterUnit", foreignKey: "presenterUnitId" });
  AgendaItem.belongsTo(User, { as: "presenterUser", foreignKey: "presenterUserId" });
  Meeting.hasMany(Invitation, { as: "invitations", foreignKey: "meetingId" });
  Invitation.belongsTo(Meeting, { as: "meeting", foreignKey: "meetingId" });
  Invitation.belongsTo(User, { as: "user", foreignKey: "userId" });
  Invitation.belongsTo(Unit, { as: "unit", foreignKey: "unitId" });
  Invitation.belongsTo(User, { as: "delegateUser", foreignKey: "delegateUserId" });
  Invitation.belongsTo(Invitation, { as: "delegatedFrom", foreignKey: "delegatedFromId" });
  Invitation.hasMany(Invitation, { as: "delegations", foreignKey: "delegatedFromId" });
  Invitation.belongsTo(User, { as: "checkedInBy", foreignKey: "checkedInById" });
  User.hasMany(Invitation, { as: "invitations", foreignKey: "userId" });

  // Minutes
  Meeting.hasOne(Minutes, { as: "minutes", foreignKey: "meetingId" });
  Minutes.belongsTo(Meeting, { as: "meeting", foreignKey: "meetingId" });
  Minutes.belongsTo(User, { as: "finalizedBy", foreignKey: "finalizedById" });
  Minutes.belongsTo(User, { as: "approvedBy", foreignKey: "approvedById" });
  Minutes.hasMany(MinutesVersion, { as: "versions", foreignKey: "minutesId" });
  MinutesVersion.belongsTo(Minutes, { as: "minutes", foreignKey: "minutesId" });
  MinutesVersion.belongsTo(User, { as: "createdBy", foreignKey: "createdById" });

  // Directives
  Directive.belongsTo(Meeting, { as: "sourceMeeting", foreignKey: "sourceMeetingId" });
  Meeting.hasMany(Directive, { as: "directives", foreignKey: "sourceMeetingId" });
  Directive.belongsTo(Directive, { as: "replacedBy", foreignKey: "replacedById" });
  Directive.belongsTo(User, { as: "createdBy", foreignKey: "createdById" });
  Directive.hasMany(Task, { as: "tasks", foreignKey: "directiveId" });

  // Tasks
  Task.belongsTo(Directive, { as: "directive", foreignKey: "directiveId" });
  Task.belongsTo(Meeting, { as: "meeting", foreignKey: "meetingId" });
  Meeting.hasMany(Task, { as: "tasks", foreignKey: "meetingId" });
  Task.belongsTo(Task, { as: "parent", foreignKey: "parentId" });
  Task.hasMany(Task, { as: "children", foreignKey: "parentId" });
  Task.belongsTo(Unit, { as: "leadUnit", foreignKey: "leadUnitId" });
  Unit.hasMany(Task, { as: "leadTasks", foreignKey: "leadUnitId" });
  Task.belongsTo(User, { as: "owner", foreignKey: "ownerId" });
  Task.belongsTo(User, { as: "assignedBy", foreignKey: "assignedById" });
  Task.hasMany(TaskCoordinator, { as: "coordinators", foreignKey: "taskId" });
  TaskCoordinator.belongsTo(Task, { as: "task", foreignKey: "taskId" });
  TaskCoordinator.belongsTo(Unit, { as: "unit", foreignKey: "unitId" });
  Task.belongsToMany(Unit, { as: "coordinatingUnits", through: TaskCoordinator, foreignKey: "taskId", otherKey: "unitId" });
  Unit.belongsToMany(Task, { as: "coordinatedTasks", through: TaskCoordinator, foreignKey: "unitId", otherKey: "taskId" });
  Task.hasMany(TaskReport, { as: "reports", foreignKey: "taskId" });
  TaskReport.belongsTo(Task, { as: "task", foreignKey: "taskId" });
  TaskReport.belongsTo(User, { as: "author", foreignKey: "authorId" });
  TaskReport.belongsTo(TaskOccurrence, { as: "occurrence", foreignKey: "occurrenceId" });
  Task.hasMany(TaskOccurrence, { as: "occurrences", foreignKey: "taskId" });
  TaskOccurrence.belongsTo(Task, { as: "task", foreignKey: "taskId" });
  TaskOccurrence.hasMany(TaskReport, { as: "reports", foreignKey: "occurrenceId" });
  Task.hasMany(ExtensionRequest, { as: "extensionRequests", foreignKey: "taskId" });
  ExtensionRequest.belongsTo(Task, { as: "task", foreignKey: "taskId" });
  ExtensionRequest.belongsTo(User, { as: "requestedBy", foreignKey: "requestedById" });
  ExtensionRequest.belongsTo(User, { as: "decidedBy", foreignKey: "decidedById" });

  // Documents hang off several owners through (ownerType, ownerId); no FK.
  const documentsOf = (ownerType: Document["ownerType"]) => ({
    as: "documents",
    foreignKey: "ownerId",
    constraints: false,
    scope: { ownerType },
  });
  AgendaItem.hasMany(Document, documentsOf("agenda_item"));
  Meeting.hasMany(Document, documentsOf("meeting"));
  Task.hasMany(Document, documentsOf("task"));
  TaskReport.hasMany(Document, documentsOf("task_report"));
  Directive.hasMany(Document, documentsOf("directive"));
  Document.belongsTo(User, { as: "uploadedBy", foreignKey: "uploadedById" });

  return models;
}

export type Models = ReturnType<typeof initModels>;

export * from "./enums";
export { formatDirectiveNumber } from "./directive";
export { newIcalUid } from "./meeting";
export type { ProseMirrorJson } from "./minutes";
export { parseRoles } from "./user";
export { SEARCH_KINDS, type SearchKind } from "./search-entry";
export {
  AgendaItem,
  AuditEvent,
  Body,
  BodyMembership,
  Directive,
  Document,
  ExtensionRequest,
  Invitation,
  Job,
  LoginThrottle,
  Meeting,
  Minutes,
  MinutesVersion,
  Notification,
  Room,
  SearchEntry,
  Session,
  Task,
  TaskCoordinator,
  TaskOccurrence,
  TaskReport,
  Unit,
  User,
};
