import { keepForeignKeyIndexes } from "./index-helpers";
import type { MigrationContext } from "./migrator";

/**
 * "Nhiệm vụ của tôi" at city scale: a leader has assigned tens of thousands of
 * tasks (chutich: 87,536 in the scale data). The list walks them by deadline
 * and skips cancelled ones; with only the foreign-key index on assigned_by_id,
 * MariaDB read and sorted all of them for a page of 50 (0.9 s). These indexes
 * give each "mine" branch its rows in deadline order, state included so
 * cancelled tasks are skipped inside the index.
 */
export const name = "0003-my-task-lists";

export const MY_TASK_INDEXES = [
  { name: "tasks_assigned_by_id_deadline_state", fields: ["assigned_by_id", "deadline", "state"] },
  { name: "tasks_owner_id_deadline_state", fields: ["owner_id", "deadline", "state"] },
];

export async function up({ queryInterface }: MigrationContext) {
  for (const index of MY_TASK_INDEXES) await queryInterface.addIndex("tasks", index.fields, { name: index.name });
}

export async function down(ctx: MigrationContext) {
  await keepForeignKeyIndexes(ctx, "tasks", MY_TASK_INDEXES, ["assigned_by_id", "owner_id"]);
  for (const index of MY_TASK_INDEXES) await ctx.queryInterface.removeIndex("tasks", index.name);
}
