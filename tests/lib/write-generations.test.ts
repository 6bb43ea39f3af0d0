// The caches behind every page's header and the session lookup
// (app/lib/write-generations.server.ts): an answer is kept while its write
// group has not moved, a write through the models drops it at once, a write in
// a transaction drops it again at commit (a reader in between must not keep
// the pre-commit rows), a failed answer is not kept, and a TTL of 0 turns the
// cache off. The dashboard page's `recent` answers: the current one when it
// comes in time, else the last one marked not fresh, never one too old.
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

describe("recent answers (the dashboard page)", () => {
  /** A computation the test finishes by hand. */
  function deferred<V>() {
    let resolve!: (v: V) => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<V>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  }

  test("the first answer is always waited for, however slow", async () => {
    const cache = generationCache<string>("units", 60_000);
    const slow = deferred<string>();
    const asked = cache.recent("k", () => slow.promise, 10, 60_000);
    setTimeout(() => slow.resolve("đầu tiên"), 40);
    expect(await asked).toMatchObject({ value: "đầu tiên", fresh: true });
  });

  test("after a write: the current answer if it comes within the wait, else the last one marked not fresh, then the current one", async () => {
    const cache = generationCache<string>("units", 60_000);
    await cache.recent("k", async () => "cũ", 50, 60_000);
    expect(await cache.recent("k", async () => "không được gọi", 50, 60_000)).toMatchObject({ value: "cũ", fresh: true });

    await createUnit(db, { name: "Phòng Nội vụ" });
    expect(await cache.recent("k", async () => "mới, kịp", 50, 60_000)).toMatchObject({ value: "mới, kịp", fresh: true });

    await createUnit(db, { name: "Phòng Tư pháp" });
    const slow = deferred<string>();
    let computed = 0;
    const compute = () => (computed++, slow.promise);
    const shown = await cache.recent("k", compute, 20, 60_000);
    expect(shown).toMatchObject({ value: "mới, kịp", fresh: false });
    // Asked again while it is still counting: the same computation, not a second one.
    expect(await cache.recent("k", compute, 20, 60_000)).toMatchObject({ value: "mới, kịp", fresh: false });
    expect(computed).toBe(1);
    slow.resolve("mới nhất");
    await slow.promise;
    expect(await cache.recent("k", compute, 20, 60_000)).toMatchObject({ value: "mới nhất", fresh: true });
    expect(await cache.get("k", compute)).toBe("mới nhất");
    expect(computed).toBe(1);
  });

  test("an answer older than keepMs is never shown instead of the current one; a failed recount falls back to the last answer", async () => {
    const cache = generationCache<string>("units", 60_000);
    await cache.recent("k", async () => "cũ", 10, 60_000);
    await createUnit(db, { name: "Phòng Y tế" });
    const failing = deferred<string>();
    const shown = cache.recent("k", () => failing.promise, 10_000, 60_000);
    failing.reject(new Error("mất kết nối"));
    expect(await shown).toMatchObject({ value: "cũ", fresh: false });

    await new Promise((r) => setTimeout(r, 15));
    const slow = deferred<string>();
    const waited = cache.recent("k", () => slow.promise, 1, 10);
    setTimeout(() => slow.resolve("hiện tại"), 30);
    expect(await waited).toMatchObject({ value: "hiện tại", fresh: true });
  });

  test("get never answers with numbers from before a write", async () => {
    const cache = generationCache<string>("units", 60_000);
    await cache.recent("k", async () => "cũ", 10, 60_000);
    await createUnit(db, { name: "Phòng Giáo dục" });
    const slow = deferred<string>();
    await cache.recent("k", () => slow.promise, 1, 60_000);
    const strict = cache.get("k", async () => "không được gọi");
    slow.resolve("sau khi ghi");
    expect(await strict).toBe("sau khi ghi");
  });

  test("a slow count: after a write the last answer at once, one recount at a time, not again right after the last", async () => {
    const cache = generationCache<string>("units", 60_000);
    let computed = 0;
    const slowCount = () => new Promise<string>((resolve) => setTimeout(() => resolve(`lần ${++computed}`), 100));
    const ask = () => cache.recent("city", slowCount, 10, 60_000); // waits 10 ms at most: a 100 ms count is known slow
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await ask();
    await sleep(450); // past the gap after the first count (4 × 100 ms)
    await createUnit(db, { name: "Phòng Văn hóa" });
    const t0 = Date.now();
    expect(await ask()).toMatchObject({ value: "lần 1", fresh: false });
    expect(Date.now() - t0).toBeLessThan(90); // did not wait for the recount it started
    await createUnit(db, { name: "Phòng Lao động" }); // a write during the recount
    expect(await ask()).toMatchObject({ value: "lần 1", fresh: false });
    await sleep(130);
    expect(computed).toBe(2); // one recount, not one per write
    // Its answer is not current (a write came after it started), and a new recount waits for the gap.
    expect(await ask()).toMatchObject({ value: "lần 2", fresh: false });
    await sleep(50);
    expect(computed).toBe(2);
    await sleep(400);
    expect(await ask()).toMatchObject({ value: "lần 2", fresh: false });
    await sleep(130);
    expect(computed).toBe(3);
    expect(await ask()).toMatchObject({ value: "lần 3", fresh: true });
  });
});
