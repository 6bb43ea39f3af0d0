import type { MigrationContext } from "./migrator";

export type IndexSpec = { name: string; fields: string[] };

/**
 * Before a migration's `down` drops its indexes: MySQL drops a foreign key's
 * implicit index as soon as another index can serve the key, so one of ours
 * may now be the only index on a key column (and cannot be dropped then).
 * Give each such column a plain index of its own first. SQLite needs none.
 */
export async function keepForeignKeyIndexes({ queryInterface, sequelize }: MigrationContext, table: string, ours: IndexSpec[], columns: string[]) {
  if (sequelize.getDialect() === "sqlite") return;
  const names = new Set(ours.map((i) => i.name));
  const indexes = (await queryInterface.showIndex(table)) as Array<{ name: string; fields: Array<{ attribute: string }> }>;
  for (const column of columns) {
    if (!indexes.some((i) => !names.has(i.name) && i.fields[0]?.attribute === column)) await queryInterface.addIndex(table, [column], { name: `${table}_${column}` });
  }
}
