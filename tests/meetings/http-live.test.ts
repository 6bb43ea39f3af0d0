// The real server (Express + Remix build + socket.io) with the demo data:
// scheduling through the form, the meeting page's intents, and the live
// "meeting:changed" event only reaching sockets allowed in the meeting's room.
import type { Socket } from "socket.io-client";
import { closeDb, getDb } from "../../models";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect, waitForEvent } from "../helpers/socket";
import { hanoiDay, hanoiInstant } from "./helpers";

let server: TestServer;
const cookies: Record<string, string> = {};
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  for (const u of ["vanphong", "chuyenvien", "thanhvien"]) cookies[u] = await signInAs(server.baseUrl, u);
}, 60_000);
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.stop();
  await closeDb(); // this process's own connection (getDb() below)
});

async function userId(username: string) {
  return (await getDb().User.findOne({ where: { username } }))!.id;
}

/** The schedule form as a browser posts it. */
async function scheduleForm(over: Record<string, string> = {}) {
  const db = getDb();
  const body = (await db.Body.findOne({ where: { code: "UBND-TP" } }))!;
  const room = (await db.Room.findAll()).find((r) => r.name.startsWith("Phòng họp số 2"))!;
  return {
    bodyId: String(body.id),
    kind: "regular",
    title: "Phiên họp UBND Thành phố về phòng cháy, chữa cháy",
    date: hanoiDay(60),
    startTime: "08:00",
    endTime: "10:00",
    roomId: String(room.id),
    onlineUrl: "",
    chairId: String(await userId("chutich")),
    secretaryId: String(await userId("vanphong")),
    confidentiality: "normal",
    inviteBodyMembers: "on",
    notes: "",
    ...over,
  };
}

/** A socket signed in as `username`, connected. */
async function socketOf(username: string) {
  const socket = connectSocket(server.baseUrl, cookies[username]);
  sockets.push(socket);
  await waitForConnect(socket);
  return socket;
}

/** Every "meeting:changed" a socket receives from now on. */
function collect(socket: Socket) {
  const got: unknown[] = [];
  socket.on("meeting:changed", (p: unknown) => got.push(p));
  return got;
}

describe("scheduling through /meetings/new", () => {
  test("the secretariat posts a valid form → 302 to the new meeting", async () => {
    const db = getDb();
    const before = await db.Meeting.count();
    const res = await postForm(server.baseUrl, "/meetings/new", await scheduleForm(), cookies.vanphong);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/meetings\/\d+(\?|$)/);
    const id = Number(/^\/meetings\/(\d+)/.exec(location)![1]);
    const meeting = (await db.Meeting.findByPk(id))!;
    expect(meeting).toMatchObject({ title: "Phiên họp UBND Thành phố về phòng cháy, chữa cháy", status: "draft", createdById: await userId("vanphong") });
    expect(meeting.startsAt.toISOString()).toBe(hanoiInstant(hanoiDay(60), "08:00").toISOString());
    expect(await db.Invitation.count({ where: { meetingId: id } })).toBe(8);
    expect(await db.Meeting.count()).toBe(before + 1);

    const page = await get(server.baseUrl, location, cookies.vanphong);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Phiên họp UBND Thành phố về phòng cháy, chữa cháy");
  });

  test("end before start → 400 with the field message, and no new meeting", async () => {
    const db = getDb();
    const before = await db.Meeting.count();
    const res = await postForm(server.baseUrl, "/meetings/new", await scheduleForm({ date: hanoiDay(61), startTime: "10:00", endTime: "09:00" }), cookies.vanphong);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("Giờ kết thúc phải sau giờ bắt đầu.");
    expect(await db.Meeting.count()).toBe(before);
  });

  test("staff posting the form → 403 page, and no new meeting", async () => {
    const db = getDb();
    const before = await db.Meeting.count();
    const res = await postForm(server.baseUrl, "/meetings/new", await scheduleForm({ date: hanoiDay(62) }), cookies.chuyenvien);
    expect(res.status).toBe(403);
    const html = await res.text();
    expect(html).toContain("Bạn không có quyền truy cập nội dung này.");
    expect(await db.Meeting.count()).toBe(before);
  });

  test("GET /meetings/new: 403 for staff, the form for the secretariat", async () => {
    const staff = await get(server.baseUrl, "/meetings/new", cookies.chuyenvien);
    expect(staff.status).toBe(403);
    expect(await staff.text()).toContain("Bạn không có quyền truy cập nội dung này.");
    const secretariat = await get(server.baseUrl, "/meetings/new", cookies.vanphong);
    expect(secretariat.status).toBe(200);
    expect(await secretariat.text()).toContain("Lên lịch họp");
  });
});

describe("the meeting page's intents and the live room", () => {
  test("agenda-status by the secretariat reaches a member who joined meeting:{id}", async () => {
    const db = getDb();
    const meeting = (await db.Meeting.findOne({ where: { status: "convened", confidentiality: "normal" }, order: [["startsAt", "ASC"]] }))!;
    const [first] = await db.AgendaItem.findAll({ where: { meetingId: meeting.id }, order: [["position", "ASC"]] });
    const member = await socketOf("thanhvien");
    await expect(emitWithAck(member, "room:join", { room: `meeting:${meeting.id}` })).resolves.toEqual({ ok: true });

    const changed = waitForEvent<{ meetingId: number; change: string; itemId: number; status: string }>(member, "meeting:changed");
    const res = await postForm(server.baseUrl, `/meetings/${meeting.id}`, { intent: "agenda-status", itemId: String(first.id), status: "discussing" }, cookies.vanphong);
    expect(res.status).toBe(200);
    await expect(changed).resolves.toEqual({ meetingId: meeting.id, change: "agenda", itemId: first.id, status: "discussing" });
    expect((await db.AgendaItem.findByPk(first.id))!.status).toBe("discussing");
  });

  test("staff may not join a restricted Party meeting's room and receive nothing from it", async () => {
    const db = getDb();
    const party = (await db.Meeting.findOne({ where: { confidentiality: "restricted", status: "convened" }, include: [{ model: db.Body, as: "body" }] }))!;
    expect(party.body!.kind).toBe("party");
    const [item] = await db.AgendaItem.findAll({ where: { meetingId: party.id }, order: [["position", "ASC"]] });
    const room = `meeting:${party.id}`;

    const outsider = await socketOf("chuyenvien");
    const outsiderGot = collect(outsider);
    await expect(emitWithAck(outsider, "room:join", { room })).resolves.toMatchObject({ ok: false });
    // a member of the Party body is let in, and proves the event was sent
    const member = await socketOf("thanhvien");
    await expect(emitWithAck(member, "room:join", { room })).resolves.toEqual({ ok: true });

    const changed = waitForEvent(member, "meeting:changed");
    const res = await postForm(server.baseUrl, `/meetings/${party.id}`, { intent: "agenda-status", itemId: String(item.id), status: "discussing" }, cookies.vanphong);
    expect(res.status).toBe(200);
    await expect(changed).resolves.toMatchObject({ meetingId: party.id, change: "agenda" });
    await new Promise((r) => setTimeout(r, 300));
    expect(outsiderGot).toEqual([]);
  });

  test("an unknown intent → 400 and nothing changes", async () => {
    const db = getDb();
    const meeting = (await db.Meeting.findOne({ where: { status: "convened", confidentiality: "normal" } }))!;
    const before = (await db.Meeting.findByPk(meeting.id))!.toJSON();
    const page = await postForm(server.baseUrl, `/meetings/${meeting.id}`, { intent: "delete-everything" }, cookies.vanphong);
    expect(page.status).toBe(400);
    // the same through Remix's data request (what the page's fetchers send)
    const data = await postForm(server.baseUrl, `/meetings/${meeting.id}?_data=${encodeURIComponent("routes/meetings.$id")}`, { intent: "delete-everything" }, cookies.vanphong);
    expect(data.status).toBe(400);
    expect(await data.json()).toMatchObject({ ok: false, fields: { intent: "Thao tác không hợp lệ." } });
    expect((await db.Meeting.findByPk(meeting.id))!.toJSON()).toEqual(before);
  });

  // Elsewhere a malformed id is as missing as an unknown one (/admin/users/abc,
  // /meetings/abc.ics, /documents/abc all answer 404); the meeting page answers
  // 400 «Mã cuộc họp không hợp lệ.» from parseWith(paramsSchema, params).
  test("GET /meetings/abc → 404", async () => {
    expect((await get(server.baseUrl, "/meetings/999999", cookies.vanphong)).status).toBe(404);
    expect((await get(server.baseUrl, "/meetings/abc", cookies.vanphong)).status).toBe(404);
  });

  test("POST /meetings/abc → 404", async () => {
    const form = { intent: "agenda-status", itemId: "1", status: "done" };
    expect((await postForm(server.baseUrl, "/meetings/999999", form, cookies.vanphong)).status).toBe(404);
    expect((await postForm(server.baseUrl, "/meetings/abc", form, cookies.vanphong)).status).toBe(404);
  });

  test("an unknown numeric id is a 404 (the part of the contract that holds)", async () => {
    expect((await get(server.baseUrl, "/meetings/999999", cookies.vanphong)).status).toBe(404);
    const form = { intent: "agenda-status", itemId: "1", status: "done" };
    expect((await postForm(server.baseUrl, "/meetings/999999", form, cookies.vanphong)).status).toBe(404);
  });
});
