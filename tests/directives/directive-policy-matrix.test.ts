// Who may list, open, record and change directives, over real HTTP and socket
// rooms against the demo seed: every role × every confidentiality, with the
// staff of a unit that carries (or coordinates) a task, and of one that does not.
// Every cell is an exact status; a refused POST leaves the database as it was.
import type { Socket } from "socket.io-client";
import { closeDb, getDb } from "../../models";
import type { Directive } from "../../models";
import * as f from "../factories";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect } from "../helpers/socket";
import { counts, directiveForm, hanoiDay, taskRow } from "./helpers";

const USERS = ["admin", "vanphong", "chutich", "thanhvien", "chuyenvien", "badinh", "xem"] as const;
type Username = (typeof USERS)[number];
type Who = Username | "anonymous";
const EVERYONE: Who[] = [...USERS, "anonymous"];

let server: TestServer;
const cookies = {} as Record<Who, string | undefined>;
const sockets: Socket[] = [];
type Fixture = { key: string; directive: Directive; involved: Username[] };
const fixtures: Fixture[] = [];
const byKey = (key: string) => fixtures.find((x) => x.key === key)!;

beforeAll(async () => {
  server = await startTestServer();
  const db = getDb();
  const unit = async (code: string) => (await db.Unit.findOne({ where: { code } }))!.id;
  // a viewer: signed in, "Chỉ xem", no unit
  await f.createUser(db, { username: "xem", fullName: "Người chỉ xem", roles: ["viewer"], password: "Demo@2023" });

  const make = async (key: string, confidentiality: "normal" | "restricted" | "secret", task: { lead: string; coordinating?: string[] } | null, involved: Username[]) => {
    const directive = await f.createDirective(db, { confidentiality, summary: `Văn bản ma trận ${key}`, number: String(900 + fixtures.length), issuedOn: hanoiDay(-10), year: Number(hanoiDay(-10).slice(0, 4)) });
    if (task) await f.createTask(db, { directiveId: directive.id, leadUnitId: await unit(task.lead), coordinatingUnitIds: await Promise.all((task.coordinating ?? []).map(unit)), deadline: hanoiDay(20) });
    fixtures.push({ key, directive, involved });
  };
  await make("normal", "normal", null, []);
  // Sở TT&TT (chuyenvien) leads a task of this restricted directive
  await make("restricted-lead", "restricted", { lead: "STTTT" }, ["chuyenvien"]);
  // Sở TT&TT only coordinates a task of this secret one
  await make("secret-coordinating", "secret", { lead: "SKHDT", coordinating: ["STTTT"] }, ["chuyenvien"]);
  // nobody of the demo's units is on this one
  await make("restricted-uninvolved", "restricted", { lead: "Q-HOANKIEM" }, []);

  for (const u of USERS) cookies[u] = await signInAs(server.baseUrl, u);
  cookies.anonymous = undefined;
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.stop();
  await closeDb();
});

/** The directive rule: everyone signed in sees "Thường"; confidential ones the secretariat, leaders and units on a task. */
function sees(who: Who, fx: Fixture) {
  if (who === "anonymous") return false;
  if (fx.directive.confidentiality === "normal") return true;
  return who === "vanphong" || who === "chutich" || fx.involved.includes(who as Username);
}

const label = (d: Directive) => `${d.number}-${d.symbol}`;

describe("GET: the register, each directive, the forms", () => {
  test.each(EVERYONE)("/directives as %s lists exactly what they may see", async (who) => {
    const res = await get(server.baseUrl, "/directives", cookies[who]);
    if (who === "anonymous") {
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/directives")}`);
      return;
    }
    expect(res.status).toBe(200);
    const html = await res.text();
    for (const fx of fixtures) expect({ who, key: fx.key, listed: html.includes(fx.directive.summary) }).toEqual({ who, key: fx.key, listed: sees(who, fx) });
    expect(html.includes('href="/directives/new"')).toBe(who === "vanphong");
  });

  const cells = EVERYONE.flatMap((who) => ["normal", "restricted-lead", "secret-coordinating", "restricted-uninvolved"].map((key) => [who, key] as const));

  test.each(cells)("/directives/:id as %s, %s directive", async (who, key) => {
    const fx = byKey(key);
    const path = `/directives/${fx.directive.id}`;
    const res = await get(server.baseUrl, path, cookies[who]);
    const expected = who === "anonymous" ? 302 : sees(who, fx) ? 200 : 404;
    expect({ who, key, status: res.status }).toEqual({ who, key, status: expected });
    const html = await res.text();
    if (expected === 200) expect(html).toContain(label(fx.directive));
    if (expected === 404) expect(html).not.toContain(fx.directive.summary);
  });

  test.each(cells)("/directives/:id/edit as %s, %s directive", async (who, key) => {
    const fx = byKey(key);
    const res = await get(server.baseUrl, `/directives/${fx.directive.id}/edit`, cookies[who]);
    const expected = who === "anonymous" ? 302 : !sees(who, fx) ? 404 : who === "vanphong" ? 200 : 403;
    expect({ who, key, status: res.status }).toEqual({ who, key, status: expected });
    if (expected === 200) expect(await res.text()).toContain("Sửa văn bản chỉ đạo");
  });

  test.each(EVERYONE)("/directives/new as %s", async (who) => {
    const res = await get(server.baseUrl, "/directives/new", cookies[who]);
    const expected = who === "anonymous" ? 302 : who === "vanphong" ? 200 : 403;
    expect(res.status).toBe(expected);
    const html = await res.text();
    if (expected === 200) expect(html).toContain("Nhiệm vụ giao kèm");
    if (expected === 403) expect(html).toContain("Bạn không có quyền truy cập nội dung này.");
  });

  test.each(USERS)("the directive page shows «Giao nhiệm vụ» and «Sửa văn bản» to whom they belong (%s)", async (who) => {
    const id = byKey("normal").directive.id;
    const html = await (await get(server.baseUrl, `/directives/${id}`, cookies[who])).text();
    expect({ who, assign: html.includes('data-testid="assign-tasks"'), edit: html.includes(`href="/directives/${id}/edit"`) }).toEqual({ who, assign: who === "vanphong" || who === "chutich", edit: who === "vanphong" });
  });
});

describe("socket room directive:{id}: joined only by those who may see it", () => {
  const cells = USERS.flatMap((who) => ["normal", "restricted-lead", "secret-coordinating", "restricted-uninvolved"].map((key) => [who, key] as const));
  test.each(cells)("%s joins %s", async (who, key) => {
    const fx = byKey(key);
    const socket = connectSocket(server.baseUrl, cookies[who]);
    sockets.push(socket);
    await waitForConnect(socket);
    const ack = await emitWithAck<{ ok: boolean }>(socket, "room:join", { room: `directive:${fx.directive.id}` });
    expect({ who, key, ok: ack.ok }).toEqual({ who, key, ok: sees(who, fx) });
  });
});

describe("POST: record, edit, validity and bulk assignment by each role", () => {
  const db = () => getDb();
  const unitId = async (code: string) => (await db().Unit.findOne({ where: { code } }))!.id;

  test.each(EVERYONE)("POST /directives/new as %s", async (who) => {
    const before = await counts(db());
    const form = directiveForm({ summary: `Văn bản do ${who} ghi sổ`, ...taskRow(0, { content: `Nhiệm vụ của văn bản do ${who} ghi sổ`, leadUnitId: await unitId("SNV"), deadline: hanoiDay(15) }) });
    const res = await postForm(server.baseUrl, "/directives/new", form, cookies[who]);
    const expected = who === "anonymous" ? 302 : who === "vanphong" ? 302 : 403;
    expect({ who, status: res.status }).toEqual({ who, status: expected });
    if (who === "vanphong") {
      expect(res.headers.get("location")).toMatch(/^\/directives\/\d+\?created=1$/);
      expect(await db().Directive.count({ where: { summary: `Văn bản do ${who} ghi sổ` } })).toBe(1);
    } else {
      if (who === "anonymous") expect(res.headers.get("location")).toMatch(/^\/login/);
      expect(await counts(db())).toEqual(before);
    }
  });

  test.each(EVERYONE)("POST /directives/:id/edit as %s", async (who) => {
    const d = (await db().Directive.findByPk(byKey("normal").directive.id))!;
    const form = directiveForm({ number: label(d), issuedOn: d.issuedOn, summary: `Trích yếu sửa bởi ${who}`, version: String(d.version) });
    const res = await postForm(server.baseUrl, `/directives/${d.id}/edit`, form, cookies[who]);
    const expected = who === "anonymous" ? 302 : who === "vanphong" ? 302 : 403;
    expect({ who, status: res.status }).toEqual({ who, status: expected });
    const after = (await db().Directive.findByPk(d.id))!;
    if (who === "vanphong") expect(after).toMatchObject({ summary: `Trích yếu sửa bởi ${who}`, version: d.version + 1 });
    else expect(after.toJSON()).toEqual(d.toJSON());
  });

  test.each(EVERYONE)("POST intent=status as %s", async (who) => {
    const d = (await db().Directive.findByPk(byKey("normal").directive.id))!;
    const next = d.status === "active" ? "expired" : "active";
    const res = await postForm(server.baseUrl, `/directives/${d.id}`, { intent: "status", status: next, replacedById: "", version: String(d.version) }, cookies[who]);
    const expected = who === "anonymous" ? 302 : who === "vanphong" ? 200 : 403;
    expect({ who, status: res.status }).toEqual({ who, status: expected });
    const after = (await db().Directive.findByPk(d.id))!;
    expect(after.status).toBe(who === "vanphong" ? next : d.status);
    // leave it active for the next test
    if (who === "vanphong" && next === "expired") await after.update({ status: "active" });
  });

  test.each(EVERYONE)("POST intent=assign as %s", async (who) => {
    const d = byKey("normal").directive;
    const before = await counts(db());
    const res = await postForm(server.baseUrl, `/directives/${d.id}`, { intent: "assign", ...taskRow(0, { content: `Nhiệm vụ giao bổ sung bởi ${who}`, leadUnitId: await unitId("Q-BADINH"), deadline: hanoiDay(12) }) }, cookies[who]);
    const allowed = who === "vanphong" || who === "chutich";
    const expected = who === "anonymous" ? 302 : allowed ? 200 : 403;
    expect({ who, status: res.status }).toEqual({ who, status: expected });
    if (allowed) expect(await db().Task.count({ where: { directiveId: d.id, content: `Nhiệm vụ giao bổ sung bởi ${who}` } })).toBe(1);
    else expect(await counts(db())).toEqual(before);
  });

  test("a confidential directive's page is a 404 for staff of an uninvolved unit, also for its actions", async () => {
    const fx = byKey("restricted-lead");
    for (const who of ["badinh", "thanhvien", "xem"] as const) {
      expect((await get(server.baseUrl, `/directives/${fx.directive.id}`, cookies[who])).status).toBe(404);
      expect((await postForm(server.baseUrl, `/directives/${fx.directive.id}/edit`, directiveForm({ version: "1" }), cookies[who])).status).toBe(403);
    }
    // the staff of the unit that carries the task see it and its task
    const html = (await (await get(server.baseUrl, `/directives/${fx.directive.id}`, cookies.chuyenvien)).text()).replace(/<!-- -->/g, "");
    expect(html).toContain(fx.directive.summary);
    expect(html).toContain("Nhiệm vụ được giao (1)");
  });
});
