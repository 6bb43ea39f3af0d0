import type { Db } from "../../models";
import type { Actor } from "../../app/policies";
import { bodySchema, memberAddSchema } from "../../app/schemas/admin";
import {
  addBodyMember,
  changeBodyMemberRole,
  createBody,
  getBodyDetail,
  listBodies,
  removeBodyMember,
  setBodyActive,
  updateBody,
  type BodyFormInput,
} from "../../app/services/bodies.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;
let admin: Actor;
let secretariat: Actor;
let leader: Actor;

const input = (over: Partial<BodyFormInput> = {}): BodyFormInput => ({
  code: "HD-X",
  name: "Hội đồng thử nghiệm",
  kind: "state",
  quorumNumerator: 2,
  quorumDenominator: 3,
  description: null,
  hostUnitId: null,
  ...over,
});
const issues = (r: { success: boolean; error?: { issues: { path: (string | number)[]; message: string }[] } }) =>
  // like parseWith: the first message of each field wins
  (r.error?.issues ?? []).reduce<Record<string, string>>((acc, i) => ((acc[i.path.join(".")] ??= i.message), acc), {});

beforeAll(async () => {
  db = await resetDatabase();
  const a = await f.createUser(db, { roles: ["admin"] });
  const s = await f.createUser(db, { roles: ["secretariat"] });
  const l = await f.createUser(db, { roles: ["leader"] });
  admin = { id: a.id, roles: ["admin"], unitId: null };
  secretariat = { id: s.id, roles: ["secretariat"], unitId: null };
  leader = { id: l.id, roles: ["leader"], unitId: null };
});
afterAll(() => closeDb());

describe("body schema", () => {
  test("quorum 1 ≤ numerator ≤ denominator ≤ 100", () => {
    const base = { code: "UBND-TP", name: "UBND Thành phố", kind: "state", description: "", hostUnitId: "" };
    expect(bodySchema.safeParse({ ...base, quorumNumerator: "2", quorumDenominator: "3" }).success).toBe(true);
    expect(bodySchema.safeParse({ ...base, quorumNumerator: "1", quorumDenominator: "1" }).success).toBe(true);
    expect(issues(bodySchema.safeParse({ ...base, quorumNumerator: "3", quorumDenominator: "2" }))).toEqual({ quorumNumerator: "Tử số không được lớn hơn mẫu số." });
    expect(issues(bodySchema.safeParse({ ...base, quorumNumerator: "0", quorumDenominator: "101" }))).toEqual({
      quorumNumerator: "Tử số phải là số nguyên từ 1 đến 100.",
      quorumDenominator: "Mẫu số phải là số nguyên từ 1 đến 100.",
    });
    expect(issues(bodySchema.safeParse({ ...base, kind: "club", quorumNumerator: "x", quorumDenominator: "3" }))).toMatchObject({
      kind: "Vui lòng chọn loại cơ quan họp.",
      quorumNumerator: expect.stringMatching(/số nguyên/),
    });
  });

  test("member form requires a user and a known role", () => {
    expect(issues(memberAddSchema.safeParse({ userId: "", role: "boss" }))).toEqual({
      userId: "Vui lòng chọn người dùng.",
      role: "Vui lòng chọn vai trò trong cơ quan họp.",
    });
  });
});

describe("bodies", () => {
  test("secretariat creates and edits a body; audited before/after", async () => {
    const unit = await f.createUnit(db);
    const { id } = await createBody({ actor: secretariat, input: input({ code: "BCD-1", hostUnitId: unit.id }) });
    const [created] = await db.AuditEvent.findAll({ where: { action: "body.create", entityId: id } });
    expect(created.actorId).toBe(secretariat.id);
    expect(created.after).toMatchObject({ code: "BCD-1", quorumNumerator: 2, quorumDenominator: 3, hostUnitId: unit.id });

    await updateBody({ actor: admin, bodyId: id, input: input({ code: "BCD-1", name: "Ban Chỉ đạo", kind: "party", quorumNumerator: 1, quorumDenominator: 2 }) });
    const [updated] = await db.AuditEvent.findAll({ where: { action: "body.update", entityId: id } });
    expect(updated.before).toMatchObject({ kind: "state", quorumNumerator: 2 });
    expect(updated.after).toMatchObject({ kind: "party", quorumNumerator: 1, quorumDenominator: 2, name: "Ban Chỉ đạo" });

    const list = await listBodies({ actor: secretariat });
    expect(list.find((b) => b.id === id)).toMatchObject({ name: "Ban Chỉ đạo", memberCount: 0, quorum: 0 });
  });

  test("a leader may not manage bodies", async () => {
    const before = await db.Body.count();
    await expect(createBody({ actor: leader, input: input({ code: "NOPE" }) })).rejects.toMatchObject({ status: 403 });
    await expect(listBodies({ actor: leader })).rejects.toMatchObject({ status: 403 });
    expect(await db.Body.count()).toBe(before);
  });

  test("duplicate code, bad quorum and unknown host unit are refused with nothing written", async () => {
    await createBody({ actor: admin, input: input({ code: "DUP-B" }) });
    const before = { bodies: await db.Body.count(), audits: await db.AuditEvent.count() };
    await expect(createBody({ actor: admin, input: input({ code: "dup-b" }) })).rejects.toMatchObject({ status: 409, fields: { code: "Mã cơ quan họp đã được sử dụng." } });
    await expect(createBody({ actor: admin, input: input({ code: "Q-BAD", quorumNumerator: 4, quorumDenominator: 3 }) })).rejects.toMatchObject({ status: 400 });
    await expect(createBody({ actor: admin, input: input({ code: "H-BAD", hostUnitId: 999999 }) })).rejects.toMatchObject({
      status: 400,
      fields: { hostUnitId: "Đơn vị chủ trì không tồn tại." },
    });
    expect({ bodies: await db.Body.count(), audits: await db.AuditEvent.count() }).toEqual(before);
  });

  test("deactivate / activate", async () => {
    const { id } = await createBody({ actor: admin, input: input({ code: "ACT-B" }) });
    await setBodyActive({ actor: admin, bodyId: id, active: false });
    expect((await db.Body.findByPk(id))!.active).toBe(false);
    expect(await db.AuditEvent.count({ where: { action: "body.deactivate", entityId: id } })).toBe(1);
    await expect(setBodyActive({ actor: admin, bodyId: 999999, active: true })).rejects.toMatchObject({ status: 404 });
  });
});

describe("memberships", () => {
  test("add, change role, remove; one user once per body", async () => {
    const { id: bodyId } = await createBody({ actor: secretariat, input: input({ code: "MEM-B", quorumNumerator: 1, quorumDenominator: 2 }) });
    const chair = await f.createUser(db, { fullName: "Nguyễn Văn Chủ" });
    const member = await f.createUser(db, { fullName: "Trần Thị Thành" });

    const a = await addBodyMember({ actor: secretariat, bodyId, userId: chair.id, role: "chair" });
    const b = await addBodyMember({ actor: secretariat, bodyId, userId: member.id, role: "member" });
    const [added] = await db.AuditEvent.findAll({ where: { action: "body.member_add", entityId: bodyId }, order: [["id", "ASC"]] });
    expect(added.after).toMatchObject({ userId: chair.id, role: "chair" });

    const before = await db.BodyMembership.count();
    await expect(addBodyMember({ actor: secretariat, bodyId, userId: member.id, role: "secretary" })).rejects.toMatchObject({
      status: 409,
      message: "Trần Thị Thành đã là thành viên của cơ quan họp này.",
      fields: { userId: "Người này đã là thành viên của cơ quan họp." },
    });
    expect(await db.BodyMembership.count()).toBe(before);
    await expect(addBodyMember({ actor: secretariat, bodyId, userId: 999999, role: "member" })).rejects.toMatchObject({ status: 400, fields: { userId: "Người dùng không tồn tại." } });

    await changeBodyMemberRole({ actor: secretariat, bodyId, membershipId: b.membershipId, role: "vice_chair" });
    const [changed] = await db.AuditEvent.findAll({ where: { action: "body.member_role", entityId: bodyId } });
    expect(changed.before).toMatchObject({ role: "member" });
    expect(changed.after).toMatchObject({ role: "vice_chair" });

    const detail = await getBodyDetail({ actor: secretariat, bodyId });
    expect(detail.members.map((m) => [m.fullName, m.role])).toEqual([
      ["Nguyễn Văn Chủ", "chair"],
      ["Trần Thị Thành", "vice_chair"],
    ]);
    expect(detail.body.quorum).toBe(1);
    expect(detail.candidates.some((c) => c.id === chair.id)).toBe(false);

    await removeBodyMember({ actor: secretariat, bodyId, membershipId: a.membershipId });
    expect(await db.BodyMembership.findByPk(a.membershipId)).toBeNull();
    expect(await db.AuditEvent.count({ where: { action: "body.member_remove", entityId: bodyId } })).toBe(1);
  });

  test("a membership of another body is not found through this body", async () => {
    const one = await createBody({ actor: admin, input: input({ code: "ONE-B" }) });
    const two = await createBody({ actor: admin, input: input({ code: "TWO-B" }) });
    const u = await f.createUser(db);
    const m = await addBodyMember({ actor: admin, bodyId: one.id, userId: u.id, role: "member" });
    await expect(removeBodyMember({ actor: admin, bodyId: two.id, membershipId: m.membershipId })).rejects.toMatchObject({ status: 404 });
    await expect(changeBodyMemberRole({ actor: admin, bodyId: two.id, membershipId: m.membershipId, role: "chair" })).rejects.toMatchObject({ status: 404 });
    expect((await db.BodyMembership.findByPk(m.membershipId))!.role).toBe("member");
  });

  test("a locked account cannot be added", async () => {
    const { id: bodyId } = await createBody({ actor: admin, input: input({ code: "LOCK-B" }) });
    const u = await f.createUser(db, { active: false });
    await expect(addBodyMember({ actor: admin, bodyId, userId: u.id, role: "member" })).rejects.toMatchObject({ status: 400, fields: { userId: "Tài khoản này đang bị khóa." } });
  });
});
