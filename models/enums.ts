// Enumerations stored as plain STRING columns (validated by the models, not by
// DB ENUM types, so migrations stay portable between SQLite and MySQL/MariaDB).
// This module has no imports on purpose: UI code may import it without pulling
// Sequelize into the browser bundle.

export const UNIT_KINDS = ["department", "district", "ward", "office", "other"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const ROLES = ["admin", "secretariat", "leader", "member", "staff", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ["vi", "en"] as const;
export type Locale = (typeof LOCALES)[number];

export const BODY_KINDS = ["state", "party"] as const;
export type BodyKind = (typeof BODY_KINDS)[number];

export const BODY_MEMBER_ROLES = ["chair", "vice_chair", "member", "secretary"] as const;
export type BodyMemberRole = (typeof BODY_MEMBER_ROLES)[number];

export const MEETING_KINDS = ["regular", "thematic", "extraordinary", "briefing"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_STATUSES = ["draft", "convened", "in_progress", "ended", "postponed", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const CONFIDENTIALITY_LEVELS = ["normal", "restricted", "secret"] as const;
export type Confidentiality = (typeof CONFIDENTIALITY_LEVELS)[number];

export const AGENDA_ITEM_STATUSES = ["pending", "discussing", "done", "postponed"] as const;
export type AgendaItemStatus = (typeof AGENDA_ITEM_STATUSES)[number];

export const INVITATION_ROLES = ["chair", "secretary", "member", "guest"] as const;
export type InvitationRole = (typeof INVITATION_ROLES)[number];

export const RSVP_STATUSES = ["pending", "attending", "absent", "delegated"] as const;
export type RsvpStatus = (typeof RSVP_STATUSES)[number];

export const DOCUMENT_OWNER_TYPES = ["agenda_item", "meeting", "task", "task_report", "directive"] as const;
export type DocumentOwnerType = (typeof DOCUMENT_OWNER_TYPES)[number];

export const MINUTES_STATUSES = ["draft", "final", "approved"] as const;
export type MinutesStatus = (typeof MINUTES_STATUSES)[number];

export const MINUTES_VERSION_REASONS = ["finalize", "approve", "periodic", "restore", "manual"] as const;
export type MinutesVersionReason = (typeof MINUTES_VERSION_REASONS)[number];

/** Type abbreviations of Decree 30/2020/NĐ-CP; `QD` is written "QĐ" in symbols. */
export const DIRECTIVE_KINDS = ["CT", "KL", "TB", "NQ", "QD", "KH", "CV"] as const;
export type DirectiveKind = (typeof DIRECTIVE_KINDS)[number];

/** `party`: 24-CT/TU (number-type/issuer); `state`: 06/QĐ-TTg (number/type-issuer). */
export const NUMBER_FORMATS = ["party", "state"] as const;
export type NumberFormat = (typeof NUMBER_FORMATS)[number];

export const DIRECTIVE_STATUSES = ["active", "expired", "replaced"] as const;
export type DirectiveStatus = (typeof DIRECTIVE_STATUSES)[number];

export const DEADLINE_KINDS = ["date", "none", "recurring"] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

export const RECURRENCES = ["monthly", "quarterly", "yearly"] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const TASK_STATES = ["assigned", "in_progress", "reported", "completed", "cancelled"] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const OCCURRENCE_STATES = ["open", "reported", "completed"] as const;
export type OccurrenceState = (typeof OCCURRENCE_STATES)[number];

export const TASK_REPORT_KINDS = ["progress", "completion", "accepted", "returned"] as const;
export type TaskReportKind = (typeof TASK_REPORT_KINDS)[number];

export const EXTENSION_STATUSES = ["pending", "approved", "refused"] as const;
export type ExtensionStatus = (typeof EXTENSION_STATUSES)[number];

export const JOB_STATUSES = ["pending", "running", "done", "failed"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
