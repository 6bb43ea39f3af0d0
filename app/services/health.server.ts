import { getDb } from "../../models";

export async function databaseHealth() {
  const db = getDb();
  const started = Date.now();
  try {
    await db.sequelize.query("SELECT 1");
    return { ok: true, dialect: db.sequelize.getDialect(), latencyMs: Date.now() - started };
  } catch (e) {
    return { ok: false, dialect: db.sequelize.getDialect(), error: (e as Error).message };
  }
}
