// Who may open and change each admin page, over real HTTP against the demo seed.
// Every cell of the matrix is an exact status; a refused POST must leave the
// database exactly as it was.
import { getDb } from "../../models";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";

const USERS = ["admin", "vanphong", "chutich", "thanhvien", "chuyenvien", "badinh"] as const;
type Who = (typeof USERS)[number] | "anonymous";
const EVERYONE: Who[] = [...USERS, "anonymous"];

const ADMIN_ONLY = new Set<Who>(["admin"]);
const ADMIN_AND_SECRETARIAT = new Set<Who>(["admin", "vanphong"]);

/** 200 for the allowed, 403 for other signed-in people, 302 to /login for visitors. */
function expected(who: Who, allowed: Set<Who>, success = 200) {
  if (who === "anonymous") return 302;
  return allowed.has(who) ? success : 403;
}

let server: TestServer;
const cookies = {} as Record<Who, string | undefined>;
const ids = { unit: 0, user: 0, body: 0, room: 0, candidates: [] as number[] };
/** Each allowed person adds a different non-member; everyone else tries a third one. */
const candidateFor = (who: Who) => ids.candidates[who === "admin" ? 0 : who === "vanphong" ? 1 : 2];

async function snapshot() {
  const db = getDb();
  const [units, users, bodies, memberships, rooms, audits, titles] = await Promise.all([
    db.Unit.count(),
    db.User.count(),
    db.Body.count(),
    db.BodyMembership.count(),
    db.Room.count(),
    db.AuditEvent.count(),
    db.User.findAll({ attributes: ["id", "title", "active"], order: [["id", "ASC"]], raw: true }),
  ]);
  return { units, users, bodies, memberships, rooms, audits, titles };
}

beforeAll(async () => {
  server = await startTestServer();
  for (const u of USERS) cookies[u] = await signInAs(server.baseUrl, u);
  cookies.anonymous = undefined;
  const db = getDb();
  ids.unit = (await db.Unit.findOne({ where: { code: "SNV" } }))!.id;
  ids.user = (await db.User.findOne({ where: { username: "chuyenvien" } }))!.id;
  ids.body = (await db.Body.findOne({ where: { code: "UBND-TP" } }))!.id;
  ids.room = (await db.Room.findOne({ order: [["id", "ASC"]] }))!.id;
  const memberIds = (await db.BodyMembership.findAll({ where: { bodyId: ids.body } })).map((m) => m.userId);
  ids.candidates = (await db.User.findAll({ where: { active: true }, order: [["id", "ASC"]] })).filter((u) => !memberIds.includes(u.id)).map((u) => u.id);
  expect(ids.candidates.length).toBeGreaterThanOrEqual(3);
});
afterAll(async () => {
  await server?.stop();
});

describe("GET: every admin page, every demo role", () => {
  const pages: Array<{ label: string; path: () => string; allowed: Set<Who> }> = [
    { label: "/admin", path: () => "/admin", allowed: ADMIN_AND_SECRETARIAT },
    { label: "/admin/units", path: () => "/admin/units", allowed: ADMIN_ONLY },
    { label: "/admin/units?edit=:id", path: () => `/admin/units?edit=${ids.unit}`, allowed: ADMIN_ONLY },
    { label: "/admin/users", path: () => "/admin/users", allowed: ADMIN_ONLY },
    { label: "/admin/users?q=…&role=…&page=2", path: () => "/admin/users?q=nguy%E1%BB%85n&role=leader&page=2", allowed: ADMIN_ONLY },
    { label: "/admin/users/new", path: () => "/admin/users/new", allowed: ADMIN_ONLY },
    { label: "/admin/users/:id", path: () => `/admin/users/${ids.user}`, allowed: ADMIN_ONLY },
    { label: "/admin/bodies", path: () => "/admin/bodies", allowed: ADMIN_AND_SECRETARIAT },
    { label: "/admin/bodies/new", path: () => "/admin/bodies/new", allowed: ADMIN_AND_SECRETARIAT },
    { label: "/admin/bodies/:id", path: () => `/admin/bodies/${ids.body}`, allowed: ADMIN_AND_SECRETARIAT },
    { label: "/admin/rooms", path: () => "/admin/rooms", allowed: ADMIN_AND_SECRETARIAT },
    { label: "/admin/rooms?edit=:id", path: () => `/admin/rooms?edit=${ids.room}`, allowed: ADMIN_AND_SECRETARIAT },
  ];

  // ids are only known once the seed ran, hence the lazy paths
  const cases = pages.flatMap((p, i) => EVERYONE.map((who) => [p.label, who, i] as const));
  test.each(cases)("GET %s as %s", async (_label, who, i) => {
    const page = pages[i];
    const path = page.path();
    const res = await get(server.baseUrl, path, cookies[who]);
    const status = expected(who, page.allowed);
    expect({ path, who, status: res.status }).toEqual({ path, who, status });
    const html = await res.text();
    if (status === 302) expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    if (status === 403) expect(html).toContain("Bạn không có quyền truy cập nội dung này.");
    if (status === 200) expect(html).toContain('lang="vi"');
  });

  test("the overview shows only the sections the user manages", async () => {
    const asAdmin = await (await get(server.baseUrl, "/admin", cookies.admin)).text();
    for (const label of ["/admin/units", "/admin/users", "/admin/bodies", "/admin/rooms"]) expect(asAdmin).toContain(`href="${label}"`);
    const asSecretariat = await (await get(server.baseUrl, "/admin", cookies.vanphong)).text();
    expect(asSecretariat).toContain('href="/admin/bodies"');
    expect(asSecretariat).toContain('href="/admin/rooms"');
    expect(asSecretariat).not.toContain('href="/admin/units"');
    expect(asSecretariat).not.toContain('href="/admin/users"');
  });
});

describe("POST: a representative change per section, every demo role", () => {
  type Post = {
    name: string;
    path: () => string;
    form: (who: Who) => Record<string, string | string[]>;
    allowed: Set<Who>;
    success: number;
    /** the row the change would leave behind */
    written: (who: Who) => Promise<boolean>;
  };
  const db = () => getDb();
  const posts: Post[] = [
    {
      name: "create unit",
      path: () => "/admin/units",
      form: (who) => ({ intent: "create", code: `MT-${who}`, name: `Đơn vị ma trận ${who}`, kind: "department", parentId: "", position: "0" }),
      allowed: ADMIN_ONLY,
      success: 200,
      written: async (who) => (await db().Unit.count({ where: { code: `MT-${who}` } })) > 0,
    },
    {
      name: "create user",
      path: () => "/admin/users/new",
      form: (who) => ({
        username: `mt.${who}`,
        fullName: `Người dùng ${who}`,
        title: "",
        email: "",
        phone: "",
        unitId: String(ids.unit),
        roles: ["staff", "member"],
        password: "MatKhau2024",
        confirmPassword: "MatKhau2024",
      }),
      allowed: ADMIN_ONLY,
      success: 302,
      written: async (who) => (await db().User.count({ where: { username: `mt.${who}` } })) > 0,
    },
    {
      name: "edit user",
      path: () => `/admin/users/${ids.user}`,
      form: (who) => ({ intent: "update", fullName: "Phạm Quang Huy", title: `Chức vụ ${who}`, email: "", phone: "", unitId: String(ids.unit), roles: "staff" }),
      allowed: ADMIN_ONLY,
      success: 200,
      written: async (who) => (await db().User.findByPk(ids.user))!.title === `Chức vụ ${who}`,
    },
    {
      name: "create body",
      path: () => "/admin/bodies/new",
      form: (who) => ({ code: `MT-${who}`, name: `Hội đồng ${who}`, kind: "state", quorumNumerator: "2", quorumDenominator: "3", description: "", hostUnitId: "" }),
      allowed: ADMIN_AND_SECRETARIAT,
      success: 302,
      written: async (who) => (await db().Body.count({ where: { code: `MT-${who}` } })) > 0,
    },
    {
      name: "add body member",
      path: () => `/admin/bodies/${ids.body}`,
      form: (who) => ({ intent: "add_member", userId: String(candidateFor(who)), role: "member" }),
      allowed: ADMIN_AND_SECRETARIAT,
      success: 200,
      written: async (who) => (await db().BodyMembership.count({ where: { bodyId: ids.body, userId: candidateFor(who) } })) > 0,
    },
    {
      name: "create room",
      path: () => "/admin/rooms",
      form: (who) => ({ intent: "create", name: `Phòng ma trận ${who}`, location: "", capacity: "40", equipment: "" }),
      allowed: ADMIN_AND_SECRETARIAT,
      success: 200,
      written: async (who) => (await db().Room.count({ where: { name: `Phòng ma trận ${who}` } })) > 0,
    },
  ];

  const cases = posts.flatMap((p, i) => EVERYONE.map((who) => [p.name, who, i] as const));
  test.each(cases)("POST %s as %s", async (_name, who, i) => {
    const post = posts[i];
    const before = await snapshot();
    const res = await postForm(server.baseUrl, post.path(), post.form(who), cookies[who]);
    const status = expected(who, post.allowed, post.success);
    expect({ who, status: res.status }).toEqual({ who, status });
    if (status === 302 && who === "anonymous") expect(res.headers.get("location")).toMatch(/^\/login\?next=/);
    if (res.status === 200 || (res.status === 302 && who !== "anonymous")) {
      expect(await post.written(who)).toBe(true);
    } else {
      expect(await snapshot()).toEqual(before);
      expect(await post.written(who)).toBe(false);
    }
  });

  test("the secretariat adding a member who is already in the body gets a clear 409, nothing written", async () => {
    const before = await snapshot();
    const res = await postForm(server.baseUrl, `/admin/bodies/${ids.body}?_data=routes%2Fadmin.bodies.%24id`, { intent: "add_member", userId: String(candidateFor("admin")), role: "secretary" }, cookies.vanphong);
    expect(res.status).toBe(409);
    expect((await res.json()).fields).toEqual({ userId: "Người này đã là thành viên của cơ quan họp." });
    expect(await snapshot()).toEqual(before);
  });

  test("a successful change writes its audit event", async () => {
    const db = getDb();
    const admin = await db.User.findOne({ where: { username: "admin" } });
    const vp = await db.User.findOne({ where: { username: "vanphong" } });
    expect(await db.AuditEvent.count({ where: { action: "unit.create", actorId: admin!.id } })).toBe(1);
    expect(await db.AuditEvent.count({ where: { action: "room.create", actorId: vp!.id } })).toBe(1);
    expect(await db.AuditEvent.count({ where: { action: "body.member_add", actorId: admin!.id, entityId: ids.body } })).toBe(1);
  });
});
