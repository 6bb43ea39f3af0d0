// Tasks live, with the real server and real socket.io clients: `task:changed`
// reaches the lead unit's people and not an unrelated unit's; the task,
// unit and whole-city rooms are joined only under the task rules; evidence
// files download for who may see the task and are missing for anyone else.
import type { Socket } from "socket.io-client";
import { getDb } from "../../models";
import { dispositionName, minimalPdf, sha256 } from "../documents/fixtures";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect, waitForEvent } from "../helpers/socket";
import { hanoiDay } from "../meetings/helpers";
import { postTaskMultipart, taskActionPath, type ActionJson } from "./helpers";

// The event carries ids only (docs/decisions/007): pages revalidate through their own loaders.
type TaskChanged = { taskId: number; directiveId: number | null; change: string };
const USERS = ["vanphong", "chutich", "chuyenvien", "badinh", "tuphap", "thanhvien", "admin"] as const;
type Username = (typeof USERS)[number];

describe("tasks live", () => {
  let server: TestServer;
  let base: string;
  const cookies = {} as Record<Username, string>;
  const sockets = {} as Record<Username, Socket>;
  /** every task:changed each socket received, in order */
  const received = {} as Record<Username, TaskChanged[]>;
  let units: { stttt: number; badinh: number; snv: number };

  beforeAll(async () => {
    server = await startTestServer();
    base = server.baseUrl;
    const db = getDb();
    const unitId = async (code: string) => (await db.Unit.findOne({ where: { code } }))!.id;
    units = { stttt: await unitId("STTTT"), badinh: await unitId("Q-BADINH"), snv: await unitId("SNV") };
    for (const name of USERS) {
      cookies[name] = await signInAs(base, name);
      sockets[name] = connectSocket(base, cookies[name]);
      received[name] = [];
      sockets[name].on("task:changed", (p: TaskChanged) => received[name].push(p));
      await waitForConnect(sockets[name]);
    }
  });
  afterAll(async () => {
    for (const s of Object.values(sockets)) s.disconnect();
    await server?.stop();
  });

  const join = (who: Username, room: string) => emitWithAck<{ ok: boolean; error?: string }>(sockets[who], "room:join", { room });
  const eventsFor = (who: Username, taskId: number) => received[who].filter((e) => e.taskId === taskId);
  const settle = () => new Promise((r) => setTimeout(r, 400));

  /** Assigns through the real /tasks/new form as vanphong; returns the new task's id. */
  async function assignOverHttp(form: Record<string, string | string[]>) {
    const res = await postForm(base, "/tasks/new", { content: "Triển khai ứng dụng họp không giấy tờ tại các sở", deadlineKind: "date", deadline: hanoiDay(10), ...form }, cookies.vanphong);
    expect(res.status).toBe(302);
    const m = /^\/tasks\/(\d+)\?created=1$/.exec(res.headers.get("location") ?? "");
    expect(m).not.toBeNull();
    return Number(m![1]);
  }

  test("assigning to STTTT: its staff's socket gets task:changed, an unrelated unit's does not", async () => {
    const arrived = waitForEvent<TaskChanged>(sockets.chuyenvien, "task:changed");
    const taskId = await assignOverHttp({ leadUnitId: String(units.stttt), coordinatingUnitIds: [String(units.badinh)] });
    expect(await arrived).toMatchObject({ taskId, directiveId: null, change: "created" });
    await settle();
    expect(eventsFor("chuyenvien", taskId)).toHaveLength(1);
    // The coordinating unit's list follows too.
    expect(eventsFor("badinh", taskId)).toEqual([expect.objectContaining({ taskId, change: "created" })]);
    // Unrelated units, members and the admin hear nothing about it.
    for (const who of ["tuphap", "thanhvien", "admin"] as const) expect([who, eventsFor(who, taskId)]).toEqual([who, []]);
  });

  test("task:{id} is joined by who may see the task, refused to anyone else; its events follow a report", async () => {
    const taskId = await assignOverHttp({ leadUnitId: String(units.stttt), coordinatingUnitIds: [String(units.badinh)] });
    const expected: Record<Username, boolean> = { vanphong: true, chutich: true, chuyenvien: true, badinh: true, tuphap: false, thanhvien: false, admin: false };
    for (const who of USERS) {
      const ack = await join(who, `task:${taskId}`);
      expect([who, ack.ok]).toEqual([who, expected[who]]);
      if (!ack.ok) expect(ack.error).toBe("Bạn không có quyền theo dõi nội dung này.");
    }
    const io = server.runtime.getIo() as { in(room: string): { fetchSockets(): Promise<unknown[]> } };
    expect(await io.in(`task:${taskId}`).fetchSockets()).toHaveLength(4);
    // A task that does not exist cannot be watched either.
    expect((await join("vanphong", "task:99999999")).ok).toBe(false);

    // The assigner's page (vanphong is not in STTTT) hears the lead unit's progress report in the task room.
    const heard = waitForEvent<TaskChanged>(sockets.vanphong, "task:changed");
    const res = await postForm(base, taskActionPath(taskId, "progress"), { intent: "progress", progress: "40", note: "Đã triển khai tại 8 sở" }, cookies.chuyenvien);
    expect(res.status).toBe(200);
    expect(await heard).toMatchObject({ taskId, directiveId: null, change: "progress" });
    await settle();
    for (const who of ["tuphap", "thanhvien", "admin"] as const) expect([who, eventsFor(who, taskId)]).toEqual([who, []]);
  });

  test("tasks:all is only for the secretariat and leaders, and carries every unit's tasks", async () => {
    const expected: Record<Username, boolean> = { vanphong: true, chutich: true, chuyenvien: false, badinh: false, tuphap: false, thanhvien: false, admin: false };
    for (const who of USERS) {
      const ack = await join(who, "tasks:all");
      expect([who, ack.ok]).toEqual([who, expected[who]]);
    }
    // Nor can staff listen to another unit's room instead.
    expect((await join("tuphap", `unit:${units.stttt}`)).ok).toBe(false);
    expect((await join("chutich", `unit:${units.snv}`)).ok).toBe(true);

    // A task of SNV: the leader hears it through tasks:all; STTTT's staff do not.
    const heard = waitForEvent<TaskChanged>(sockets.chutich, "task:changed");
    const taskId = await assignOverHttp({ leadUnitId: String(units.snv) });
    expect(await heard).toMatchObject({ taskId, change: "created" });
    await settle();
    for (const who of ["chuyenvien", "badinh", "tuphap", "admin"] as const) expect([who, eventsFor(who, taskId)]).toEqual([who, []]);
  });

  test("evidence of a report downloads for the assigner and the task's units; it is 404 for an unrelated unit's staff", async () => {
    const taskId = await assignOverHttp({ leadUnitId: String(units.stttt), coordinatingUnitIds: [String(units.badinh)] });
    const pdf = minimalPdf("Bao cao tien do");
    const name = "Báo cáo tiến độ – tháng 12.pdf";
    const res = await postTaskMultipart(
      base,
      taskId,
      "progress",
      [
        { name: "intent", value: "progress" },
        { name: "progress", value: "50" },
        { name: "note", value: "Đã triển khai tại 15 sở, kèm báo cáo" },
        { name: "files", filename: name, content: pdf },
      ],
      cookies.chuyenvien,
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as ActionJson).message).toBe("Đã gửi báo cáo tiến độ.");
    const db = getDb();
    const report = await db.TaskReport.findOne({ where: { taskId, kind: "progress" } });
    const doc = await db.Document.findOne({ where: { ownerType: "task_report", ownerId: report!.id } });
    expect(doc).toMatchObject({ fileName: name, mime: "application/pdf", size: pdf.length, sha256: sha256(pdf) });

    for (const who of ["vanphong", "chutich", "chuyenvien", "badinh"] as const) {
      const dl = await get(base, `/documents/${doc!.id}`, cookies[who]);
      expect([who, dl.status]).toEqual([who, 200]);
      expect(dispositionName(dl.headers.get("content-disposition"))).toBe(name);
      expect(sha256(Buffer.from(await dl.arrayBuffer()))).toBe(sha256(pdf));
    }
    for (const who of ["tuphap", "thanhvien", "admin"] as const) {
      const dl = await get(base, `/documents/${doc!.id}`, cookies[who]);
      expect([who, dl.status]).toEqual([who, 404]);
      const body = await dl.text();
      expect(body).not.toContain("Báo cáo tiến độ – tháng 12");
      expect(body).not.toContain("%PDF");
    }
  });
});
