import type { Sequelize } from "sequelize";

/** The part of a node-sqlite3 Database this module uses. */
type SqliteDatabase = {
  uuid?: string;
  filename?: string;
  run(sql: string, callback: (err: Error | null) => void): void;
  close(callback?: (err: Error | null) => void): void;
};

/** Sequelize's SQLite connection manager (lib/dialects/sqlite/connection-manager.js), as far as it is used here. */
type SqliteConnectionManager = {
  connections: Record<string, SqliteDatabase>;
  getConnection(options?: { uuid?: string; [key: string]: unknown }): Promise<SqliteDatabase>;
  releaseConnection(connection: SqliteDatabase, force?: boolean): void;
  _onProcessExit(): Promise<void>;
};

/** Connections kept open for the next transactions; SQLite has one writer, so few are ever in use at once. */
const MAX_IDLE_TRANSACTION_CONNECTIONS = 4;

/**
 * Sequelize's SQLite dialect bypasses the pool: it opens a new sqlite3
 * Database for every transaction and closes it at commit, and it never runs
 * the `afterConnect` hook. So each transaction paid for opening the file and
 * parsing the whole schema again on its first statement (a minutes store in
 * a transaction cost five times the same UPDATE on its own), and the pragmas
 * meant for every connection were never set: the database stayed in rollback
 * journal mode. This keeps finished transactions' connections open for the
 * next ones and runs `pragmas` once on every connection it opens.
 * (Decision 012.)
 */
export function tuneSqliteConnections(sequelize: Sequelize, pragmas: string[]) {
  const manager = sequelize.connectionManager as unknown as SqliteConnectionManager;
  const open = manager.getConnection.bind(manager);
  const exit = manager._onProcessExit.bind(manager);
  const idle: SqliteDatabase[] = [];
  const prepared = new WeakSet<SqliteDatabase>();

  manager.getConnection = async (options = {}) => {
    const key = options.uuid || "default";
    if (key !== "default" && !manager.connections[key] && idle.length) {
      const reused = idle.pop()!;
      manager.connections[key] = reused;
      return reused;
    }
    const connection = await open(options);
    if (!prepared.has(connection)) {
      prepared.add(connection);
      for (const pragma of pragmas) await run(connection, pragma);
    }
    return connection;
  };

  // Called by a transaction's cleanup after COMMIT or ROLLBACK, while connection.uuid is still its id.
  manager.releaseConnection = (connection, force) => {
    if (connection.filename === ":memory:" && force !== true) return;
    if (!connection.uuid) return;
    delete manager.connections[connection.uuid];
    if (idle.length < MAX_IDLE_TRANSACTION_CONNECTIONS) idle.push(connection);
    else connection.close();
  };

  manager._onProcessExit = async () => {
    const closing = idle.splice(0).map((c) => new Promise<void>((resolve) => c.close(() => resolve())));
    await Promise.all(closing);
    await exit();
  };
}

function run(connection: SqliteDatabase, sql: string) {
  return new Promise<void>((resolve, reject) => connection.run(sql, (err) => (err ? reject(err) : resolve())));
}
