import fs from "node:fs";
import mysql from "mysql2/promise";
import { closeDb, getDb } from "../../models";
import { migrateUp } from "../../migrations/migrator";
import { defaultSqliteFile } from "../../models/db";

/** Drops this worker's database (or SQLite file) and creates it empty. */
async function recreateEmptyDatabase() {
  await closeDb();
  const url = process.env.DATABASE_URL;
  if (url) {
    const u = new URL(url.replace(/^mariadb:/, "mysql:"));
    const name = u.pathname.slice(1);
    const conn = await mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) });
    await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
  } else {
    const file = defaultSqliteFile();
    for (const f of [file, file + "-wal", file + "-shm"]) fs.rmSync(f, { force: true });
  }
}

/** Drops and recreates this worker's database, then applies every migration. */
export async function resetDatabase() {
  await recreateEmptyDatabase();
  const db = getDb();
  await migrateUp(db.sequelize);
  return db;
}

/** Empty database with no tables at all (for migration tests). */
export async function emptyDatabase() {
  await recreateEmptyDatabase();
  return getDb();
}

export { closeDb, getDb };
