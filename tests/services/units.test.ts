import type { Db } from "../../models";
import type { Actor } from "../../app/policies";
import { unitSchema } from "../../app/schemas/admin";
import { createUnit, listUnitTree, setUnitActive, updateUnit, type UnitFormInput } from "../../app/services/units.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;
let admin: Actor;
let secretariat: Actor;

const input = (over: Partial<UnitFormInput> = {}): UnitFormInput => ({
  code: "SO-X",
  name: "Sở Thử nghiệm",
  shortName: null,
  kind: "department",
  parentId: null,
  position: 0,
  ...over,
});

const audits = (action: string, entityId?: number) => db.AuditEvent.findAll({ where: { action, ...(entityId ? { entityId } : {}) } });

beforeAll(async () => {
  db = await resetDatabase();
  const a = await f.createUser(db, { roles: ["admin"] });
  const s = await f.createUser(db, { roles: ["secretariat"] });
  admin = { id: a.id, roles: ["admin"], unitId: null };
  secretariat = { id: s.id, roles: ["secretariat"], unitId: null };
});
afterAll(() => closeDb());

describe("unit schema", () => {
  test("trims, defaults and reports Vietnamese field messages", () => {
    const ok = unitSchema.safeParse({ code: " SO-A ", name: " Sở A ", shortName: "", kind: "ward", parentId: "", position: "" });
    expect(ok.success && ok.data).toEqual({ code: "SO-A", name: "Sở A", shortName: null, kind: "ward", parentId: null, position: 0 });

    const bad = unitSchema.safeParse({ code: "mã có dấu", name: "  ", kind: "planet", parentId: "abc", position: "-1" });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries((bad.success ? [] : bad.error.issues).map((i) => [i.path.join("."), i.message]));
    expect(fields.code).toMatch(/chỉ gồm chữ cái không dấu/);
    expect(fields.name).toBe("Vui lòng nhập tên đơn vị.");
    expect(fields.kind).toBe("Vui lòng chọn loại đơn vị.");
    expect(fields.parentId).toBe("Đơn vị cấp trên không hợp lệ.");
    expect(fields.position).toMatch(/từ 0 đến 9999/);
  });
});

describe("createUnit / updateUnit", () => {
  test("creates a unit with an audit event in the same transaction", async () => {
    const { id } = await createUnit({ actor: admin, input: input({ code: "SO-A1", name: "Sở A1" }) });
    const row = await db.Unit.findByPk(id);
    expect(row!.name).toBe("Sở A1");
    const events = await audits("unit.create", id);
    expect(events).toHaveLength(1);
    expect(events[0].actorId).toBe(admin.id);
    expect(events[0].after).toMatchObject({ code: "SO-A1", name: "Sở A1", kind: "department" });
  });

  test("only an admin may manage units (defence in depth)", async () => {
    const before = await db.Unit.count();
    await expect(createUnit({ actor: secretariat, input: input({ code: "SO-NO" }) })).rejects.toMatchObject({ status: 403 });
    expect(await db.Unit.count()).toBe(before);
  });

  test("a code is unique, case-insensitively; nothing is written on conflict", async () => {
    await createUnit({ actor: admin, input: input({ code: "SO-DUP" }) });
    const before = { units: await db.Unit.count(), audits: await db.AuditEvent.count() };
    await expect(createUnit({ actor: admin, input: input({ code: "so-dup" }) })).rejects.toMatchObject({
      status: 409,
      fields: { code: "Mã đơn vị đã được sử dụng." },
    });
    expect({ units: await db.Unit.count(), audits: await db.AuditEvent.count() }).toEqual(before);
  });

  test("an unknown parent is a field error", async () => {
    await expect(createUnit({ actor: admin, input: input({ code: "SO-P", parentId: 999999 }) })).rejects.toMatchObject({
      status: 400,
      fields: { parentId: "Đơn vị cấp trên không tồn tại." },
    });
  });

  test("refuses a parent that would create a cycle (itself or a descendant)", async () => {
    const root = await createUnit({ actor: admin, input: input({ code: "Q-ROOT", kind: "district", name: "Quận gốc" }) });
    const child = await createUnit({ actor: admin, input: input({ code: "P-CHILD", kind: "ward", name: "Phường con", parentId: root.id }) });
    const grandchild = await createUnit({ actor: admin, input: input({ code: "T-GRAND", kind: "other", name: "Tổ cháu", parentId: child.id }) });

    await expect(updateUnit({ actor: admin, unitId: root.id, input: input({ code: "Q-ROOT", parentId: root.id }) })).rejects.toMatchObject({
      status: 400,
      fields: { parentId: "Một đơn vị không thể là cấp trên của chính nó." },
    });
    await expect(updateUnit({ actor: admin, unitId: root.id, input: input({ code: "Q-ROOT", parentId: grandchild.id }) })).rejects.toMatchObject({
      status: 400,
      fields: { parentId: expect.stringMatching(/vòng lặp/) },
    });
    expect((await db.Unit.findByPk(root.id))!.parentId).toBeNull();

    // Moving a leaf under another branch is fine and audited with before/after.
    const other = await createUnit({ actor: admin, input: input({ code: "Q-OTHER", kind: "district", name: "Quận khác" }) });
    await updateUnit({ actor: admin, unitId: grandchild.id, input: input({ code: "T-GRAND", kind: "other", name: "Tổ cháu", parentId: other.id }) });
    const [ev] = await audits("unit.update", grandchild.id);
    expect(ev.before).toMatchObject({ parentId: child.id });
    expect(ev.after).toMatchObject({ parentId: other.id });
  });

  test("updating an unknown unit is a 404", async () => {
    await expect(updateUnit({ actor: admin, unitId: 987654, input: input({ code: "ZZ" }) })).rejects.toMatchObject({ status: 404 });
  });

  test("runs inside the caller's transaction when given one", async () => {
    const t = await db.sequelize.transaction();
    const { id } = await createUnit({ actor: admin, input: input({ code: "SO-TX" }), transaction: t });
    await t.rollback();
    expect(await db.Unit.findByPk(id)).toBeNull();
    expect(await audits("unit.create", id)).toHaveLength(0);
  });
});

describe("tree and activation", () => {
  test("lists the tree depth-first with depth and counts", async () => {
    const top = await createUnit({ actor: admin, input: input({ code: "TREE-A", name: "A cấp trên", position: 0 }) });
    const b = await createUnit({ actor: admin, input: input({ code: "TREE-B", name: "B trực thuộc", parentId: top.id, position: 2 }) });
    const c = await createUnit({ actor: admin, input: input({ code: "TREE-C", name: "C trực thuộc", parentId: top.id, position: 1 }) });
    await f.createUser(db, { unitId: b.id });
    const tree = await listUnitTree({ actor: admin });
    const ids = tree.map((r) => r.id);
    expect(ids.indexOf(c.id)).toBe(ids.indexOf(top.id) + 1); // position 1 before position 2
    expect(ids.indexOf(b.id)).toBe(ids.indexOf(top.id) + 2);
    const rowB = tree.find((r) => r.id === b.id)!;
    expect(rowB).toMatchObject({ depth: 1, userCount: 1, parentId: top.id });
    expect(tree.find((r) => r.id === top.id)).toMatchObject({ depth: 0, childCount: 2 });
    // plain objects, not model instances
    expect(Object.getPrototypeOf(rowB)).toBe(Object.prototype);
    await expect(listUnitTree({ actor: secretariat })).rejects.toMatchObject({ status: 403 });
  });

  test("deactivates leaves first and reactivates root first, with audit events", async () => {
    const top = await createUnit({ actor: admin, input: input({ code: "ACT-TOP" }) });
    const leaf = await createUnit({ actor: admin, input: input({ code: "ACT-LEAF", parentId: top.id }) });

    await expect(setUnitActive({ actor: admin, unitId: top.id, active: false })).rejects.toMatchObject({ status: 400, fields: { _form: expect.stringMatching(/trực thuộc/) } });
    await setUnitActive({ actor: admin, unitId: leaf.id, active: false });
    await setUnitActive({ actor: admin, unitId: top.id, active: false });
    expect((await db.Unit.findByPk(top.id))!.active).toBe(false);
    expect(await audits("unit.deactivate", top.id)).toHaveLength(1);

    await expect(setUnitActive({ actor: admin, unitId: leaf.id, active: true })).rejects.toMatchObject({ status: 400 });
    await setUnitActive({ actor: admin, unitId: top.id, active: true });
    await setUnitActive({ actor: admin, unitId: leaf.id, active: true });
    expect((await db.Unit.findByPk(leaf.id))!.active).toBe(true);
    expect(await audits("unit.activate", leaf.id)).toHaveLength(1);

    // No change, no event.
    const r = await setUnitActive({ actor: admin, unitId: leaf.id, active: true });
    expect(r.changed).toBe(false);
    expect(await audits("unit.activate", leaf.id)).toHaveLength(1);
  });

  test("an inactive unit cannot receive new children", async () => {
    const closed = await createUnit({ actor: admin, input: input({ code: "CLOSED" }) });
    await setUnitActive({ actor: admin, unitId: closed.id, active: false });
    await expect(createUnit({ actor: admin, input: input({ code: "UNDER-CLOSED", parentId: closed.id }) })).rejects.toMatchObject({
      fields: { parentId: "Đơn vị cấp trên đang ngừng hoạt động." },
    });
  });
});
