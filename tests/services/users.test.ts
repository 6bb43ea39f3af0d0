import type { Db } from "../../models";
import type { Actor } from "../../app/policies";
import { userCreateSchema, userFilterSchema, userPasswordSchema, userUpdateSchema } from "../../app/schemas/admin";
import { createUser, getUserForAdmin, listUsers, resetUserPassword, setUserActive, updateUser, USER_PAGE_SIZE } from "../../app/services/users.server";
import { verifyPassword } from "../../app/lib/password.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;
let admin: Actor;
let secretariat: Actor;
let unitId: number;

const issues = (r: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  // like parseWith: the first message of each field wins
  (r.error?.issues ?? []).reduce<Record<string, string>>((acc, i) => ((acc[i.path.join(".")] ??= i.message), acc), {});
const newUser = (over: Record<string, unknown> = {}) =>
  userCreateSchema.parse({ username: "nguyenvana", fullName: "Nguyễn Văn A", title: "", email: "", phone: "", unitId: String(unitId), roles: "staff", password: "MatKhau123", confirmPassword: "MatKhau123", ...over });

beforeAll(async () => {
  db = await resetDatabase();
  const unit = await f.createUnit(db, { name: "Sở Nội vụ" });
  unitId = unit.id;
  const a = await f.createUser(db, { roles: ["admin"], fullName: "Quản trị" });
  const s = await f.createUser(db, { roles: ["secretariat"], fullName: "Văn phòng" });
  admin = { id: a.id, roles: ["admin"], unitId: null };
  secretariat = { id: s.id, roles: ["secretariat"], unitId: null };
});
afterAll(() => closeDb());

describe("user schemas", () => {
  test("username rule, roles from checkboxes, optional email", () => {
    const ok = newUser({ username: "  Tran.Thi_B-2 ", roles: ["member", "staff", "member"], email: " b@hanoi.gov.vn " });
    expect(ok).toMatchObject({ username: "tran.thi_b-2", roles: ["member", "staff"], email: "b@hanoi.gov.vn", title: null, phone: null, unitId });

    expect(issues(userCreateSchema.safeParse({ username: "ab", fullName: "", roles: [], password: "short", confirmPassword: "x", email: "không-phải-email", phone: "abc" }))).toMatchObject({
      username: "Tên đăng nhập phải từ 3 đến 64 ký tự.",
      fullName: "Vui lòng nhập họ và tên.",
      roles: "Chọn ít nhất một vai trò.",
      password: "Mật khẩu phải có ít nhất 8 ký tự.",
      email: "Thư điện tử không hợp lệ.",
      phone: "Số điện thoại không hợp lệ.",
    });
    expect(issues(userCreateSchema.safeParse({ username: "nguyễn", fullName: "A", roles: "staff", password: "MatKhau123", confirmPassword: "MatKhau123" }))).toMatchObject({
      username: expect.stringMatching(/chữ thường không dấu/),
    });
    expect(issues(userCreateSchema.safeParse({ username: "abc", fullName: "A", roles: "god", password: "MatKhau123", confirmPassword: "MatKhau123" }))).toEqual({ roles: "Vai trò không hợp lệ." });
    expect(issues(userCreateSchema.safeParse({ username: "abc", fullName: "A", roles: "staff", password: "MatKhau123", confirmPassword: "MatKhau124" }))).toEqual({
      confirmPassword: "Mật khẩu nhập lại không khớp.",
    });
    expect(issues(userUpdateSchema.safeParse({ fullName: "A", roles: "staff", unitId: "12abc" }))).toEqual({ unitId: "Đơn vị không hợp lệ." });
    expect(issues(userPasswordSchema.safeParse({ password: "abcdefgh", confirmPassword: "abcdefgh" }))).toEqual({ password: "Mật khẩu phải có ít nhất một chữ số." });
  });

  test("a bad query string falls back to no filter", () => {
    expect(userFilterSchema.parse({ q: " lan ", unitId: "x", role: "king", status: "??", page: "-3" })).toEqual({ q: "lan", unitId: null, role: null, status: "all", page: 1 });
    expect(userFilterSchema.parse({})).toEqual({ q: "", unitId: null, role: null, status: "all", page: 1 });
  });
});

describe("user administration", () => {
  test("create, duplicate username, update, lock, reset password — each audited", async () => {
    const created = await createUser({ actor: admin, input: newUser() });
    expect(await db.AuditEvent.count({ where: { action: "user.create", entityId: created.id } })).toBe(1);

    const before = { users: await db.User.count(), audits: await db.AuditEvent.count() };
    await expect(createUser({ actor: admin, input: newUser({ username: "NguyenVanA" }) })).rejects.toMatchObject({ fields: { username: "Tên đăng nhập đã được sử dụng." } });
    await expect(createUser({ actor: admin, input: newUser({ username: "khac", unitId: "999999" }) })).rejects.toMatchObject({ status: 400, fields: { unitId: "Đơn vị không tồn tại." } });
    await expect(createUser({ actor: secretariat, input: newUser({ username: "khac2" }) })).rejects.toMatchObject({ status: 403 });
    expect({ users: await db.User.count(), audits: await db.AuditEvent.count() }).toEqual(before);

    await updateUser({ actor: admin, userId: created.id, input: userUpdateSchema.parse({ fullName: "Nguyễn Văn An", title: "Chuyên viên", roles: ["staff", "member"], unitId: "" }) });
    const detail = await getUserForAdmin({ actor: admin, userId: created.id });
    expect(detail).toMatchObject({ fullName: "Nguyễn Văn An", title: "Chuyên viên", roles: ["member", "staff"], unitId: null, active: true, isSelf: false });
    expect(detail).not.toHaveProperty("passwordHash");

    await setUserActive({ actor: admin, userId: created.id, active: false });
    expect((await db.User.findByPk(created.id))!.active).toBe(false);
    expect(await db.AuditEvent.count({ where: { action: "user.deactivate", entityId: created.id } })).toBe(1);

    await resetUserPassword({ actor: admin, userId: created.id, newPassword: "MatKhauMoi456" });
    expect(await verifyPassword((await db.User.findByPk(created.id))!.passwordHash, "MatKhauMoi456")).toBe(true);
    expect(await db.AuditEvent.count({ where: { action: "user.reset_password", entityId: created.id } })).toBe(1);
  });

  test("an admin cannot lock themselves", async () => {
    await expect(setUserActive({ actor: admin, userId: admin.id, active: false })).rejects.toMatchObject({ status: 400 });
  });

  test("list: search, unit and role filters, pagination, plain objects", async () => {
    const ward = await f.createUnit(db, { name: "UBND phường Kim Mã", kind: "ward" });
    for (let i = 0; i < USER_PAGE_SIZE + 3; i++) await f.createUser(db, { fullName: `Cán bộ phường ${String(i).padStart(2, "0")}`, unitId: ward.id, roles: ["staff"] });
    await f.createUser(db, { username: "lanh.dao.kimma", fullName: "Lãnh đạo phường", unitId: ward.id, roles: ["leader"] });

    const page1 = await listUsers({ actor: admin, filter: { unitId: ward.id } });
    expect(page1).toMatchObject({ total: USER_PAGE_SIZE + 4, page: 1, pageCount: 2 });
    expect(page1.users).toHaveLength(USER_PAGE_SIZE);
    expect(Object.getPrototypeOf(page1.users[0])).toBe(Object.prototype);
    const page2 = await listUsers({ actor: admin, filter: { unitId: ward.id, page: 2 } });
    expect(page2.users).toHaveLength(4);
    // a page past the end shows the last page rather than nothing
    expect((await listUsers({ actor: admin, filter: { unitId: ward.id, page: 99 } })).page).toBe(2);

    const leaders = await listUsers({ actor: admin, filter: { unitId: ward.id, role: "leader" } });
    expect(leaders.users.map((u) => u.username)).toEqual(["lanh.dao.kimma"]);
    expect((await listUsers({ actor: admin, filter: { q: "dao.kim" } })).users.map((u) => u.username)).toEqual(["lanh.dao.kimma"]);
    expect((await listUsers({ actor: admin, filter: { q: "phường 07" } })).users.map((u) => u.fullName)).toEqual(["Cán bộ phường 07"]);
    expect((await listUsers({ actor: admin, filter: { status: "inactive" } })).users.every((u) => !u.active)).toBe(true);
    await expect(listUsers({ actor: secretariat, filter: {} })).rejects.toMatchObject({ status: 403 });
  });
});
