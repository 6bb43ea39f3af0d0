import { DataTypes, type ModelAttributeColumnOptions, type QueryInterfaceCreateTableOptions } from "sequelize";
import type { MigrationContext } from "./migrator";

// Portable DDL: plain VARCHAR instead of ENUM, TEXT instead of JSON, and only
// types both SQLite and MySQL/MariaDB understand. Column names are snake_case
// (the models use `underscored: true`).

type Columns = Record<string, ModelAttributeColumnOptions>;
type OnDelete = "CASCADE" | "SET NULL" | "RESTRICT";

// MySQL: utf8mb4 so Vietnamese (and anything else) round-trips; ignored by SQLite.
const TABLE: QueryInterfaceCreateTableOptions = { charset: "utf8mb4", collate: "utf8mb4_unicode_ci", engine: "InnoDB" } as QueryInterfaceCreateTableOptions;

const id = (): ModelAttributeColumnOptions => ({ type: DataTypes.INTEGER, allowNull: false, autoIncrement: true, primaryKey: true });
const fk = (table: string, onDelete: OnDelete, allowNull = true): ModelAttributeColumnOptions => ({
  type: DataTypes.INTEGER,
  allowNull,
  references: { model: table, key: "id" },
  onDelete,
  onUpdate: "CASCADE",
});
const str = (length: number, allowNull = false, defaultValue?: string): ModelAttributeColumnOptions => ({
  type: DataTypes.STRING(length),
  allowNull,
  ...(defaultValue !== undefined ? { defaultValue } : {}),
});
const int = (defaultValue?: number, allowNull = false): ModelAttributeColumnOptions => ({
  type: DataTypes.INTEGER,
  allowNull,
  ...(defaultValue !== undefined ? { defaultValue } : {}),
});
const bool = (defaultValue: boolean): ModelAttributeColumnOptions => ({ type: DataTypes.BOOLEAN, allowNull: false, defaultValue });
const text = (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.TEXT, allowNull });
// SQLite's TEXT has no size classes (and Sequelize warns when asked for one).
let sqlite = false;
const mediumText = (allowNull = true): ModelAttributeColumnOptions => ({ type: sqlite ? DataTypes.TEXT : DataTypes.TEXT("medium"), allowNull });
const date = (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATE, allowNull });
const dateOnly = (allowNull = true): ModelAttributeColumnOptions => ({ type: DataTypes.DATEONLY, allowNull });
const timestamps = (): Columns => ({ created_at: date(false), updated_at: date(false) });

type Index = { fields: string[]; unique?: boolean; name?: string };

/** Tables in dependency order; down() drops them in reverse. */
const tables = (): Array<{ name: string; columns: Columns; indexes?: Index[] }> => [
  {
    name: "units",
    columns: {
      id: id(),
      code: str(50),
      name: str(255),
      short_name: str(100, true),
      kind: str(32),
      parent_id: fk("units", "SET NULL"),
      position: int(0),
      active: bool(true),
      ...timestamps(),
    },
    indexes: [{ fields: ["code"], unique: true }, { fields: ["parent_id"] }],
  },
  {
    name: "users",
    columns: {
      id: id(),
      username: str(64),
      full_name: str(255),
      title: str(255, true),
      email: str(255, true),
      phone: str(32, true),
      unit_id: fk("units", "SET NULL"),
      roles: str(200, false, "viewer"),
      password_hash: str(255),
      locale: str(8, false, "vi"),
      calendar_token: str(64, true),
      active: bool(true),
      last_login_at: date(),
      password_changed_at: date(),
      ...timestamps(),
    },
    indexes: [{ fields: ["username"], unique: true }, { fields: ["calendar_token"], unique: true }, { fields: ["unit_id"] }],
  },
  {
    name: "sessions",
    columns: {
      id: { type: DataTypes.STRING(64), allowNull: false, primaryKey: true },
      user_id: fk("users", "CASCADE", false),
      data: text(false),
      expires_at: date(false),
      ip: str(64, true),
      user_agent: str(255, true),
      ...timestamps(),
    },
    indexes: [{ fields: ["user_id"] }, { fields: ["expires_at"] }],
  },
  {
    name: "login_throttles",
    columns: {
      key: { type: DataTypes.STRING(191), allowNull: false, primaryKey: true },
      failures: int(0),
      first_failed_at: date(),
      locked_until: date(),
      ...timestamps(),
    },
  },
  {
    name: "bodies",
    columns: {
      id: id(),
      code: str(50),
      name: str(255),
      kind: str(32),
      quorum_numerator: int(2),
      quorum_denominator: int(3),
      description: text(),
      host_unit_id: fk("units", "SET NULL"),
      active: bool(true),
      ...timestamps(),
    },
    indexes: [{ fields: ["code"], unique: true }, { fields: ["host_unit_id"] }],
  },
  {
    name: "body_memberships",
    columns: {
      id: id(),
      body_id: fk("bodies", "CASCADE", false),
      user_id: fk("users", "CASCADE", false),
      role: str(32),
      position: int(0),
      ...timestamps(),
    },
    indexes: [{ fields: ["body_id", "user_id"], unique: true }, { fields: ["user_id"] }],
  },
  {
    name: "rooms",
    columns: {
      id: id(),
      name: str(255),
      location: str(255, true),
      capacity: int(),
      equipment: text(),
      active: bool(true),
      ...timestamps(),
    },
    indexes: [{ fields: ["name"], unique: true }],
  },
  {
    name: "meetings",
    columns: {
      id: id(),
      body_id: fk("bodies", "RESTRICT", false),
      title: str(500),
      kind: str(32),
      starts_at: date(false),
      ends_at: date(false),
      room_id: fk("rooms", "SET NULL"),
      online_url: str(500, true),
      chair_id: fk("users", "SET NULL"),
      secretary_id: fk("users", "SET NULL"),
      status: str(32, false, "draft"),
      confidentiality: str(32, false, "normal"),
      notes: text(),
      status_reason: text(),
      ical_uid: str(191),
      ical_sequence: int(0),
      created_by_id: fk("users", "SET NULL"),
      version: int(1),
      ...timestamps(),
    },
    indexes: [
      { fields: ["ical_uid"], unique: true },
      { fields: ["body_id", "starts_at"] },
      { fields: ["starts_at"] },
      { fields: ["room_id", "starts_at"] },
      { fields: ["chair_id", "starts_at"] },
      { fields: ["status"] },
    ],
  },
  {
    name: "agenda_items",
    columns: {
      id: id(),
      meeting_id: fk("meetings", "CASCADE", false),
      position: int(),
      title: str(500),
      description: text(),
      presenter_unit_id: fk("units", "SET NULL"),
      presenter_user_id: fk("users", "SET NULL"),
      duration_minutes: int(15),
      status: str(32, false, "pending"),
      ...timestamps(),
    },
    indexes: [{ fields: ["meeting_id", "position"] }],
  },
  {
    name: "invitations",
    columns: {
      id: id(),
      meeting_id: fk("meetings", "CASCADE", false),
      user_id: fk("users", "CASCADE"),
      unit_id: fk("units", "CASCADE"),
      role: str(32),
      rsvp: str(32, false, "pending"),
      delegate_user_id: fk("users", "SET NULL"),
      delegated_from_id: fk("invitations", "SET NULL"),
      reason: text(),
      responded_at: date(),
      checked_in_at: date(),
      checked_in_by_id: fk("users", "SET NULL"),
      ...timestamps(),
    },
    // NULLs are distinct in both dialects' unique indexes, so a person row and a unit row coexist.
    indexes: [
      { fields: ["meeting_id", "user_id"], unique: true },
      { fields: ["meeting_id", "unit_id"], unique: true },
      { fields: ["user_id"] },
      { fields: ["unit_id"] },
    ],
  },
  {
    name: "documents",
    columns: {
      id: id(),
      owner_type: str(32),
      owner_id: int(),
      file_name: str(255),
      mime: str(127),
      size: { type: DataTypes.BIGINT, allowNull: false },
      sha256: { type: DataTypes.CHAR(64), allowNull: false },
      storage_key: str(191),
      uploaded_by_id: fk("users", "SET NULL"),
      ...timestamps(),
    },
    indexes: [{ fields: ["storage_key"], unique: true }, { fields: ["owner_type", "owner_id"] }],
  },
  {
    name: "minutes",
    columns: {
      id: id(),
      meeting_id: fk("meetings", "CASCADE", false),
      // MEDIUMBLOB (16 MB): a plain BLOB is only 64 KB on MySQL.
      yjs_state: { type: DataTypes.BLOB("medium"), allowNull: true },
      html: mediumText(),
      json: mediumText(),
      text: mediumText(),
      status: str(32, false, "draft"),
      attendees_can_edit: bool(false),
      template_applied: bool(false),
      finalized_by_id: fk("users", "SET NULL"),
      finalized_at: date(),
      approved_by_id: fk("users", "SET NULL"),
      approved_at: date(),
      version: int(1),
      ...timestamps(),
    },
    indexes: [{ fields: ["meeting_id"], unique: true }],
  },
  {
    name: "minutes_versions",
    columns: {
      id: id(),
      minutes_id: fk("minutes", "CASCADE", false),
      reason: str(32),
      yjs_state: { type: DataTypes.BLOB("medium"), allowNull: false },
      html: mediumText(false),
      json: mediumText(),
      created_by_id: fk("users", "SET NULL"),
      created_at: date(false),
    },
    indexes: [{ fields: ["minutes_id", "created_at"] }],
  },
  {
    name: "directives",
    columns: {
      id: id(),
      kind: str(8),
      number_format: str(8),
      number: str(20),
      symbol: str(100),
      year: int(),
      issuer: str(191),
      signer: str(255, true),
      issued_on: dateOnly(false),
      summary: text(false),
      body: mediumText(),
      confidentiality: str(32, false, "normal"),
      source_meeting_id: fk("meetings", "SET NULL"),
      status: str(32, false, "active"),
      replaced_by_id: fk("directives", "SET NULL"),
      created_by_id: fk("users", "SET NULL"),
      version: int(1),
      ...timestamps(),
    },
    indexes: [
      { fields: ["issuer", "symbol", "number", "year"], unique: true },
      { fields: ["issued_on"] },
      { fields: ["source_meeting_id"] },
    ],
  },
  {
    name: "tasks",
    columns: {
      id: id(),
      // RESTRICT: a directive or meeting with tasks is never deleted silently.
      directive_id: fk("directives", "RESTRICT"),
      meeting_id: fk("meetings", "RESTRICT"),
      minutes_anchor: text(),
      parent_id: fk("tasks", "CASCADE"),
      content: text(false),
      lead_unit_id: fk("units", "RESTRICT", false),
      owner_id: fk("users", "SET NULL"),
      assigned_by_id: fk("users", "SET NULL"),
      deadline_kind: str(16, false, "date"),
      deadline: dateOnly(),
      original_deadline: dateOnly(),
      recurrence: str(16, true),
      starred: bool(false),
      progress: int(0),
      state: str(16, false, "assigned"),
      completed_on: dateOnly(),
      result: text(),
      last_report_at: date(),
      version: int(1),
      ...timestamps(),
    },
    indexes: [
      { fields: ["lead_unit_id", "state", "deadline"] },
      { fields: ["owner_id", "state", "deadline"] },
      { fields: ["state", "deadline"] },
      { fields: ["directive_id"] },
      { fields: ["meeting_id"] },
      { fields: ["parent_id"] },
    ],
  },
  {
    name: "task_coordinators",
    columns: {
      task_id: { ...fk("tasks", "CASCADE", false), primaryKey: true },
      unit_id: { ...fk("units", "CASCADE", false), primaryKey: true },
    },
    indexes: [{ fields: ["unit_id"] }],
  },
  {
    name: "task_occurrences",
    columns: {
      id: id(),
      task_id: fk("tasks", "CASCADE", false),
      period_label: str(50),
      deadline: dateOnly(false),
      completed_on: dateOnly(),
      state: str(16, false, "open"),
      ...timestamps(),
    },
    indexes: [{ fields: ["task_id", "period_label"], unique: true }],
  },
  {
    name: "task_reports",
    columns: {
      id: id(),
      task_id: fk("tasks", "CASCADE", false),
      occurrence_id: fk("task_occurrences", "SET NULL"),
      author_id: fk("users", "RESTRICT", false),
      kind: str(16),
      progress: int(undefined, true),
      note: text(false),
      ...timestamps(),
    },
    indexes: [{ fields: ["task_id", "created_at"] }],
  },
  {
    name: "extension_requests",
    columns: {
      id: id(),
      task_id: fk("tasks", "CASCADE", false),
      requested_by_id: fk("users", "RESTRICT", false),
      previous_deadline: dateOnly(),
      requested_deadline: dateOnly(false),
      reason: text(false),
      status: str(16, false, "pending"),
      decided_by_id: fk("users", "SET NULL"),
      decided_at: date(),
      decision_note: text(),
      ...timestamps(),
    },
    indexes: [{ fields: ["task_id", "status"] }],
  },
  {
    name: "notifications",
    columns: {
      id: id(),
      user_id: fk("users", "CASCADE", false),
      kind: str(50),
      title: str(500),
      body: text(),
      url: str(500, true),
      entity_type: str(32, true),
      entity_id: int(undefined, true),
      read_at: date(),
      ...timestamps(),
    },
    indexes: [{ fields: ["user_id", "read_at", "created_at"] }],
  },
  {
    name: "audit_events",
    columns: {
      id: id(),
      actor_id: fk("users", "SET NULL"),
      action: str(64),
      entity_type: str(32),
      entity_id: int(undefined, true),
      before: mediumText(),
      after: mediumText(),
      ip: str(64, true),
      created_at: date(false),
    },
    indexes: [{ fields: ["entity_type", "entity_id", "created_at"] }, { fields: ["actor_id", "created_at"] }],
  },
  {
    name: "jobs",
    columns: {
      id: id(),
      kind: str(64),
      payload: text(),
      run_at: date(false),
      status: str(16, false, "pending"),
      attempts: int(0),
      locked_by: str(100, true),
      locked_until: date(),
      last_error: text(),
      dedupe_key: str(191, true),
      ...timestamps(),
    },
    indexes: [{ fields: ["dedupe_key"], unique: true }, { fields: ["status", "run_at"] }],
  },
];

/** Every table this migration owns, in creation order (tests compare against it). */
export const TABLES = tables().map((t) => t.name);

export const name = "0001-initial-schema";

export async function up({ queryInterface, sequelize }: MigrationContext) {
  sqlite = sequelize.getDialect() === "sqlite";
  for (const t of tables()) {
    await queryInterface.createTable(t.name, t.columns, TABLE);
    for (const index of t.indexes ?? []) {
      await queryInterface.addIndex(t.name, index.fields, {
        name: index.name ?? `${t.name}_${index.fields.join("_")}${index.unique ? "_unique" : ""}`,
        unique: index.unique ?? false,
      });
    }
  }
}

export async function down({ queryInterface }: MigrationContext) {
  for (const t of tables().reverse()) await queryInterface.dropTable(t.name);
}
