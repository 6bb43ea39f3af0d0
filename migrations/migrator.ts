import type { QueryInterface, Sequelize } from "sequelize";
import { SequelizeStorage, Umzug } from "umzug";
import { migrations } from "./index";

export type MigrationContext = { queryInterface: QueryInterface; sequelize: Sequelize };

/**
 * The schema lives only in migrations (never sync()). Migrations are listed in
 * migrations/index.ts rather than globbed, because they are bundled into the
 * Remix server build together with the rest of the app.
 */
export function createMigrator(sequelize: Sequelize) {
  return new Umzug<MigrationContext>({
    migrations: migrations.map((m) => ({
      name: m.name,
      up: ({ context }) => m.up(context),
      down: ({ context }) => m.down(context),
    })),
    context: { queryInterface: sequelize.getQueryInterface(), sequelize },
    storage: new SequelizeStorage({ sequelize, tableName: "schema_migrations" }),
    logger: undefined,
  });
}

export async function migrateUp(sequelize: Sequelize) {
  return createMigrator(sequelize).up();
}

export async function migrateDownAll(sequelize: Sequelize) {
  return createMigrator(sequelize).down({ to: 0 });
}
