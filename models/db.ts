import fs from "node:fs";
import path from "node:path";
import { Sequelize, Transaction, type Options } from "sequelize";
import { tuneSqliteConnections } from "./sqlite-connections";

export type Dialect = "mysql" | "mariadb" | "sqlite";

/** The embedded default: a SQLite file under data/, so `npm start` needs no server. */
export function defaultSqliteFile() {
  return process.env.SQLITE_FILE || path.resolve(process.cwd(), "data", "phong-hop-so.sqlite");
}

/**
 * Builds a Sequelize instance from a DATABASE_URL (mysql://… or mariadb://…)
 * or, when unset, from the embedded SQLite file. Everything is stored in UTC.
 */
export function createSequelize(url: string | undefined = process.env.DATABASE_URL): Sequelize {
  const common: Options = {
    logging: process.env.DB_LOG === "1" ? (sql) => console.log(sql) : false,
    define: { underscored: true, timestamps: true },
    pool: { max: Number(process.env.DB_POOL_MAX || 10), min: 0, idle: 10_000, acquire: 30_000 },
  };

  if (url && /^(mysql|mariadb):/.test(url)) {
    const u = new URL(url.replace(/^mariadb:/, "mysql:"));
    return new Sequelize(decodeURIComponent(u.pathname.slice(1)), decodeURIComponent(u.username), decodeURIComponent(u.password), {
      ...common,
      dialect: "mysql",
      host: u.hostname,
      port: Number(u.port || 3306),
      timezone: "+00:00",
      dialectOptions: { charset: "utf8mb4", dateStrings: false, supportBigNumbers: true },
      define: { ...common.define, charset: "utf8mb4", collate: "utf8mb4_unicode_ci" },
    });
  }

  if (url && !/^sqlite:/.test(url)) throw new Error(`DATABASE_URL không hỗ trợ: ${url.split(":")[0]}`);
  const storage = url ? url.replace(/^sqlite:(\/\/)?/, "") : defaultSqliteFile();
  if (storage !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(storage)), { recursive: true });
  const sequelize = new Sequelize({
    ...common,
    dialect: "sqlite",
    storage,
    // SQLite has one writer; a single connection avoids SQLITE_BUSY between
    // pooled connections of the same process.
    pool: { max: 1, min: 0, idle: 60_000 },
    retry: { max: 5, match: [/SQLITE_BUSY/] },
    // BEGIN IMMEDIATE: take the write lock up front, so two processes on one
    // file wait for each other instead of deadlocking on a lock upgrade.
    transactionType: Transaction.TYPES.IMMEDIATE,
  });
  // WAL: readers and the writer do not block each other, and a commit appends to the log instead of rewriting
  // pages through a rollback journal. synchronous=NORMAL is SQLite's setting for WAL: a crash of the process loses
  // nothing, only a power loss may roll back the last commits. The busy timeout stays node-sqlite3's 1 s: a waiting
  // BEGIN IMMEDIATE holds one of libuv's four threads, which the lock holder needs for its next statement.
  tuneSqliteConnections(sequelize, ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"]);
  return sequelize;
}

export function dialectOf(sequelize: Sequelize): Dialect {
  return sequelize.getDialect() as Dialect;
}
