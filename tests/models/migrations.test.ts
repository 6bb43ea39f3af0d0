import type { Model, ModelStatic } from "sequelize";
import { TABLES as INITIAL_TABLES } from "../../migrations/0001-initial-schema";
import { TABLES as REPORT_TABLES } from "../../migrations/0002-reports-and-search";
import { createMigrator, migrateDownAll, migrateUp } from "../../migrations/migrator";
import { closeDb, emptyDatabase, getDb } from "../helpers/db";

async function tableNames() {
  const raw = (await getDb().sequelize.getQueryInterface().showAllTables()) as Array<string | { tableName: string }>;
  return raw.map((t) => (typeof t === "string" ? t : t.tableName)).filter((t) => t !== "sqlite_sequence").sort();
}

const TABLES = [...INITIAL_TABLES, ...REPORT_TABLES];

describe("migrations", () => {
  beforeAll(async () => {
    await emptyDatabase();
  });
  afterAll(async () => {
    await closeDb();
  });

  test("up creates every table, down removes them all, up works again", async () => {
    const { sequelize } = getDb();
    expect(await tableNames()).toEqual([]);

    await migrateUp(sequelize);
    expect(await tableNames()).toEqual([...TABLES, "schema_migrations"].sort());
    expect((await createMigrator(sequelize).pending()).length).toBe(0);

    await migrateDownAll(sequelize);
    expect(await tableNames()).toEqual(["schema_migrations"]);

    await migrateUp(sequelize);
    expect(await tableNames()).toEqual([...TABLES, "schema_migrations"].sort());
  });

  test("every model matches its table: same columns, same nullability, same primary key", async () => {
    const db = getDb();
    const qi = db.sequelize.getQueryInterface();
    const { sequelize: _s, ...byName } = db;
    const models = Object.values(byName) as ModelStatic<Model>[];
    const modelTables = models.map((m) => m.getTableName() as string);
    expect(modelTables.sort()).toEqual([...TABLES].sort());

    for (const model of models) {
      const table = model.getTableName() as string;
      const described = await qi.describeTable(table);
      const attributes = Object.values(model.getAttributes());
      const fromModel = Object.fromEntries(
        attributes.map((a) => [a.field!, { allowNull: a.primaryKey ? false : a.allowNull !== false, primaryKey: Boolean(a.primaryKey) }]),
      );
      const fromDb = Object.fromEntries(
        Object.entries(described).map(([col, d]) => [col, { allowNull: d.primaryKey ? false : d.allowNull, primaryKey: d.primaryKey }]),
      );
      expect({ table, columns: fromDb }).toEqual({ table, columns: fromModel });
    }
  });
});
