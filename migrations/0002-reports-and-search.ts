import { DataTypes, type QueryInterfaceCreateTableOptions } from "sequelize";
import type { MigrationContext } from "./migrator";

/**
 * Reports and search at city scale (issue #6, decision 008).
 *
 * - tasks.assigned_on: the day a task was given (Hanoi date) — reports count a
 *   period's tasks by it; tasks.body_id: the body (UBND, Thành ủy …) whose
 *   meeting or directive gave it, for the "by body" scope.
 * - Covering indexes so the dashboard's counts are index-only scans: every
 *   column the status words and the update rate need is in the index.
 * - search_entries: one row per searchable record with its text folded
 *   (no diacritics, đ→d, lower case). Visibility is never copied here; search
 *   joins back to the records and applies the policy at query time.
 */

export const name = "0002-reports-and-search";

const TABLE = { charset: "utf8mb4", collate: "utf8mb4_unicode_ci", engine: "InnoDB" } as QueryInterfaceCreateTableOptions;

/** The columns status words and the update rate read, in one order for every covering index. */
export const STATUS_COLUMNS = ["state", "deadline", "completed_on", "last_report_at"];

export const TASK_REPORT_INDEXES: Array<{ name: string; fields: string[] }> = [
  { name: "tasks_report_by_period", fields: ["assigned_on", "lead_unit_id", ...STATUS_COLUMNS] },
  { name: "tasks_report_by_unit", fields: ["lead_unit_id", "assigned_on", ...STATUS_COLUMNS] },
  { name: "tasks_report_by_directive", fields: ["directive_id", "assigned_on", "lead_unit_id", ...STATUS_COLUMNS] },
  { name: "tasks_report_by_body", fields: ["body_id", "assigned_on", "lead_unit_id", ...STATUS_COLUMNS] },
];

export async function up({ queryInterface, sequelize }: MigrationContext) {
  const mysql = sequelize.getDialect() !== "sqlite";
  await queryInterface.addColumn("tasks", "assigned_on", { type: DataTypes.DATEONLY, allowNull: true });
  await queryInterface.addColumn("tasks", "body_id", {
    type: DataTypes.INTEGER,
    allowNull: true,
    references: { model: "bodies", key: "id" },
    onDelete: "SET NULL",
    onUpdate: "CASCADE",
  });
  // Existing rows: the Hanoi date of creation, the body of the meeting (directly or through the directive's source meeting).
  await sequelize.query(
    mysql
      ? "UPDATE tasks SET assigned_on = DATE(DATE_ADD(created_at, INTERVAL 7 HOUR))"
      : "UPDATE tasks SET assigned_on = date(created_at, '+7 hours')",
  );
  await sequelize.query(
    `UPDATE tasks SET body_id = (SELECT m.body_id FROM meetings m WHERE m.id = COALESCE(tasks.meeting_id,
       (SELECT d.source_meeting_id FROM directives d WHERE d.id = tasks.directive_id)))`,
  );
  for (const index of TASK_REPORT_INDEXES) await queryInterface.addIndex("tasks", index.fields, { name: index.name });
  // Lists at city scale page in deadline order: walk an index instead of sorting a million rows.
  await queryInterface.addIndex("tasks", ["deadline"], { name: "tasks_deadline" });
  await queryInterface.addIndex("tasks", ["lead_unit_id", "deadline"], { name: "tasks_lead_unit_id_deadline" });
  // Progress reports by author and time feed the "last 30 days" update rate and the report list.
  await queryInterface.addIndex("task_reports", ["created_at"], { name: "task_reports_created_at" });

  await queryInterface.createTable(
    "search_entries",
    {
      id: { type: DataTypes.INTEGER, allowNull: false, autoIncrement: true, primaryKey: true },
      kind: { type: DataTypes.STRING(16), allowNull: false },
      entity_id: { type: DataTypes.INTEGER, allowNull: false },
      // The meeting an agenda item or minutes belongs to (for visibility and links); the meeting itself for a meeting.
      meeting_id: { type: DataTypes.INTEGER, allowNull: true },
      title: { type: DataTypes.STRING(1000), allowNull: false },
      // Folded title + text, what the query matches.
      folded: { type: mysql ? DataTypes.TEXT("medium") : DataTypes.TEXT, allowNull: false },
      // Original plain text (for excerpts with highlights), capped.
      body: { type: mysql ? DataTypes.TEXT("medium") : DataTypes.TEXT, allowNull: true },
      occurred_on: { type: DataTypes.DATEONLY, allowNull: true },
      updated_at: { type: DataTypes.DATE, allowNull: false },
    },
    TABLE,
  );
  await queryInterface.addIndex("search_entries", ["kind", "entity_id"], { name: "search_entries_kind_entity_id_unique", unique: true });
  await queryInterface.addIndex("search_entries", ["meeting_id"], { name: "search_entries_meeting_id" });
  if (mysql) {
    // InnoDB's default stopwords are English, and many folded Vietnamese words are on it
    // ("an" ninh, "la" là, "de" để, "to" tổ …): build the index without a stopword list.
    // One transaction only to keep both statements on one connection (the ALTER commits it).
    await sequelize.transaction(async (transaction) => {
      await sequelize.query("SET SESSION innodb_ft_enable_stopword = OFF", { transaction });
      await sequelize.query("ALTER TABLE search_entries ADD FULLTEXT INDEX search_entries_folded_fulltext (folded)", { transaction });
    });
  }
}

/** Tables this migration adds (tests compare against them). */
export const TABLES = ["search_entries"];

export async function down({ queryInterface, sequelize }: MigrationContext) {
  await queryInterface.dropTable("search_entries");
  await queryInterface.removeIndex("task_reports", "task_reports_created_at");
  if (sequelize.getDialect() !== "sqlite") {
    // MySQL refuses to drop a column a foreign key still uses.
    const refs = (await queryInterface.getForeignKeyReferencesForTable("tasks")) as Array<{ columnName: string; constraintName: string }>;
    for (const r of refs.filter((r) => r.columnName === "body_id")) await queryInterface.removeConstraint("tasks", r.constraintName);
  }
  for (const index of TASK_REPORT_INDEXES) await queryInterface.removeIndex("tasks", index.name);
  await queryInterface.removeIndex("tasks", "tasks_deadline");
  await queryInterface.removeIndex("tasks", "tasks_lead_unit_id_deadline");
  await queryInterface.removeColumn("tasks", "body_id");
  await queryInterface.removeColumn("tasks", "assigned_on");
}
