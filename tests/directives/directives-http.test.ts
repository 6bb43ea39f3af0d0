// The directive pages' actions over real HTTP (Express + the Remix build +
// socket.io): recording with task rows, malformed input → 400 with Vietnamese
// messages and nothing written (never a 500), sanitized rich text, stale edits
// → 409, bulk assignment, the conclusion notice prefill, the register's filters
// and the live `task:changed` in the directive's room.
import type { Socket } from "socket.io-client";
import { closeDb, getDb } from "../../models";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect, waitForEvent } from "../helpers/socket";
import { counts, directiveForm, emptyRow, hanoiDay, taskRow, vnDate } from "./helpers";

let server: TestServer;
const cookies: Record<string, string> = {};
const sockets: Socket[] = [];
const ids = { stttt: 0, snv: 0, badinh: 0, chuyenvien: 0 };

beforeAll(async () => {
  server = await startTestServer();
  for (const u of ["vanphong", "chutich", "chuyenvien"]) cookies[u] = await signInAs(server.baseUrl, u);
  const db = getDb();
  const unit = async (code: string) => (await db.Unit.findOne({ where: { code } }))!.id;
  ids.stttt = await unit("STTTT");
  ids.snv = await unit("SNV");
  ids.badinh = await unit("Q-BADINH");
  ids.chuyenvien = (await db.User.findOne({ where: { username: "chuyenvien" } }))!.id;
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
});
afterAll(async () => {
  await server?.stop();
  await closeDb();
});

const NEW = "/directives/new";
/** The page's HTML without React's text separators (`a<!-- -->b`). */
const html = async (res: Response) => (await res.text()).replace(/<!-- -->/g, "");
const data = (path: string, route: string) => `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route)}`;

/** Posts through Remix's data request (what fetchers send) and returns status + JSON. */
async function postData(path: string, route: string, form: Record<string, string | string[]>, who = "vanphong") {
  const res = await postForm(server.baseUrl, data(path, route), form, cookies[who]);
  const body = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  return { status: res.status, body, location: res.headers.get("x-remix-redirect") ?? res.headers.get("location") };
}

describe("recording a directive through /directives/new", () => {
  test("a valid form with 3 rows for 2 units → 302 to the directive; the rows are its tasks", async () => {
    const db = getDb();
    const before = await counts(db);
    const form = directiveForm({
      number: "Số 41-CT/TU",
      ...taskRow(0, { content: "Triển khai nền tảng họp không giấy tờ tại các sở.", leadUnitId: ids.stttt, coordinatingUnitIds: [ids.snv, ids.badinh], ownerId: ids.chuyenvien, deadline: hanoiDay(30), starred: true }),
      ...taskRow(1, { content: "Rà soát quy chế làm việc của UBND Thành phố.", leadUnitId: ids.snv, deadlineKind: "none" }),
      ...emptyRow(2),
      ...taskRow(3, { content: "Báo cáo hằng tháng kết quả triển khai.", leadUnitId: ids.stttt, deadlineKind: "recurring", deadline: vnDate(hanoiDay(28)), recurrence: "monthly" }),
    });
    const res = await postForm(server.baseUrl, NEW, form, cookies.vanphong);
    expect(res.status).toBe(302);
    const location = res.headers.get("location")!;
    expect(location).toMatch(/^\/directives\/\d+\?created=3$/);
    const id = Number(/^\/directives\/(\d+)/.exec(location)![1]);
    const d = (await db.Directive.findByPk(id))!;
    expect(d).toMatchObject({ number: "41", symbol: "CT/TU", numberFormat: "party" });
    const tasks = await db.Task.findAll({ where: { directiveId: id }, order: [["id", "ASC"]] });
    expect(tasks.map((t) => [t.leadUnitId, t.deadlineKind])).toEqual([[ids.stttt, "date"], [ids.snv, "none"], [ids.stttt, "recurring"]]);
    expect(await db.TaskCoordinator.count({ where: { taskId: tasks[0].id } })).toBe(2);
    expect(await counts(db)).toMatchObject({ directives: before.directives + 1, tasks: before.tasks + 3 });

    const page = await html(await get(server.baseUrl, location, cookies.vanphong));
    expect(page).toContain("Đã ghi sổ văn bản và giao 3 nhiệm vụ.");
    expect(page).toContain("Triển khai nền tảng họp không giấy tờ tại các sở.");
    expect(page).toContain("Nhiệm vụ được giao (3)");
  });

  // Each malformed submission: 400, the Vietnamese message in the page and in the JSON, nothing written.
  const malformed: [string, Record<string, string | string[]>, string, RegExp][] = [
    ["an empty form", {}, "number", /Vui lòng nhập số, ký hiệu văn bản/],
    ["Party number written with a slash", { number: "24/CT/TU" }, "number", /Có phải «24-CT\/TU»/],
    ["a number without its symbol", { number: "24" }, "number", /Vui lòng nhập cả ký hiệu/],
    ["an unknown type abbreviation", { number: "24-XY/TU" }, "number", /«XY» không phải chữ viết tắt tên loại văn bản/],
    ["the symbol's kind is not the chosen kind", { kind: "NQ", number: "15-KL/TW" }, "number", /Ký hiệu «KL» là Kết luận \(KL\), không khớp loại văn bản đã chọn là Nghị quyết \(NQ\)/],
    ["a year segment that is not the year of issue", { kind: "QD", number: "12/2019/QĐ-UBND" }, "number", /Năm trong ký hiệu \(2019\) khác năm ban hành/],
    ["an unknown kind", { kind: "XX" }, "kind", /Vui lòng chọn loại văn bản/],
    ["an issue date in the future", { issuedOn: vnDate(hanoiDay(3)) }, "issuedOn", /Ngày ban hành không được sau ngày hôm nay/],
    ["an impossible date", { issuedOn: "31/02/2024" }, "issuedOn", /Ngày ban hành không hợp lệ \(dd\/mm\/yyyy\)/],
    ["a date in no format", { issuedOn: "hôm qua" }, "issuedOn", /Ngày ban hành không hợp lệ/],
    ["markup in the summary", { summary: "<script>alert(1)</script> Về việc" }, "summary", /Trích yếu không được chứa mã HTML hoặc script/],
    ["a summary too short", { summary: "Về" }, "summary", /Trích yếu phải có ít nhất 5 ký tự/],
    ["no issuer", { issuer: "  " }, "issuer", /Vui lòng nhập cơ quan ban hành/],
    ["an unknown confidentiality", { confidentiality: "top-secret" }, "confidentiality", /Độ mật không hợp lệ/],
    ["a meeting id that is not a number", { sourceMeetingId: "abc" }, "sourceMeetingId", /Cuộc họp không hợp lệ/],
    ["a meeting that does not exist", { sourceMeetingId: "999999" }, "sourceMeetingId", /Cuộc họp không tồn tại/],
    ["replaced without a successor", { status: "replaced" }, "replacedById", /Vui lòng chọn văn bản thay thế/],
    ["replaced by a directive that does not exist", { status: "replaced", replacedById: "999999" }, "replacedById", /Văn bản thay thế không tồn tại/],
    ["an unknown status", { status: "deleted" }, "status", /Tình trạng hiệu lực không hợp lệ/],
    ["the number sent twice", { number: ["24-CT/TU", "25-CT/TU"] }, "number", /Số, ký hiệu văn bản không hợp lệ/],
    ["a huge number", { number: "9".repeat(5000) }, "number", /quá dài/],
    ["a task row with a unit id that is not a number", { ...taskRow(0, { content: "Nhiệm vụ có mã đơn vị sai.", leadUnitId: "abc", deadline: hanoiDay(9) }) }, "tasks[0].leadUnitId", /Vui lòng chọn đơn vị chủ trì/],
    ["a task row with an unknown deadline kind", { ...taskRow(0, { content: "Nhiệm vụ có loại thời hạn sai.", leadUnitId: "1", deadlineKind: "someday" }) }, "tasks[0].deadlineKind", /Vui lòng chọn loại thời hạn/],
    ["a task row with a malformed deadline", { ...taskRow(0, { content: "Nhiệm vụ có thời hạn sai.", leadUnitId: "1", deadline: "32/13/2026" }) }, "tasks[0].deadline", /Thời hạn không hợp lệ/],
    ["a recurring row without its period", { ...taskRow(0, { content: "Nhiệm vụ định kỳ thiếu chu kỳ.", leadUnitId: "1", deadlineKind: "recurring", deadline: hanoiDay(9) }) }, "tasks[0].recurrence", /Vui lòng chọn chu kỳ báo cáo/],
    ["a lead unit that also coordinates", { ...taskRow(1, { content: "Nhiệm vụ chủ trì kiêm phối hợp.", leadUnitId: "1", coordinatingUnitIds: ["1"], deadline: hanoiDay(9) }) }, "tasks[1].coordinatingUnitIds", /Đơn vị chủ trì không đồng thời là đơn vị phối hợp/],
    ["a task deadline before the issue date", { issuedOn: vnDate(hanoiDay(-30)), ...taskRow(2, { content: "Nhiệm vụ có thời hạn trước ngày ban hành.", leadUnitId: "1", deadline: hanoiDay(-40) }) }, "tasks[2].deadline", /không được trước ngày ban hành văn bản/],
    ["an owner who does not exist", { ...taskRow(0, { content: "Nhiệm vụ có người phụ trách không tồn tại.", leadUnitId: "1", ownerId: "999999", deadline: hanoiDay(9) }) }, "tasks[0].ownerId", /Người phụ trách không tồn tại/],
  ];

  test.each(malformed)("%s → 400 with the Vietnamese message, nothing written", async (_label, over, field, message) => {
    const db = getDb();
    const before = await counts(db);
    const form = Object.keys(over).length === 0 ? {} : directiveForm(over);
    const page = await postForm(server.baseUrl, NEW, form, cookies.vanphong);
    expect(page.status).toBe(400);
    const html = await page.text();
    expect(html).not.toMatch(/Đã xảy ra lỗi|stack|at \//);
    const json = await postData(NEW, "routes/directives.new", form);
    expect(json.status).toBe(400);
    expect(json.body).toMatchObject({ ok: false, errorId: "validation_failed" });
    expect(json.body.fields[field]).toMatch(message);
    // the message is in the page, next to its field (HTML-escaped like any text)
    const escaped = json.body.fields[field].replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    expect(html.includes(escaped) || html.includes(json.body.fields[field])).toBe(true);
    expect(await counts(db)).toEqual(before);
  });

  test("a duplicate number → 400 «Đã có văn bản số …», nothing written", async () => {
    const db = getDb();
    const before = await counts(db);
    const form = directiveForm({ number: "24-CT/TU", issuedOn: "07/08/2023", ...taskRow(0, { content: "Không được giao vì trùng số.", leadUnitId: String(ids.snv), deadline: hanoiDay(9) }) });
    const json = await postData(NEW, "routes/directives.new", form);
    expect(json.status).toBe(400);
    expect(json.body.message).toBe("Số, ký hiệu văn bản bị trùng.");
    expect(json.body.fields.number).toMatch(/^Đã có văn bản số 24-CT\/TU của Ban Thường vụ Thành ủy năm 2023/);
    expect(await counts(db)).toEqual(before);
  });

  test("the body's HTML is sanitized: no script reaches the database or the page", async () => {
    const db = getDb();
    const form = directiveForm({ body: `<p>Toàn văn <em>an toàn</em></p><script>document.title="x"</script><p onmouseover="alert(1)">đoạn hai</p><a href="javascript:alert(1)">x</a>` });
    const res = await postForm(server.baseUrl, NEW, form, cookies.vanphong);
    expect(res.status).toBe(302);
    const id = Number(/^\/directives\/(\d+)/.exec(res.headers.get("location")!)![1]);
    const body = (await db.Directive.findByPk(id))!.body!;
    expect(body).toContain("<p>Toàn văn <em>an toàn</em></p>");
    expect(body).not.toMatch(/script|onmouseover|javascript:/);
    const page = await (await get(server.baseUrl, `/directives/${id}`, cookies.vanphong)).text();
    expect(page).toContain("<p>Toàn văn <em>an toàn</em></p>");
    expect(page).not.toContain('document.title="x"');
    expect(page).not.toContain("onmouseover");
  });

  test("a non-JS browser's plain-text body becomes paragraphs", async () => {
    const res = await postForm(server.baseUrl, NEW, directiveForm({ body: "Đoạn thứ nhất.\n\nĐoạn thứ hai & cuối." }), cookies.vanphong);
    expect(res.status).toBe(302);
    const id = Number(/^\/directives\/(\d+)/.exec(res.headers.get("location")!)![1]);
    expect((await getDb().Directive.findByPk(id))!.body).toBe("<p>Đoạn thứ nhất.</p><p>Đoạn thứ hai &amp; cuối.</p>");
  });
});

describe("editing with a stale form", () => {
  test("two secretaries edit the same directive: the second gets 409 saying what changed", async () => {
    const db = getDb();
    const created = await postForm(server.baseUrl, NEW, directiveForm({ number: "42-CT/TU", summary: "Về công tác phòng, chống thiên tai năm 2027" }), cookies.vanphong);
    const id = Number(/^\/directives\/(\d+)/.exec(created.headers.get("location")!)![1]);
    const edit = `/directives/${id}/edit`;
    const form = await (await get(server.baseUrl, edit, cookies.vanphong)).text();
    expect(form).toContain('name="version" value="1"');

    const first = await postForm(server.baseUrl, edit, directiveForm({ number: "42-CT/TU", summary: "Về công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2027", version: "1" }), cookies.vanphong);
    expect(first.status).toBe(302);
    expect(first.headers.get("location")).toBe(`/directives/${id}?updated=1`);

    const stale = await postForm(server.baseUrl, edit, directiveForm({ number: "42-CT/TU", summary: "Bản sửa dựa trên biểu mẫu cũ", version: "1" }), cookies.vanphong);
    expect(stale.status).toBe(409);
    const html = await stale.text();
    expect(html).toContain("Văn bản vừa được cập nhật bởi Trần Thu Hà");
    expect(html).toContain("Trích yếu: Về công tác phòng, chống thiên tai năm 2027 → Về công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2027");
    expect(html).toContain("Tải lại biểu mẫu với nội dung mới nhất");
    expect((await db.Directive.findByPk(id))!).toMatchObject({ summary: "Về công tác phòng, chống thiên tai và tìm kiếm cứu nạn năm 2027", version: 2 });
  });

  test("malformed edits → 400; unknown and malformed ids → 404", async () => {
    const d = (await getDb().Directive.findOne({ where: { number: "24", symbol: "CT/TU" } }))!;
    const bad = await postData(`/directives/${d.id}/edit`, "routes/directives.$id_.edit", directiveForm({ number: "24-CT/TU", issuedOn: "2023-08-07", version: "abc" }));
    expect(bad.status).toBe(400);
    expect(bad.body.fields.version).toBe("Phiên bản biểu mẫu không hợp lệ; vui lòng tải lại trang.");
    const missing = await postData(`/directives/${d.id}/edit`, "routes/directives.$id_.edit", directiveForm({ number: "24-CT/TU", issuedOn: "2023-08-07", version: "" }));
    expect(missing.status).toBe(400);
    expect(missing.body.fields.version).toMatch(/phiên bản.*biểu mẫu.*vui lòng tải lại trang/i);
    expect((await get(server.baseUrl, "/directives/999999/edit", cookies.vanphong)).status).toBe(404);
    expect((await get(server.baseUrl, "/directives/abc/edit", cookies.vanphong)).status).toBe(404);
    expect((await postForm(server.baseUrl, "/directives/abc/edit", directiveForm({ version: "1" }), cookies.vanphong)).status).toBe(404);
    expect((await postForm(server.baseUrl, "/directives/999999/edit", directiveForm({ version: "1" }), cookies.vanphong)).status).toBe(404);
  });
});

describe("the directive page: bulk assignment, validity, live updates", () => {
  test("«Giao nhiệm vụ» with several rows reaches the directive's room as task:changed", async () => {
    const db = getDb();
    const d = (await db.Directive.findOne({ where: { number: "24", symbol: "CT/TU" } }))!;
    const socket = connectSocket(server.baseUrl, cookies.chuyenvien);
    sockets.push(socket);
    await waitForConnect(socket);
    await expect(emitWithAck(socket, "room:join", { room: `directive:${d.id}` })).resolves.toEqual({ ok: true });
    const changed = waitForEvent<{ taskId: number; directiveId: number; change: string }>(socket, "task:changed");

    const before = await db.Task.count({ where: { directiveId: d.id } });
    const res = await postData(`/directives/${d.id}`, "routes/directives.$id", {
      intent: "assign",
      ...taskRow(0, { content: "Tổ chức hội nghị sơ kết Chỉ thị 24-CT/TU.", leadUnitId: ids.stttt, deadline: hanoiDay(20) }),
      ...emptyRow(1),
      ...taskRow(2, { content: "Tổng hợp kiến nghị của các quận về Chỉ thị.", leadUnitId: ids.badinh, coordinatingUnitIds: [ids.stttt], deadlineKind: "none" }),
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, message: "Đã giao 2 nhiệm vụ." });
    await expect(changed).resolves.toMatchObject({ directiveId: d.id, change: "created" });
    expect(await db.Task.count({ where: { directiveId: d.id } })).toBe(before + 2);
  });

  test("a bad row in the bulk form → 400 keyed by its row; no task is created", async () => {
    const db = getDb();
    const d = (await db.Directive.findOne({ where: { number: "24", symbol: "CT/TU" } }))!;
    const before = await counts(db);
    const res = await postData(`/directives/${d.id}`, "routes/directives.$id", {
      intent: "assign",
      ...taskRow(0, { content: "Nhiệm vụ hợp lệ nhưng đi cùng dòng lỗi.", leadUnitId: ids.stttt, deadline: hanoiDay(20) }),
      ...taskRow(1, { content: "Nhiệm vụ có thời hạn đã qua.", leadUnitId: ids.snv, deadline: hanoiDay(-1) }),
    });
    expect(res.status).toBe(400);
    expect(Object.keys(res.body.fields)).toEqual(["tasks[1].deadline"]);
    expect(await counts(db)).toEqual(before);
    const empty = await postData(`/directives/${d.id}`, "routes/directives.$id", { intent: "assign", ...emptyRow(0) });
    expect(empty.status).toBe(400);
    expect(empty.body.fields["tasks[0].content"]).toBe("Vui lòng nhập ít nhất một nhiệm vụ.");
    const unknown = await postData(`/directives/${d.id}`, "routes/directives.$id", { intent: "drop-table" });
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual({ intent: "Thao tác không hợp lệ." });
  });

  test("validity through the page; a stale status form is 409", async () => {
    const db = getDb();
    const created = await postForm(server.baseUrl, NEW, directiveForm({ number: "43-CT/TU" }), cookies.vanphong);
    const id = Number(/^\/directives\/(\d+)/.exec(created.headers.get("location")!)![1]);
    const successor = (await db.Directive.findOne({ where: { number: "24", symbol: "CT/TU" } }))!;
    const res = await postData(`/directives/${id}`, "routes/directives.$id", { intent: "status", status: "replaced", replacedById: String(successor.id), version: "1" });
    expect(res.status).toBe(200);
    expect(res.body.message).toBe("Đã cập nhật hiệu lực: được thay thế.");
    const page = await (await get(server.baseUrl, `/directives/${id}`, cookies.vanphong)).text();
    expect(page).toContain(`href="/directives/${successor.id}"`);
    const stale = await postData(`/directives/${id}`, "routes/directives.$id", { intent: "status", status: "expired", replacedById: "", version: "1" });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain("Hiệu lực: Còn hiệu lực → Được thay thế");
    const malformed = await postData(`/directives/${id}`, "routes/directives.$id", { intent: "status", status: "gone", version: "x" });
    expect(malformed.status).toBe(400);
    expect(malformed.body.fields).toMatchObject({ status: "Tình trạng hiệu lực không hợp lệ.", version: "Phiên bản biểu mẫu không hợp lệ; vui lòng tải lại trang." });
  });

  test("unknown and malformed directive ids → 404", async () => {
    for (const path of ["/directives/999999", "/directives/abc", "/directives/0", "/directives/1e3"]) {
      expect({ path, status: (await get(server.baseUrl, path, cookies.vanphong)).status }).toEqual({ path, status: 404 });
    }
    expect((await postForm(server.baseUrl, "/directives/999999", { intent: "assign", ...taskRow(0, { content: "Không có văn bản này.", leadUnitId: ids.snv, deadline: hanoiDay(5) }) }, cookies.vanphong)).status).toBe(404);
  });
});

describe("Tạo thông báo kết luận from a meeting", () => {
  test("?fromMeeting= pre-fills a TB from the meeting and its minutes' conclusions", async () => {
    const db = getDb();
    const tb = (await db.Directive.findOne({ where: { kind: "TB" } }))!;
    const meeting = (await db.Meeting.findByPk(tb.sourceMeetingId!))!;
    const res = await get(server.baseUrl, `/directives/new?fromMeeting=${meeting.id}`, cookies.vanphong);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("Tạo thông báo kết luận");
    expect(html).toContain('<option value="TB" selected="">');
    expect(html).toContain("Kết luận của đồng chí Nguyễn Văn Minh, Chủ tịch UBND Thành phố tại phiên họp");
    expect(html).toContain("Sở Tài chính chủ trì, phối hợp Sở Kế hoạch và Đầu tư");
    expect(html).toContain(`value="${meeting.id}" selected=""`);
  });

  test("an unknown or malformed meeting → 404; staff → 403", async () => {
    expect((await get(server.baseUrl, "/directives/new?fromMeeting=999999", cookies.vanphong)).status).toBe(404);
    expect((await get(server.baseUrl, "/directives/new?fromMeeting=abc", cookies.vanphong)).status).toBe(404);
    expect((await get(server.baseUrl, "/directives/new?fromMeeting=1", cookies.chuyenvien)).status).toBe(403);
  });
});

describe("the register's filters over HTTP", () => {
  test("kind, number search, year and sort; malformed filters are ignored, never an error", async () => {
    const db = getDb();
    const link = async (number: string, symbol: string) => `href="/directives/${(await db.Directive.findOne({ where: { number, symbol } }))!.id}"`;
    const [ct24, kl86, tb512] = [await link("24", "CT/TU"), await link("86", "KL/BCSĐ"), await link("512", "TB-VP")];
    const kl = await html(await get(server.baseUrl, "/directives?kind=KL", cookies.vanphong));
    expect(kl).toContain(kl86);
    expect(kl).not.toContain(ct24);
    const byNumber = await html(await get(server.baseUrl, `/directives?q=${encodeURIComponent("24-CT/TU")}`, cookies.vanphong));
    expect(byNumber).toContain(ct24);
    expect(byNumber).toContain("1 văn bản phù hợp điều kiện lọc");
    const y2023 = await html(await get(server.baseUrl, "/directives?year=2023", cookies.vanphong));
    expect(y2023).toContain(ct24);
    expect(y2023).not.toContain(tb512);
    for (const q of ["?year=abc", "?kind=ZZ", "?sort=drop", "?page=-1", "?page=99999999", `?q=${"%".repeat(300)}`, "?issuer=%25_%5C"]) {
      const res = await get(server.baseUrl, `/directives${q}`, cookies.vanphong);
      expect({ q, status: res.status }).toEqual({ q, status: 200 });
    }
  });
});
