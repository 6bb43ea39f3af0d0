import { DataTypes } from "sequelize";
import type { MigrationContext } from "./migrator";

/**
 * minutes.state_rev counts the writes of minutes.yjs_state. A process that
 * wrote (or loaded) revision N stores its next state with one conditional
 * `UPDATE … WHERE state_rev = N` instead of a locked read–merge–write
 * transaction: while typing goes on that is every store, and the transaction
 * cost five times the single statement (decision 005). When the condition
 * fails, another process wrote in between and the store merges as before.
 */
export const name = "0005-minutes-state-rev";

export async function up({ queryInterface }: MigrationContext) {
  await queryInterface.addColumn("minutes", "state_rev", { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
}

export async function down({ queryInterface }: MigrationContext) {
  await queryInterface.removeColumn("minutes", "state_rev");
}
