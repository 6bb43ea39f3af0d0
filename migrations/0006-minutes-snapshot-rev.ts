import { DataTypes } from "sequelize";
import type { MigrationContext } from "./migrator";

/**
 * minutes.snapshot_rev is the state revision (minutes.state_rev) that the
 * HTML/JSON/text snapshot was rendered from. A process that loads minutes whose
 * snapshot shows the stored state need not render it again at its first store:
 * the snapshot of ongoing typing is refreshed every 2 minutes, as always. One
 * that is behind (a process stopped between a store and the next render) is
 * rendered at the first store. Existing rows start at 0: rendered once, as before.
 */
export const name = "0006-minutes-snapshot-rev";

export async function up({ queryInterface }: MigrationContext) {
  await queryInterface.addColumn("minutes", "snapshot_rev", { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 });
}

export async function down({ queryInterface }: MigrationContext) {
  await queryInterface.removeColumn("minutes", "snapshot_rev");
}
