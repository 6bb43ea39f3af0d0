// The runner inside the real server (bootstrap starts it when JOBS is not 0):
// a reminder it creates reaches the recipient's bell live over socket.io.
// Needs build/index.js (`npm test` builds it; or `npx remix build`).
import { todayInHanoi } from "../../app/lib/dates";
import { enqueueJob } from "../../app/services/jobs.server";
import { SCAN_JOB } from "../../app/services/reminders.server";
import { unreadNotificationCount } from "../../app/services/notify.server";
import * as f from "../factories";
import { getDb } from "../helpers/db";
import { signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, waitForConnect } from "../helpers/socket";

let server: TestServer;
const saved = { JOBS: process.env.JOBS, JOBS_INTERVAL_MS: process.env.JOBS_INTERVAL_MS };

beforeAll(async () => {
  process.env.JOBS = "1"; // tests/setup-env.ts turns the runner off for every other server
  process.env.JOBS_INTERVAL_MS = "100";
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
  process.env.JOBS = saved.JOBS;
  process.env.JOBS_INTERVAL_MS = saved.JOBS_INTERVAL_MS;
});

test("a deadline reminder made by the server's job runner arrives live in the bell", async () => {
  const db = getDb();
  const me = (await db.User.findOne({ where: { username: "chuyenvien" } }))!;
  const cookie = await signInAs(server.baseUrl, "chuyenvien");
  const socket = connectSocket(server.baseUrl, cookie);
  const received: { id: number; title: string; url: string; kind: string }[] = [];
  socket.on("notification:new", (n) => received.push(n));
  try {
    await waitForConnect(socket);
    const before = await unreadNotificationCount(me.id);
    const task = await f.createTask(db, { leadUnitId: me.unitId!, ownerId: me.id, deadline: todayInHanoi(), state: "in_progress", content: "Cập nhật cổng dịch vụ công trực tuyến" });
    await enqueueJob({ kind: SCAN_JOB, payload: { today: todayInHanoi() }, dedupeKey: "test:live-scan" });

    const deadline = Date.now() + 20_000;
    while (!received.some((n) => n.url === `/tasks/${task.id}`) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const n = received.find((x) => x.url === `/tasks/${task.id}`);
    expect(n).toMatchObject({ kind: "task.due_today", title: "Hạn hôm nay: Cập nhật cổng dịch vụ công trực tuyến" });
    expect(await unreadNotificationCount(me.id)).toBeGreaterThan(before);
  } finally {
    socket.disconnect();
  }
});
