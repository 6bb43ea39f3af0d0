import { keepForeignKeyIndexes, type IndexSpec } from "./index-helpers";
import type { MigrationContext } from "./migrator";

/**
 * The header's counters run on every page and are recounted after every task
 * write. At city scale a leader's took 1.1–1.5 s: "waiting for my decision"
 * read the 29,754 reported tasks of the city through the state index to find
 * the 1,298 chutich assigned, the completions he wrote himself were looked up
 * among his 22,825 acceptance reports, and pending extension requests were
 * found by reading all 84,819 of them.
 */
export const name = "0004-header-counters";

const TASKS: IndexSpec[] = [{ name: "tasks_assigned_by_id_state", fields: ["assigned_by_id", "state"] }];
const TASK_REPORTS: IndexSpec[] = [{ name: "task_reports_author_id_kind_task_id", fields: ["author_id", "kind", "task_id"] }];
const EXTENSION_REQUESTS: IndexSpec[] = [{ name: "extension_requests_status_task_id", fields: ["status", "task_id"] }];

const BY_TABLE = [["tasks", TASKS], ["task_reports", TASK_REPORTS], ["extension_requests", EXTENSION_REQUESTS]] as const;

export async function up({ queryInterface }: MigrationContext) {
  for (const [table, specs] of BY_TABLE) {
    for (const index of specs) await queryInterface.addIndex(table, index.fields, { name: index.name });
  }
}

export async function down(ctx: MigrationContext) {
  await keepForeignKeyIndexes(ctx, "tasks", TASKS, ["assigned_by_id"]);
  await keepForeignKeyIndexes(ctx, "task_reports", TASK_REPORTS, ["author_id"]);
  for (const [table, specs] of BY_TABLE) {
    for (const index of specs) await ctx.queryInterface.removeIndex(table, index.name);
  }
}
