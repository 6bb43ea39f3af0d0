// Two real app processes (tsx server.ts on the built app, as `npm start`
// runs it) share one database and both run the job runner. Scans from both
// race on the same tasks; every reminder, digest and e-mail must happen once.
// Needs build/index.js (`npm test` builds it; or `npx remix build`).
import { Op } from "sequelize";
import type { Db } from "../../models";
import { todayInHanoi } from "../../app/lib/dates";
import { enqueueJob } from "../../app/services/jobs.server";
import { SCAN_JOB } from "../../app/services/reminders.server";
import * as f from "../factories";
import { spawnAppServer, startChildServer } from "../helpers/child-server";
import { closeDb, getDb } from "../helpers/db";
import { plusDays } from "./helpers";
import { SmtpSink } from "./smtp-sink";

jest.setTimeout(180_000);

type Child = Awaited<ReturnType<typeof spawnAppServer>>;
let children: Child[] = [];
let sink: SmtpSink;

beforeAll(async () => {
  sink = await new SmtpSink().start();
});
/** SIGTERM and wait for the exit (the runner finishes its job first); no timer left behind for jest. */
async function stopChild(c: Child) {
  try {
    process.kill(c.pid, "SIGTERM");
  } catch {
    return;
  }
  for (let i = 0; i < 150; i++) {
    try {
      process.kill(c.pid, 0);
    } catch {
      return; // gone
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await c.crash();
}

afterAll(async () => {
  await Promise.all(children.map(stopChild));
  await sink.stop();
  await closeDb();
});

test("two processes racing on the same scans: each reminder, digest and e-mail exactly once", async () => {
  const env = { JOBS: "1", JOBS_INTERVAL_MS: "150", SMTP_URL: sink.url(), APP_URL: "https://phonghop.example.vn", SEED_DEMO: "1" };
  children.push(await startChildServer(env));
  children.push(await spawnAppServer({ env }));

  const db: Db = getDb();
  const today = todayInHanoi();
  const unit = await f.createUnit(db, { name: "UBND quận Hoàn Kiếm" });
  const users = [];
  for (let i = 0; i < 3; i++) users.push(await f.createUser(db, { unitId: unit.id, email: `canbo${i}@hoankiem.example` }));
  const tasks = [];
  for (let i = 0; i < 30; i++) {
    const deadline = plusDays(today, [3, 0, -1][i % 3]);
    tasks.push(await f.createTask(db, { leadUnitId: unit.id, deadline, state: "in_progress", content: `Nhiệm vụ đua ${i}` }));
  }
  // Each process gets a scan job of its own to run, at the same moment.
  await enqueueJob({ kind: SCAN_JOB, payload: { today }, dedupeKey: "test:scan:1" });
  await enqueueJob({ kind: SCAN_JOB, payload: { today }, dedupeKey: "test:scan:2" });

  // Wait until both processes have drained everything due.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const busy = await db.Job.count({ where: { [Op.or]: [{ status: "running" }, { status: "pending", runAt: { [Op.lte]: new Date() } }] } });
    const ours = await db.Notification.count({ where: { entityType: "task", entityId: tasks.map((t) => t.id) } });
    if (!busy && ours >= 90) break;
    if (Date.now() > deadline) throw new Error(`jobs not drained: ${busy} busy, ${ours} notifications\n${children.map((c) => c.output()).join("\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // Let a straggling poll (150 ms) prove it finds nothing more to do.
  await new Promise((r) => setTimeout(r, 600));

  expect(await db.Job.count({ where: { status: "failed" } })).toBe(0);
  const scans = await db.Job.findAll({ where: { dedupeKey: ["test:scan:1", "test:scan:2"] } });
  expect(scans.map((s) => s.status)).toEqual(["done", "done"]);

  // Every (user, kind, entity) at most once — over our tasks and all the demo data's.
  const rows = await db.Notification.findAll({ where: { kind: { [Op.in]: ["task.due_soon", "task.due_today", "task.overdue", "task.digest"] } } });
  const seen = new Map<string, number>();
  for (const n of rows) {
    const key = `${n.userId}:${n.kind}:${n.entityType}:${n.entityId}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  expect([...seen.entries()].filter(([, c]) => c > 1)).toEqual([]);
  for (const t of tasks) {
    const n = rows.filter((r) => r.entityType === "task" && r.entityId === t.id);
    expect(n.map((r) => r.userId).sort()).toEqual(users.map((u) => u.id).sort());
  }

  // Both processes ran jobs (lockedBy stays on a finished job: who ran it).
  const workers = new Set((await db.Job.findAll({ where: { status: "done" }, attributes: ["lockedBy"] })).map((j) => j.lockedBy));
  // ~100 transactional jobs take seconds; the other process polls every 150 ms and joins in.
  expect(workers.size).toBe(2);

  // E-mail: one message per reminder notification per address.
  const perMessage = new Map<string, number>();
  for (const m of sink.received) {
    const key = `${m.envelopeTo.join(",")}|${m.mail.subject}|${m.mail.text}`;
    perMessage.set(key, (perMessage.get(key) ?? 0) + 1);
  }
  expect([...perMessage.values()].filter((c) => c > 1)).toEqual([]);
  for (const u of users) {
    const mine = sink.to(u.email!).filter((m) => /Nhiệm vụ đua \d+$/.test(m.mail.subject ?? ""));
    expect(mine).toHaveLength(30);
  }
});
