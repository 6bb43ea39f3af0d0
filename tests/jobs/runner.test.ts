// The job runner against the real database (SQLite, or MariaDB with
// TEST_DATABASE_URL): enqueue/dedupe, exclusive claims under racing workers,
// leases, backoff and the in-process poller.
import type { Db } from "../../models";
import {
  claimDueJobs,
  enqueueJob,
  registerJobHandler,
  runClaimedJob,
  runDueJobs,
  startJobRunner,
  stopJobRunner,
} from "../../app/services/jobs.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Whole seconds: the instants the queue stores (see floorToSecond in jobs.server). */
const at = (base: Date, plusMs = 0) => new Date(Math.floor(base.getTime() / 1000) * 1000 + plusMs);

beforeAll(async () => {
  db = await resetDatabase();
});
beforeEach(async () => {
  await db.Job.destroy({ where: {} });
});
afterAll(() => closeDb());

describe("enqueue", () => {
  test("a duplicate dedupeKey is ignored, not an error", async () => {
    const first = await enqueueJob({ kind: "test.noop", payload: { a: 1 }, dedupeKey: "k:1" });
    const second = await enqueueJob({ kind: "test.noop", payload: { a: 2 }, dedupeKey: "k:1" });
    expect(first?.id).toEqual(expect.any(Number));
    expect(second).toBeNull();
    const rows = await db.Job.findAll({ where: { dedupeKey: "k:1" } });
    expect(rows).toHaveLength(1);
    expect(rows[0].payload).toEqual({ a: 1 });
    expect(rows[0].status).toBe("pending");
  });

  test("a duplicate inside a transaction leaves the transaction usable", async () => {
    await enqueueJob({ kind: "test.noop", dedupeKey: "k:tx" });
    await db.sequelize.transaction(async (transaction) => {
      expect(await enqueueJob({ kind: "test.noop", dedupeKey: "k:tx", transaction })).toBeNull();
      expect(await enqueueJob({ kind: "test.noop", dedupeKey: "k:tx2", transaction })).not.toBeNull();
    });
    expect(await db.Job.count({ where: { dedupeKey: ["k:tx", "k:tx2"] } })).toBe(2);
  });

  test("jobs without a dedupeKey are all kept", async () => {
    await enqueueJob({ kind: "test.noop" });
    await enqueueJob({ kind: "test.noop" });
    expect(await db.Job.count()).toBe(2);
  });
});

describe("claims are exclusive", () => {
  test("four workers claiming the same due jobs at once never share one", async () => {
    for (let i = 0; i < 20; i++) await enqueueJob({ kind: "test.claim", payload: { i } });
    registerJobHandler("test.claim", { run: async () => {} });
    const claims = await Promise.all(["w1", "w2", "w3", "w4"].map((w) => claimDueJobs(w, 10)));
    const ids = claims.flat().map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeLessThanOrEqual(20);
    const running = await db.Job.findAll({ where: { status: "running" } });
    expect(running).toHaveLength(ids.length);
    for (const [i, w] of ["w1", "w2", "w3", "w4"].entries()) {
      for (const j of claims[i]) expect(running.find((r) => r.id === j.id)?.lockedBy).toBe(w);
    }
  });

  test("two runners draining the same queue run every job exactly once", async () => {
    const runs: { n: number; worker: string }[] = [];
    registerJobHandler<{ n: number }>("test.record", {
      async run(p, ctx) {
        runs.push({ n: p.n, worker: ctx.workerId });
        await sleep(3); // lets the other runner claim while this one works
      },
    });
    for (let n = 0; n < 40; n++) await enqueueJob({ kind: "test.record", payload: { n } });
    const [a, b] = await Promise.all([runDueJobs({ workerId: "runner-A" }), runDueJobs({ workerId: "runner-B" })]);
    expect(runs.map((r) => r.n).sort((x, y) => x - y)).toEqual([...Array(40).keys()]);
    expect(a.done + b.done).toBe(40);
    expect(a.done).toBeGreaterThan(0);
    expect(b.done).toBeGreaterThan(0);
    expect(await db.Job.count({ where: { status: "done" } })).toBe(40);
  });

  test("only kinds with a handler in this process are claimed", async () => {
    await enqueueJob({ kind: "test.unknown-kind" });
    const s = await runDueJobs({ workerId: "w" });
    expect(s.claimed).toBe(0);
    expect((await db.Job.findOne({ where: { kind: "test.unknown-kind" } }))?.status).toBe("pending");
  });

  test("a job is not claimed before its runAt", async () => {
    registerJobHandler("test.later", { run: async () => {} });
    const t0 = at(new Date());
    await enqueueJob({ kind: "test.later", runAt: at(t0, 60_000) });
    expect(await claimDueJobs("w", 5, { now: at(t0, 59_000) })).toHaveLength(0);
    expect(await claimDueJobs("w", 5, { now: at(t0, 60_000) })).toHaveLength(1);
  });
});

describe("leases", () => {
  test("a crashed worker's job is retried after the lease; the dead worker cannot finish it", async () => {
    const unit = await f.createUnit(db);
    const user = await f.createUser(db, { unitId: unit.id });
    // A transactional handler: its database effect must happen once.
    registerJobHandler<{ userId: number }>("test.lease", {
      transactional: true,
      leaseMs: 10_000,
      async run(p, { transaction }) {
        await db.Notification.create({ userId: p.userId, kind: "test.lease", title: "Thử nghiệm thời hạn khóa" }, { transaction });
      },
    });
    const t0 = at(new Date());
    const job = await enqueueJob({ kind: "test.lease", payload: { userId: user.id }, runAt: t0 });
    // The "crashed" worker: it claims, then never finishes (as after kill -9).
    const [dead] = await claimDueJobs("dead-worker", 1, { now: t0 });
    expect(dead.id).toBe(job!.id);

    expect((await runDueJobs({ workerId: "survivor", now: at(t0, 9_000) })).claimed).toBe(0);
    const s = await runDueJobs({ workerId: "survivor", now: at(t0, 11_000) });
    expect(s).toMatchObject({ claimed: 1, done: 1 });
    const row = await db.Job.findByPk(job!.id);
    expect(row).toMatchObject({ status: "done", attempts: 2, lockedBy: "survivor", lockedUntil: null });

    // The dead worker wakes up with its stale claim: nothing happens.
    expect(await runClaimedJob(dead, "dead-worker", { now: at(t0, 12_000) })).toBe("lease_lost");
    expect(await db.Notification.count({ where: { kind: "test.lease" } })).toBe(1);
    expect((await db.Job.findByPk(job!.id))?.status).toBe("done");
  });

  test("a job whose worker keeps dying ends as failed instead of running forever", async () => {
    let ran = 0;
    registerJobHandler("test.crashy", { leaseMs: 1_000, maxAttempts: 2, run: async () => void ran++ });
    const t0 = at(new Date());
    await enqueueJob({ kind: "test.crashy", runAt: t0 });
    await claimDueJobs("dead-1", 1, { now: t0 });
    await claimDueJobs("dead-2", 1, { now: at(t0, 3_000) });
    const s = await runDueJobs({ workerId: "w", now: at(t0, 6_000) });
    expect(s).toMatchObject({ claimed: 1, failed: 1 });
    expect(ran).toBe(0);
    const row = await db.Job.findOne({ where: { kind: "test.crashy" } });
    expect(row).toMatchObject({ status: "failed", attempts: 3 });
    expect(row?.lastError).toMatch(/gave up after 2 attempts/);
  });
});

describe("failures", () => {
  test("back off exponentially, keep the last error, and end as failed after maxAttempts", async () => {
    let calls = 0;
    registerJobHandler("test.fail", {
      maxAttempts: 3,
      async run() {
        calls++;
        throw new Error(`máy chủ thư không trả lời (lần ${calls})`);
      },
    });
    const t0 = at(new Date());
    const job = await enqueueJob({ kind: "test.fail", runAt: t0 });

    expect(await runDueJobs({ workerId: "w", now: t0 })).toMatchObject({ claimed: 1, retry: 1 });
    let row = (await db.Job.findByPk(job!.id))!;
    expect(row).toMatchObject({ status: "pending", attempts: 1, lockedBy: null, lockedUntil: null });
    expect(row.runAt.getTime()).toBe(t0.getTime() + 30_000);
    expect(row.lastError).toMatch(/lần 1/);

    expect((await runDueJobs({ workerId: "w", now: at(t0, 29_000) })).claimed).toBe(0);
    expect(await runDueJobs({ workerId: "w", now: at(t0, 30_000) })).toMatchObject({ claimed: 1, retry: 1 });
    row = (await db.Job.findByPk(job!.id))!;
    expect(row.runAt.getTime()).toBe(t0.getTime() + 30_000 + 60_000);
    expect(row).toMatchObject({ attempts: 2 });

    expect((await runDueJobs({ workerId: "w", now: at(t0, 89_000) })).claimed).toBe(0);
    expect(await runDueJobs({ workerId: "w", now: at(t0, 90_000) })).toMatchObject({ claimed: 1, failed: 1 });
    row = (await db.Job.findByPk(job!.id))!;
    expect(row).toMatchObject({ status: "failed", attempts: 3, lockedBy: "w", lockedUntil: null });
    expect(row.lastError).toMatch(/lần 3/);

    expect((await runDueJobs({ workerId: "w", now: at(t0, 10 * 3_600_000) })).claimed).toBe(0);
    expect(calls).toBe(3);
  });

  test("a transactional handler's writes are rolled back when it fails", async () => {
    const user = await f.createUser(db);
    registerJobHandler<{ userId: number }>("test.rollback", {
      transactional: true,
      maxAttempts: 1,
      async run(p, { transaction }) {
        await db.Notification.create({ userId: p.userId, kind: "test.rollback", title: "Không được lưu" }, { transaction });
        throw new Error("hỏng giữa chừng");
      },
    });
    await enqueueJob({ kind: "test.rollback", payload: { userId: user.id } });
    expect(await runDueJobs({ workerId: "w" })).toMatchObject({ failed: 1 });
    expect(await db.Notification.count({ where: { kind: "test.rollback" } })).toBe(0);
  });

  test("a failing attempt can hand the next one a smaller payload", async () => {
    const seen: unknown[] = [];
    registerJobHandler<{ left: number[] }>("test.partial", {
      async run(p, ctx) {
        seen.push(p);
        if (p.left.length > 1) {
          ctx.setPayload({ left: p.left.slice(1) });
          throw new Error("một phần chưa xong");
        }
      },
    });
    const t0 = at(new Date());
    await enqueueJob({ kind: "test.partial", payload: { left: [1, 2, 3] }, runAt: t0 });
    await runDueJobs({ workerId: "w", now: t0 });
    await runDueJobs({ workerId: "w", now: at(t0, 30_000) });
    await runDueJobs({ workerId: "w", now: at(t0, 90_000) });
    expect(seen).toEqual([{ left: [1, 2, 3] }, { left: [2, 3] }, { left: [3] }]);
    expect((await db.Job.findOne({ where: { kind: "test.partial" } }))?.status).toBe("done");
  });
});

describe("the poller", () => {
  const saved = process.env.JOBS;
  afterEach(async () => {
    await stopJobRunner();
    process.env.JOBS = saved;
  });

  test("JOBS=0 disables it", () => {
    process.env.JOBS = "0";
    expect(startJobRunner({ intervalMs: 10 })).toBeNull();
  });

  test("runs due jobs, and stop waits for the job that is running", async () => {
    process.env.JOBS = "1";
    let started = false;
    let finished = false;
    registerJobHandler("test.slow", {
      async run() {
        started = true;
        await sleep(400);
        finished = true;
      },
    });
    await enqueueJob({ kind: "test.slow" });
    const state = startJobRunner({ intervalMs: 20, workerId: "poller" });
    expect(state).not.toBeNull();
    for (let i = 0; i < 200 && !started; i++) await sleep(10);
    expect(started).toBe(true);
    await stopJobRunner();
    expect(finished).toBe(true);
    expect((await db.Job.findOne({ where: { kind: "test.slow" } }))?.status).toBe("done");

    // Stopped: a new due job stays pending.
    await enqueueJob({ kind: "test.slow", dedupeKey: "after-stop" });
    await sleep(100);
    expect((await db.Job.findOne({ where: { dedupeKey: "after-stop" } }))?.status).toBe("pending");
  });
});
