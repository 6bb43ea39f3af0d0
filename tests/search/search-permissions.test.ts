// Who finds what: every person × every kind of record that is not for everyone
// (a restricted and a secret meeting, a Party-body meeting, a draft, their
// agenda items and minutes; a confidential directive; tasks of other units),
// through searchFor and over real HTTP (/search, the page and its JSON), against
// the demo seed. Every record carries a word no other record has, so a result
// can only come from that record.
import { indexAgendaItem, indexDirective, indexMeeting, indexMinutes, indexTask } from "../../app/services/search-index.server";
import { searchFor } from "../../app/services/search.server";
import { closeDb, getDb } from "../../models";
import * as f from "../factories";
import { get, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { actorFor } from "../meetings/helpers";

const USERS = ["admin", "vanphong", "chutich", "phochutich", "thanhvien", "chuyenvien", "badinh", "tuphap", "gdtttt", "pgdkhdt", "xem"] as const;
type Username = (typeof USERS)[number];
type Kind = "meeting" | "agenda_item" | "minutes" | "directive" | "task";

type Fixture = {
  key: string;
  kind: Kind;
  /** the record's own word, with diacritics (what the page shows) */
  word: string;
  /** folded, as people type it */
  query: string;
  id: number;
  seenBy: readonly Username[];
};

const SECRETARIAT_AND_LEADERS = ["vanphong", "chutich", "phochutich"] as const;
const EVERYONE = USERS;

let server: TestServer;
const cookies = {} as Record<Username, string>;
const fixtures: Fixture[] = [];

/** A meeting with one agenda item and minutes, each with its own word. */
async function meetingWithParts(key: string, words: [string, string, string], attrs: Record<string, unknown>, seenBy: readonly Username[], invite: { users?: Username[]; unitCode?: string } = {}) {
  const db = getDb();
  const userId = async (u: Username) => (await db.User.findOne({ where: { username: u } }))!.id;
  const m = await f.createMeeting(db, { title: `Họp về ${words[0]} năm 2027`, status: "convened", ...attrs } as never);
  for (const u of invite.users ?? []) await db.Invitation.create({ meetingId: m.id, userId: await userId(u), role: "member" });
  if (invite.unitCode) await db.Invitation.create({ meetingId: m.id, unitId: (await db.Unit.findOne({ where: { code: invite.unitCode } }))!.id, role: "guest" });
  const item = await db.AgendaItem.create({ meetingId: m.id, position: 1, title: `Báo cáo ${words[1]}`, description: "Trình bày của Sở" });
  await db.Minutes.create({ meetingId: m.id, status: "draft", text: `Biên bản ghi: ${words[2]} được thông qua.`, html: `<p>Biên bản ghi: ${words[2]} được thông qua.</p>` });
  await indexMeeting(m.id);
  await indexAgendaItem(item.id);
  await indexMinutes(m.id);
  const fold = (w: string) => w.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
  fixtures.push({ key: `${key} meeting`, kind: "meeting", word: words[0], query: fold(words[0]), id: m.id, seenBy });
  fixtures.push({ key: `${key} agenda item`, kind: "agenda_item", word: words[1], query: fold(words[1]), id: item.id, seenBy });
  fixtures.push({ key: `${key} minutes`, kind: "minutes", word: words[2], query: fold(words[2]), id: m.id, seenBy });
}

beforeAll(async () => {
  server = await startTestServer();
  const db = getDb();
  const unit = async (code: string) => (await db.Unit.findOne({ where: { code } }))!.id;
  const user = async (u: string) => (await db.User.findOne({ where: { username: u } }))!.id;
  await f.createUser(db, { username: "xem", fullName: "Người chỉ xem", roles: ["viewer"], password: "Demo@2023" });
  const state = async () => (await f.createBody(db, { kind: "state" })).id;
  const bcsd = (await db.Body.findOne({ where: { code: "BCSD-UBND" } }))!.id;

  // hạn chế: invited are tuphap (in person) and Sở TT&TT (chuyenvien, gdtttt)
  await meetingWithParts("restricted", ["Thanhxuânbắc", "Kimgiangnam", "Đạikimtây"], { bodyId: await state(), confidentiality: "restricted" }, ["vanphong", "tuphap", "chuyenvien", "gdtttt"], { users: ["tuphap"], unitCode: "STTTT" });
  // mật: thanhvien only
  await meetingWithParts("secret", ["Địnhcôngthượng", "Hoàngliệtđông", "Yênsởnam"], { bodyId: await state(), confidentiality: "secret" }, ["vanphong", "thanhvien"], { users: ["thanhvien"] });
  // Ban Cán sự Đảng, even marked "thường": its members (chutich, phochutich, thanhvien, vanphong …)
  await meetingWithParts("party", ["Vĩnhtuyđông", "Lĩnhnamtây", "Trầnphúbắc"], { bodyId: bcsd, confidentiality: "normal" }, ["vanphong", "chutich", "phochutich", "thanhvien"]);
  // a draft: the secretariat and its chair only, not the people already invited
  await meetingWithParts("draft", ["Khươngđìnhnam", "Giápbátđông", "Tânmaitây"], { bodyId: await state(), status: "draft", chairId: await user("phochutich") }, ["vanphong", "phochutich"], { users: ["chuyenvien"] });
  // an ordinary UBND meeting: everyone signed in
  await meetingWithParts("normal", ["Hàngbồbắc", "Hàngbạcnam", "Hàngbuồmtây"], { bodyId: await state(), confidentiality: "normal" }, EVERYONE);

  const restricted = await f.createDirective(db, { confidentiality: "restricted", summary: "Về bảo vệ bí mật Quảngancầu", number: "801" });
  await f.createTask(db, { directiveId: restricted.id, leadUnitId: await unit("STTTT"), content: "Triển khai văn bản hạn chế" });
  const normal = await f.createDirective(db, { summary: "Về trật tự đô thị Nhậttânmới", number: "802" });
  for (const d of [restricted, normal]) await indexDirective(d.id);
  fixtures.push({ key: "restricted directive (Sở TT&TT has a task)", kind: "directive", word: "Quảngancầu", query: "quangancau", id: restricted.id, seenBy: [...SECRETARIAT_AND_LEADERS, "chuyenvien", "gdtttt"] });
  fixtures.push({ key: "normal directive", kind: "directive", word: "Nhậttânmới", query: "nhattanmoi", id: normal.id, seenBy: EVERYONE });

  const ofBaDinh = await f.createTask(db, { leadUnitId: await unit("Q-BADINH"), content: "Cải tạo vườn hoa Liễugiaibắc" });
  const coordinated = await f.createTask(db, { leadUnitId: await unit("SKHDT"), coordinatingUnitIds: [await unit("STTTT")], content: "Số hóa hồ sơ dự án Ngọckhánhnam" });
  await indexTask([ofBaDinh.id, coordinated.id]);
  fixtures.push({ key: "task of Q. Ba Đình", kind: "task", word: "Liễugiaibắc", query: "lieugiaibac", id: ofBaDinh.id, seenBy: [...SECRETARIAT_AND_LEADERS, "badinh"] });
  fixtures.push({ key: "task of Sở KH&ĐT with Sở TT&TT", kind: "task", word: "Ngọckhánhnam", query: "ngockhanhnam", id: coordinated.id, seenBy: [...SECRETARIAT_AND_LEADERS, "pgdkhdt", "chuyenvien", "gdtttt"] });

  for (const u of USERS) cookies[u] = await signInAs(server.baseUrl, u);
});
afterAll(async () => {
  await server?.stop();
  await closeDb();
});

/** A meeting's word is also in the title of its minutes ("Biên bản: Họp về …"); every other word is in one entry only. */
const expectedTotal = (fx: Fixture, who: Username) => (!fx.seenBy.includes(who) ? 0 : fx.kind === "meeting" ? 2 : 1);

const byKey = (key: string) => fixtures.find((x) => x.key === key)!;

describe("searchFor: a record is found exactly by those who may see it", () => {
  // test.each needs the cases before beforeAll runs: one test per person, every fixture inside
  test.each(USERS)("as %s", async (who) => {
    const actor = await actorFor(getDb(), who);
    const outcome = [];
    for (const fx of fixtures) {
      const r = await searchFor(actor, fx.query);
      const group = r.groups.find((g) => g.kind === fx.kind)!;
      outcome.push({ fixture: fx.key, found: group.hits.some((h) => h.id === fx.id), total: r.total });
    }
    expect(outcome).toEqual(fixtures.map((fx) => ({ fixture: fx.key, found: fx.seenBy.includes(who), total: expectedTotal(fx, who) })));
  });

  test("a meeting made confidential disappears at once, even from cached results (every row shown is checked live)", async () => {
    const db = getDb();
    const m = await f.createMeeting(db, { title: "Họp về Phúthượngđông", status: "convened", bodyId: (await f.createBody(db, { kind: "state" })).id });
    await indexMeeting(m.id);
    const badinh = await actorFor(db, "badinh");
    expect((await searchFor(badinh, "phuthuongdong")).groups.find((g) => g.kind === "meeting")!.hits.map((h) => h.id)).toEqual([m.id]);
    // no service, no index write: nothing tells the search cache
    await m.update({ confidentiality: "secret" });
    const after = await searchFor(badinh, "phuthuongdong");
    expect(after.total).toBe(0);
    expect(after.groups.every((g) => g.hits.length === 0)).toBe(true);
    expect((await searchFor(await actorFor(db, "vanphong"), "phuthuongdong")).total).toBe(1);
  });

  test("with the words typed with their diacritics too", async () => {
    const actor = await actorFor(getDb(), "chuyenvien");
    expect((await searchFor(actor, "Thanhxuânbắc")).total).toBe(2);
    expect((await searchFor(actor, "Vĩnhtuyđông")).total).toBe(0);
  });
});

describe("GET /search: the same over HTTP, page and JSON", () => {
  test.each(USERS)("JSON of /search as %s", async (who) => {
    const outcome = [];
    for (const fx of fixtures) {
      const res = await get(server.baseUrl, `/search?q=${encodeURIComponent(fx.query)}&_data=routes%2Fsearch`, cookies[who]);
      const body = (await res.json()) as { result: { total: number; groups: Array<{ kind: string; count: number; hits: Array<{ id: number; title: { text: string } }> }> } };
      const group = body.result.groups.find((g) => g.kind === fx.kind)!;
      outcome.push({ fixture: fx.key, status: res.status, found: group.hits.some((h) => h.id === fx.id), total: body.result.total });
    }
    expect(outcome).toEqual(fixtures.map((fx) => ({ fixture: fx.key, status: 200, found: fx.seenBy.includes(who), total: expectedTotal(fx, who) })));
  });

  test.each(USERS)("the page as %s shows the record (highlighted) or nothing of it", async (who) => {
    for (const fx of fixtures) {
      const res = await get(server.baseUrl, `/search?q=${encodeURIComponent(fx.query)}`, cookies[who]);
      expect(res.status).toBe(200);
      const html = await res.text();
      const sees = fx.seenBy.includes(who);
      // the word with its diacritics appears only in the record's own text, never in the query echoed back
      const shown = html.includes(fx.word) || html.includes(JSON.stringify(fx.word).slice(1, -1));
      expect({ who, fixture: fx.key, shown }).toEqual({ who, fixture: fx.key, shown: sees });
      if (sees) expect(html).toMatch(/<mark[^>]*>/);
      else expect(html).toContain("Không tìm thấy kết quả");
    }
  });

  test("the kind filter: only that kind, its count in the tab", async () => {
    const fx = byKey("normal agenda item");
    const res = await get(server.baseUrl, `/search?q=${fx.query}&kind=agenda_item`, cookies.badinh);
    const html = await res.text();
    expect(html).toContain(fx.word);
    expect(html).toMatch(/data-testid="kind-agenda_item"[^>]*>Nội dung họp<span> \(<!-- -->1<!-- -->\)<\/span>/);
    // the other kinds were not searched: no count claimed for them
    expect(html).toMatch(/data-testid="kind-task"[^>]*>Nhiệm vụ<\/a>/);
    const other = await (await get(server.baseUrl, `/search?q=${fx.query}&kind=task&_data=routes%2Fsearch`, cookies.badinh)).json();
    expect(other.result.total).toBe(0);
  });

  test("anonymous: to the sign-in page, nothing searched", async () => {
    const res = await get(server.baseUrl, "/search?q=thanhxuanbac");
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent("/search?q=thanhxuanbac")}`);
  });

  test("the header of every page has the search box (GET /search)", async () => {
    const html = await (await get(server.baseUrl, "/", cookies.badinh)).text();
    expect(html).toMatch(/<form[^>]*method="get"[^>]*action="\/search"[^>]*role="search"|<form[^>]*action="\/search"[^>]*method="get"/);
    expect(html).toContain('name="q"');
  });
});

describe("bad input over HTTP: a clear message, never a 500", () => {
  const cases: Array<[string, string, number, string | RegExp]> = [
    ["201 characters", `q=${"a".repeat(201)}`, 400, "Từ khóa tìm kiếm tối đa 200 ký tự."],
    ["a NUL character", "q=ch%E1%BB%89%00th%E1%BB%8B", 400, "ký tự điều khiển"],
    ["an escape character", "q=a%1Bb", 400, "ký tự điều khiển"],
    ["q twice", "q=a&q=b", 400, "Vui lòng nhập một từ khóa tìm kiếm (chỉ một ô tìm kiếm)."],
    ["q[] next to q (only q is read)", "q[]=a&q=b", 200, /kết quả|Không tìm thấy/],
    ["an unknown kind", "q=ubnd&kind=users", 400, "Loại kết quả không hợp lệ."],
    ["kind twice", "q=ubnd&kind=task&kind=meeting", 400, "Loại kết quả không hợp lệ."],
    ["LIKE wildcards only", "q=%25_%25", 200, "Vui lòng nhập từ khóa có chữ hoặc số."],
    ["a broken percent-encoding", "q=%E0%A4%A", 200, /kết quả|Không tìm thấy/],
    ["SQL in the box", "q=%27%29%20OR%201%3D1%20--", 200, /Không tìm thấy|kết quả/],
    ["no q at all", "", 200, "Tìm kiếm"],
  ];
  test.each(cases)("%s (?%s) → %p", async (_label, query, status, text) => {
    const res = await get(server.baseUrl, `/search?${query}`, cookies.chuyenvien);
    expect(res.status).toBe(status);
    const html = await res.text();
    if (typeof text === "string") expect(html).toContain(text);
    else expect(html).toMatch(text);
    expect(html).not.toContain("Hệ thống gặp sự cố");
  });

  test("%_ are not wildcards: they only separate words («%thanhxuanbac%» finds what «thanhxuanbac» finds)", async () => {
    const json = async (q: string) => (await (await get(server.baseUrl, `/search?q=${encodeURIComponent(q)}&_data=routes%2Fsearch`, cookies.vanphong)).json()).result;
    expect((await json("%thanhxuanbac%")).total).toBe(2);
    expect((await json("%thanhxuanbac%")).words).toEqual(["thanhxuanbac"]);
    expect((await json("thanhxuanba_")).words).toEqual(["thanhxuanba"]);
    expect((await json("%_%")).total).toBe(0);
  });

  test("the JSON answer of a refused query is a 400 with the message", async () => {
    const res = await get(server.baseUrl, `/search?q=${"x".repeat(300)}&_data=routes%2Fsearch`, cookies.chuyenvien);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "Từ khóa tìm kiếm tối đa 200 ký tự.", result: null });
  });
});
