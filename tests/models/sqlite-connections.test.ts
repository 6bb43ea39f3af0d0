// SQLite only (models/sqlite-connections.ts): Sequelize's SQLite dialect opened
// a new database connection for every transaction and never ran our pragmas, so
// the file stayed in rollback-journal mode. Every connection now gets them, and
// a finished transaction's connection serves the next one.
import { QueryTypes, type Transaction } from "sequelize";
import type { Db } from "../../models";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;
beforeAll(async () => {
  db = await resetDatabase();
});
afterAll(() => closeDb());

const sqlite = !process.env.DATABASE_URL;
const pragma = async (name: string, transaction?: Transaction) =>
  Object.values((await db.sequelize.query<Record<string, unknown>>(`PRAGMA ${name}`, { type: QueryTypes.SELECT, transaction }))[0])[0];

(sqlite ? test : test.skip)("the database is in WAL mode with synchronous=NORMAL, also on a transaction's connection", async () => {
  expect(await pragma("journal_mode")).toBe("wal");
  expect(await pragma("synchronous")).toBe(1); // NORMAL
  await db.sequelize.transaction(async (t) => {
    expect(await pragma("journal_mode", t)).toBe("wal");
    expect(await pragma("synchronous", t)).toBe(1);
    expect(await pragma("foreign_keys", t)).toBe(1);
  });
});

(sqlite ? test : test.skip)("transactions one after another share a connection, which is not the one outside transactions", async () => {
  const connections: unknown[] = [];
  for (let i = 0; i < 3; i++) {
    await db.sequelize.transaction(async (t) => {
      await db.User.count({ transaction: t });
      connections.push((t as unknown as { connection: unknown }).connection);
    });
  }
  expect(new Set(connections).size).toBe(1);
  const outside = await (db.sequelize.connectionManager as unknown as { getConnection(o: object): Promise<unknown> }).getConnection({});
  expect(outside).not.toBe(connections[0]);
});

test("a rolled-back transaction leaves nothing behind and its connection is clean for the next", async () => {
  const before = await db.Unit.count();
  await expect(
    db.sequelize.transaction(async (t) => {
      await db.Unit.create({ name: "Đơn vị tạm", code: "TAM-01", kind: "department" }, { transaction: t });
      throw new Error("rollback");
    }),
  ).rejects.toThrow("rollback");
  await db.sequelize.transaction(async (t) => {
    expect(await db.Unit.count({ transaction: t })).toBe(before);
  });
  expect(await db.Unit.count()).toBe(before);
});
