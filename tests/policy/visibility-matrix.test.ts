import { getDb } from "../../models";
import { get, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect } from "../helpers/socket";

/**
 * Roles × confidentiality × body kind × surface: a Party or confidential
 * meeting must not leak through any surface to someone who may not see it.
 */
const USERS = ["admin", "vanphong", "chutich", "thanhvien", "chuyenvien", "badinh"] as const;
type Username = (typeof USERS)[number];
const LEVELS = ["normal", "restricted", "secret"] as const;
const KINDS = ["state", "party"] as const;

describe("meeting visibility matrix", () => {
  let server: TestServer;
  const cookies = {} as Record<Username, string>;
  const meetings: { id: number; title: string; level: string; kind: string; invited: Username[] }[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    const db = getDb();
    const bodies = { state: await db.Body.findOne({ where: { kind: "state" } }), party: await db.Body.findOne({ where: { kind: "party" } }) };
    const chuyenvien = await db.User.findOne({ where: { username: "chuyenvien" } });
    const start = new Date(Date.now() + 3 * 24 * 3600_000);
    let n = 0;
    for (const level of LEVELS) {
      for (const kind of KINDS) {
        n++;
        const title = `Ma trận ${level}-${kind} ${n}`;
        const m = await db.Meeting.create({
          bodyId: bodies[kind]!.id,
          title,
          kind: "thematic",
          startsAt: new Date(start.getTime() + n * 3600_000 * 24 * 0.1),
          endsAt: new Date(start.getTime() + n * 3600_000 * 24 * 0.1 + 3600_000),
          status: "convened",
          confidentiality: level,
          onlineUrl: "https://hop.example/matrix",
        });
        // chuyenvien is invited to the secret State meeting only: invitees see confidential meetings.
        const invited: Username[] = level === "secret" && kind === "state" ? ["chuyenvien"] : [];
        if (invited.length) await db.Invitation.create({ meetingId: m.id, userId: chuyenvien!.id, role: "guest" });
        meetings.push({ id: m.id, title, level, kind, invited });
      }
    }
    for (const u of USERS) cookies[u] = await signInAs(server.baseUrl, u);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** secretariat; body members (chutich and thanhvien sit on both bodies); invitees; everyone for normal State meetings */
  function expected(user: Username, m: (typeof meetings)[number]) {
    if (user === "vanphong" || user === "chutich" || user === "thanhvien") return true;
    if (m.invited.includes(user)) return true;
    return m.level === "normal" && m.kind === "state";
  }

  test.each(USERS)("%s: the meeting page answers 200 or 404 (never reveals existence)", async (user) => {
    for (const m of meetings) {
      const res = await get(server.baseUrl, `/meetings/${m.id}`, cookies[user]);
      expect([user, m.title, res.status]).toEqual([user, m.title, expected(user, m) ? 200 : 404]);
      const html = await res.text();
      if (!expected(user, m)) expect(html).not.toContain(m.title);
    }
  });

  test.each(USERS)("%s: the home page and the meeting list show exactly the visible meetings", async (user) => {
    const home = await (await get(server.baseUrl, "/", cookies[user])).text();
    const list = await (await get(server.baseUrl, "/meetings?view=list", cookies[user])).text();
    for (const m of meetings) {
      expect([user, m.title, "home", home.includes(m.title)]).toEqual([user, m.title, "home", expected(user, m)]);
      expect([user, m.title, "list", list.includes(m.title)]).toEqual([user, m.title, "list", expected(user, m)]);
    }
  });

  test.each(USERS)("%s: the calendar file of a meeting follows the same rule", async (user) => {
    for (const m of meetings) {
      const res = await get(server.baseUrl, `/meetings/${m.id}.ics`, cookies[user]);
      expect([user, m.title, res.status]).toEqual([user, m.title, expected(user, m) ? 200 : 404]);
    }
  });

  test.each(USERS)("%s: socket rooms of meetings are joined only when visible", async (user) => {
    const socket = connectSocket(server.baseUrl, cookies[user]);
    try {
      await waitForConnect(socket);
      for (const m of meetings) {
        const reply = await emitWithAck<{ ok: boolean }>(socket, "room:join", { room: `meeting:${m.id}` });
        expect([user, m.title, reply.ok]).toEqual([user, m.title, expected(user, m)]);
      }
    } finally {
      socket.disconnect();
    }
  });

  test("anonymous visitors get nothing: pages redirect to sign-in, sockets are refused", async () => {
    for (const m of meetings) {
      const res = await get(server.baseUrl, `/meetings/${m.id}`);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toMatch(/^\/login/);
    }
  });
});
