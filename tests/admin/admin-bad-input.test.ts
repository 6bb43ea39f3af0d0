// Bad input on admin forms: 400 (field messages in Vietnamese, next to the
// field), 404 for ids that are not numbers or not there, 409 for a taken name;
// never a 500, and nothing is written.
import { getDb } from "../../models";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
let admin: string;
let secretariat: string;
const ids = { unit: 0, user: 0, body: 0, room: 0 };

async function snapshot() {
  const db = getDb();
  const [units, users, bodies, memberships, rooms, audits, people] = await Promise.all([
    db.Unit.count(),
    db.User.count(),
    db.Body.count(),
    db.BodyMembership.count(),
    db.Room.count(),
    db.AuditEvent.count(),
    db.User.findAll({ attributes: ["id", "fullName", "title", "unitId", "roles", "active", "passwordHash"], order: [["id", "ASC"]], raw: true }),
  ]);
  return { units, users, bodies, memberships, rooms, audits, people };
}

/** The route's own data request: the action's JSON with its status. */
async function postData(path: string, routeId: string, form: Record<string, string | string[]>, cookie = admin) {
  const sep = path.includes("?") ? "&" : "?";
  const res = await postForm(server.baseUrl, `${path}${sep}_data=${encodeURIComponent(routeId)}`, form, cookie);
  const body = (await res.json()) as { ok: boolean; message: string; fields?: Record<string, string> };
  return { status: res.status, body };
}

const validUser = () => ({
  username: "nguyen.van.moi",
  fullName: "Nguyễn Văn Mới",
  title: "Chuyên viên",
  email: "moi@hanoi.gov.vn",
  phone: "",
  unitId: String(ids.unit),
  roles: "staff",
  password: "MatKhau2024",
  confirmPassword: "MatKhau2024",
});

beforeAll(async () => {
  server = await startTestServer();
  admin = await signInAs(server.baseUrl, "admin");
  secretariat = await signInAs(server.baseUrl, "vanphong");
  const db = getDb();
  ids.unit = (await db.Unit.findOne({ where: { code: "STTTT" } }))!.id;
  ids.user = (await db.User.findOne({ where: { username: "badinh" } }))!.id;
  ids.body = (await db.Body.findOne({ where: { code: "UBND-TP" } }))!.id;
  ids.room = (await db.Room.findOne({ order: [["id", "ASC"]] }))!.id;
});
afterAll(async () => {
  await server?.stop();
});

let before: Awaited<ReturnType<typeof snapshot>>;
beforeEach(async () => {
  before = await snapshot();
});
afterEach(async () => {
  // every case in this file is refused: the database must be untouched
  expect(await snapshot()).toEqual(before);
});

describe("400 with field messages", () => {
  test("empty unit name (document request shows the message next to the field)", async () => {
    const res = await postForm(server.baseUrl, "/admin/units", { intent: "create", code: "SO-MOI", name: "  ", kind: "department", parentId: "", position: "" }, admin);
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toMatch(/aria-invalid="true"[^>]*aria-describedby="f-name-error[^"]*"|aria-describedby="f-name-error[^"]*"[^>]*aria-invalid="true"/);
    expect(html).toContain('<p id="f-name-error" class="field-error">Vui lòng nhập tên đơn vị.</p>');
  });

  test("unit: unknown kind, non-numeric parent, unknown parent, parent cycle", async () => {
    let r = await postData("/admin/units", "routes/admin.units", { intent: "create", code: "SO-MOI", name: "Sở Mới", kind: "planet", parentId: "abc" });
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual({ kind: "Vui lòng chọn loại đơn vị.", parentId: "Đơn vị cấp trên không hợp lệ." });

    r = await postData("/admin/units", "routes/admin.units", { intent: "create", code: "SO-MOI", name: "Sở Mới", kind: "department", parentId: "999999" });
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { parentId: "Đơn vị cấp trên không tồn tại." } }) });

    const db = getDb();
    const district = await db.Unit.findOne({ where: { code: "Q-BADINH" } });
    const ward = await db.Unit.findOne({ where: { parentId: district!.id } });
    r = await postData("/admin/units", "routes/admin.units", { intent: "update", id: String(district!.id), code: "Q-BADINH", name: district!.name, kind: "district", parentId: String(ward!.id) });
    expect(r.status).toBe(400);
    expect(r.body.fields?.parentId).toMatch(/vòng lặp/);
  });

  test("user: empty name, bad username, bad email, no role, weak password", async () => {
    const r = await postData("/admin/users/new", "routes/admin.users.new", { ...validUser(), fullName: "", username: "Ng", email: "a@", roles: [], password: "abc" } as Record<string, string | string[]>);
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual({
      username: "Tên đăng nhập phải từ 3 đến 64 ký tự.",
      fullName: "Vui lòng nhập họ và tên.",
      email: "Thư điện tử không hợp lệ.",
      roles: "Chọn ít nhất một vai trò.",
      password: "Mật khẩu phải có ít nhất 8 ký tự.",
    });
  });

  test("user: unknown unit id is a field error, and a non-numeric one too", async () => {
    let r = await postData("/admin/users/new", "routes/admin.users.new", { ...validUser(), unitId: "999999" });
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { unitId: "Đơn vị không tồn tại." } }) });
    r = await postData("/admin/users/new", "routes/admin.users.new", { ...validUser(), unitId: "12abc" });
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { unitId: "Đơn vị không hợp lệ." } }) });
    r = await postData(`/admin/users/${ids.user}`, "routes/admin.users.$id", { intent: "update", fullName: "Đỗ Thị Lan", roles: "staff", unitId: "99999999999" });
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { unitId: "Đơn vị không hợp lệ." } }) });
  });

  test("user: reset password with a mismatch; the admin cannot lock themselves", async () => {
    let r = await postData(`/admin/users/${ids.user}`, "routes/admin.users.$id", { intent: "reset_password", password: "MatKhau2024", confirmPassword: "MatKhau2025" });
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { confirmPassword: "Mật khẩu nhập lại không khớp." } }) });
    const self = (await getDb().User.findOne({ where: { username: "admin" } }))!.id;
    r = await postData(`/admin/users/${self}`, "routes/admin.users.$id", { intent: "set_active", active: "false" });
    expect(r.status).toBe(400);
    expect(r.body.fields?._form).toBe("Bạn không thể tự khóa tài khoản của chính mình.");
  });

  test("body: quorum out of range or upside down", async () => {
    const form = { code: "HD-MOI", name: "Hội đồng mới", kind: "state", description: "", hostUnitId: "" };
    let r = await postData("/admin/bodies/new", "routes/admin.bodies.new", { ...form, quorumNumerator: "3", quorumDenominator: "2" }, secretariat);
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { quorumNumerator: "Tử số không được lớn hơn mẫu số." } }) });
    r = await postData("/admin/bodies/new", "routes/admin.bodies.new", { ...form, quorumNumerator: "0", quorumDenominator: "101" }, secretariat);
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual({ quorumNumerator: "Tử số phải là số nguyên từ 1 đến 100.", quorumDenominator: "Mẫu số phải là số nguyên từ 1 đến 100." });
    r = await postData("/admin/bodies/new", "routes/admin.bodies.new", { ...form, quorumNumerator: "2", quorumDenominator: "3", hostUnitId: "424242" }, secretariat);
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { hostUnitId: "Đơn vị chủ trì không tồn tại." } }) });
  });

  test("room: empty name, capacity not a number or out of range", async () => {
    const r = await postData("/admin/rooms", "routes/admin.rooms", { intent: "create", name: "", capacity: "nhiều" }, secretariat);
    expect(r.status).toBe(400);
    expect(r.body.fields).toEqual({ name: "Vui lòng nhập tên phòng họp.", capacity: "Sức chứa phải là số nguyên từ 1 đến 2000." });
    const r2 = await postData("/admin/rooms", "routes/admin.rooms", { intent: "create", name: "Hội trường", capacity: "2001" }, secretariat);
    expect(r2.body.fields).toEqual({ capacity: "Sức chứa phải là số nguyên từ 1 đến 2000." });
  });

  test("an unknown intent", async () => {
    const r = await postData("/admin/rooms", "routes/admin.rooms", { intent: "drop_table" }, secretariat);
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { intent: "Thao tác không hợp lệ." } }) });
  });
});

describe("409 for a taken name", () => {
  test("duplicate username (any case) is a field error", async () => {
    const r = await postData("/admin/users/new", "routes/admin.users.new", { ...validUser(), username: "ChuTich" });
    expect(r.status).toBe(409);
    expect(r.body.fields).toEqual({ username: "Tên đăng nhập đã được sử dụng." });
    const html = await (await postForm(server.baseUrl, "/admin/users/new", { ...validUser(), username: "chutich" }, admin)).text();
    expect(html).toContain('<p id="f-username-error" class="field-error">Tên đăng nhập đã được sử dụng.</p>');
  });

  test("duplicate unit code, body code, room name", async () => {
    const unit = await postData("/admin/units", "routes/admin.units", { intent: "create", code: "stttt", name: "Trùng mã", kind: "department" });
    expect(unit).toEqual({ status: 409, body: expect.objectContaining({ fields: { code: "Mã đơn vị đã được sử dụng." } }) });
    const body = await postData("/admin/bodies/new", "routes/admin.bodies.new", { code: "ubnd-tp", name: "Trùng", kind: "state", quorumNumerator: "2", quorumDenominator: "3" });
    expect(body).toEqual({ status: 409, body: expect.objectContaining({ fields: { code: "Mã cơ quan họp đã được sử dụng." } }) });
    const roomName = (await getDb().Room.findByPk(ids.room))!.name;
    const room = await postData("/admin/rooms", "routes/admin.rooms", { intent: "create", name: roomName.toUpperCase(), capacity: "10" });
    expect(room).toEqual({ status: 409, body: expect.objectContaining({ fields: { name: "Tên phòng họp đã được sử dụng." } }) });
  });
});

describe("404 for ids that are not numbers or not there", () => {
  test.each([
    "/admin/users/abc",
    "/admin/users/0",
    "/admin/users/1e3",
    "/admin/users/99999999999",
    "/admin/users/999999",
    "/admin/bodies/abc",
    "/admin/bodies/999999",
    "/admin/units?edit=abc",
    "/admin/units?edit=999999",
    "/admin/rooms?edit=-1",
    "/admin/rooms?edit=999999",
  ])("GET %s", async (path) => {
    const res = await get(server.baseUrl, path, admin);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Không tìm thấy");
    expect(html).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  test("POST to a non-numeric or unknown id", async () => {
    const update = { intent: "update", fullName: "Ai đó", roles: "staff", unitId: "" };
    expect((await postData("/admin/users/abc", "routes/admin.users.$id", update)).status).toBe(404);
    expect((await postData("/admin/users/999999", "routes/admin.users.$id", update)).status).toBe(404);
    expect((await postData("/admin/users/999999", "routes/admin.users.$id", { intent: "reset_password", password: "MatKhau2024", confirmPassword: "MatKhau2024" })).status).toBe(404);
    const body = { intent: "update", code: "X", name: "X", kind: "state", quorumNumerator: "2", quorumDenominator: "3" };
    expect((await postData("/admin/bodies/x1", "routes/admin.bodies.$id", body)).status).toBe(404);
    expect((await postData("/admin/bodies/999999", "routes/admin.bodies.$id", body)).status).toBe(404);
    expect((await postData(`/admin/bodies/${ids.body}`, "routes/admin.bodies.$id", { intent: "remove_member", membershipId: "999999" })).status).toBe(404);
    expect((await postData("/admin/units", "routes/admin.units", { intent: "set_active", id: "999999", active: "false" })).status).toBe(404);
    expect((await postData("/admin/rooms", "routes/admin.rooms", { intent: "update", id: "999999", name: "Phòng", capacity: "10" })).status).toBe(404);
    // a non-numeric id inside a form is a field error, not a crash
    const r = await postData("/admin/rooms", "routes/admin.rooms", { intent: "set_active", id: "abc", active: "maybe" });
    expect(r).toEqual({ status: 400, body: expect.objectContaining({ fields: { id: "Phòng họp không hợp lệ.", active: "Trạng thái không hợp lệ." } }) });
  });
});
