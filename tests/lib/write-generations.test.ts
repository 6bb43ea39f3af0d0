// The caches behind every page's header and the session lookup
// (app/lib/write-generations.server.ts): an answer is kept while its write
// group has not moved, a write through the models drops it at once, a write in
// a transaction drops it again at commit (a reader in between must not keep
// the pre-commit rows), a failed answer is not kept, and a TTL of 0 turns the
// cache off.
import { generationCache, writeGeneration } from "../../app/lib/write-generations.server";
import { loadUserForSessionId } from "../../app/lib/session.server";
import type { Db } from "../../models";
import { createUnit, createUser } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;
beforeAll(async () => {
  db = await resetDatabase();
});
afterAll(() => closeDb());

test("an answer is kept until a write of its group, and recomputed after", async () => {
  const cache = generationCache<number>("units", 60_000);
  let computed = 0;
  const count = () => cache.get("n", async () => (computed++, db.Unit.count()));
  const before = await count();
  expect(await count()).toBe(before);
  expect(computed).toBe(1);
  await createUnit(db, { name: "Phòng Tổng hợp" });
  expect(await count()).toBe(before + 1);
  expect(computed).toBe(2);
});

test("callers asking while an answer is computed share it", async () => {
  const cache = generationCache<number>("units", 60_000);
  let computed = 0;
  const slow = () => cache.get("slow", () => new Promise<number>((resolve) => setTimeout(() => resolve(++computed), 50)));
  expect(await Promise.all([slow(), slow(), slow()])).toEqual([1, 1, 1]);
});

test("a write inside a transaction moves the group again at commit", async () => {
  const start = writeGeneration("units");
  let atWrite = 0;
  await db.sequelize.transaction(async (transaction) => {
    await createUnit(db, { name: "Phòng Kế hoạch" }, { transaction });
    atWrite = writeGeneration("units");
    expect(atWrite).toBeGreaterThan(start);
  });
  expect(writeGeneration("units")).toBeGreaterThan(atWrite);
});

test("a failed answer is not kept; a TTL of 0 keeps nothing", async () => {
  const cache = generationCache<number>("units", 60_000);
  await expect(cache.get("x", async () => Promise.reject(new Error("mất kết nối")))).rejects.toThrow("mất kết nối");
  expect(await cache.get("x", async () => 7)).toBe(7);
  const off = generationCache<number>("units", 0);
  let computed = 0;
  await off.get("y", async () => ++computed);
  await off.get("y", async () => ++computed);
  expect(computed).toBe(2);
});

test("the user behind a session follows a lock of the user and the end of the session at once", async () => {
  const user = await createUser(db, { username: "kiemtra.phien" });
  const session = await db.Session.create({ id: "phien-kiem-tra-0001", userId: user.id, data: "{}", expiresAt: new Date(Date.now() + 3600_000) });
  expect((await loadUserForSessionId(session.id))?.username).toBe("kiemtra.phien");
  await user.update({ active: false });
  expect(await loadUserForSessionId(session.id)).toBeNull();
  await user.update({ active: true });
  expect((await loadUserForSessionId(session.id))?.username).toBe("kiemtra.phien");
  await db.Session.destroy({ where: { id: session.id } });
  expect(await loadUserForSessionId(session.id)).toBeNull();
});
