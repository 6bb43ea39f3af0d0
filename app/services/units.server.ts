import { fn, col, where as sqlWhere, Op, UniqueConstraintError, type Transaction } from "sequelize";
import { getDb, type Unit } from "../../models";
import type { UnitKind } from "../../models/enums";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors";
import { authorize, type Actor } from "../policies";
import { recordAudit } from "./audit.server";
import { inTransaction } from "./transaction.server";

type ActorProps = { actor: Actor; transaction?: Transaction };

export type UnitFormInput = {
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentId: number | null;
  position: number;
};

/** One row of the indented tree, in display order. */
export type UnitTreeRow = {
  id: number;
  code: string;
  name: string;
  shortName: string | null;
  kind: UnitKind;
  parentId: number | null;
  position: number;
  active: boolean;
  depth: number;
  childCount: number;
  userCount: number;
};

const CODE_TAKEN = "Mã đơn vị đã được sử dụng.";

function auditView(u: Unit) {
  return { code: u.code, name: u.name, shortName: u.shortName ?? null, kind: u.kind, parentId: u.parentId ?? null, position: u.position, active: u.active };
}

/**
 * Orders units as a tree: roots then children depth-first, siblings by
 * position then Vietnamese name. Units whose parent is missing are roots, and
 * a cycle in old data cannot loop forever (each unit is placed once).
 */
function orderAsTree<T extends { id: number; parentId: number | null; position: number; name: string }>(units: T[]) {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<number | null, T[]>();
  for (const u of units) {
    const parent = u.parentId != null && byId.has(u.parentId) && u.parentId !== u.id ? u.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), u]);
  }
  const sort = (list: T[]) => [...list].sort((a, b) => a.position - b.position || a.name.localeCompare(b.name, "vi"));
  const out: Array<{ unit: T; depth: number; childCount: number }> = [];
  const placed = new Set<number>();
  const visit = (u: T, depth: number) => {
    if (placed.has(u.id)) return;
    placed.add(u.id);
    const kids = children.get(u.id) ?? [];
    out.push({ unit: u, depth, childCount: kids.length });
    for (const k of sort(kids)) visit(k, depth + 1);
  };
  for (const root of sort(children.get(null) ?? [])) visit(root, 0);
  // Whatever is left sits in a cycle: show it at the top level rather than hide it.
  for (const u of sort(units)) if (!placed.has(u.id)) visit(u, 0);
  return out;
}

/** The whole unit tree for the admin page, with how many people each unit has. */
export async function listUnitTree({ actor }: { actor: Actor }): Promise<UnitTreeRow[]> {
  authorize(actor, "unit:manage");
  const db = getDb();
  const [units, counts] = await Promise.all([
    db.Unit.findAll({ attributes: ["id", "code", "name", "shortName", "kind", "parentId", "position", "active"] }),
    db.User.findAll({ attributes: ["unitId", [fn("COUNT", col("id")), "n"]], where: { unitId: { [Op.ne]: null } }, group: ["unitId"], raw: true }) as unknown as Promise<
      Array<{ unitId: number; n: number | string }>
    >,
  ]);
  const userCount = new Map(counts.map((c) => [Number(c.unitId), Number(c.n)]));
  const plain = units.map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    shortName: u.shortName ?? null,
    kind: u.kind,
    parentId: u.parentId ?? null,
    position: u.position,
    active: Boolean(u.active),
  }));
  return orderAsTree(plain).map(({ unit, depth, childCount }) => ({ ...unit, depth, childCount, userCount: userCount.get(unit.id) ?? 0 }));
}

export type UnitOption = { id: number; name: string; code: string; depth: number; active: boolean };

/**
 * Units for a select (user's unit, body's host unit), indented in tree order.
 * Unit names are not confidential: everyone sees them on tasks and meetings.
 */
export async function listUnitOptions(): Promise<UnitOption[]> {
  const units = await getDb().Unit.findAll({ attributes: ["id", "code", "name", "parentId", "position", "active"] });
  const plain = units.map((u) => ({ id: u.id, code: u.code, name: u.name, parentId: u.parentId ?? null, position: u.position, active: Boolean(u.active) }));
  return orderAsTree(plain).map(({ unit, depth }) => ({ id: unit.id, name: unit.name, code: unit.code, depth, active: unit.active }));
}

export async function getUnit({ actor, unitId }: { actor: Actor; unitId: number }) {
  authorize(actor, "unit:manage");
  const u = await getDb().Unit.findByPk(unitId);
  if (!u) throw new NotFoundError("Không tìm thấy đơn vị.");
  return { id: u.id, ...auditView(u) };
}

export async function unitStats({ actor }: { actor: Actor }) {
  authorize(actor, "unit:manage");
  const db = getDb();
  const [total, active] = await Promise.all([db.Unit.count(), db.Unit.count({ where: { active: true } })]);
  return { total, active };
}

async function assertCodeFree(code: string, exceptId: number | null, transaction: Transaction) {
  const db = getDb();
  const clash = await db.Unit.findOne({
    where: { [Op.and]: [sqlWhere(fn("lower", col("code")), code.toLowerCase()), ...(exceptId ? [{ id: { [Op.ne]: exceptId } }] : [])] },
    transaction,
  });
  if (clash) throw new ConflictError(CODE_TAKEN, { code: CODE_TAKEN });
}

/**
 * The parent must exist, be active, and not be the unit itself or one of its
 * descendants (that would cut the branch off the tree).
 */
async function assertParentAllowed(unitId: number | null, parentId: number | null, transaction: Transaction) {
  if (parentId == null) return;
  const db = getDb();
  const parent = await db.Unit.findByPk(parentId, { transaction });
  if (!parent) throw new ValidationError({ parentId: "Đơn vị cấp trên không tồn tại." });
  if (unitId != null) {
    if (parentId === unitId) throw new ValidationError({ parentId: "Một đơn vị không thể là cấp trên của chính nó." });
    const seen = new Set<number>();
    let cursor: number | null = parent.parentId ?? null;
    while (cursor != null && !seen.has(cursor)) {
      if (cursor === unitId) throw new ValidationError({ parentId: "Không thể chọn đơn vị trực thuộc làm đơn vị cấp trên (tạo vòng lặp)." });
      seen.add(cursor);
      const next: Unit | null = await db.Unit.findByPk(cursor, { attributes: ["id", "parentId"], transaction });
      cursor = next?.parentId ?? null;
    }
  }
  if (!parent.active) throw new ValidationError({ parentId: "Đơn vị cấp trên đang ngừng hoạt động." });
}

/** A unique index still guards the race between the check and the insert. */
function rethrowUnique(e: unknown): never {
  if (e instanceof UniqueConstraintError) throw new ConflictError(CODE_TAKEN, { code: CODE_TAKEN });
  throw e;
}

export async function createUnit({ actor, input, transaction }: ActorProps & { input: UnitFormInput }) {
  authorize(actor, "unit:manage");
  const db = getDb();
  const code = input.code.trim();
  try {
    return await inTransaction(transaction, async (t) => {
      await assertCodeFree(code, null, t);
      await assertParentAllowed(null, input.parentId, t);
      const unit = await db.Unit.create(
        { code, name: input.name.trim(), shortName: input.shortName || null, kind: input.kind, parentId: input.parentId, position: input.position, active: true },
        { transaction: t },
      );
      await recordAudit({ actorId: actor.id, action: "unit.create", entityType: "unit", entityId: unit.id, after: auditView(unit), transaction: t });
      return { id: unit.id };
    });
  } catch (e) {
    rethrowUnique(e);
  }
}

export async function updateUnit({ actor, unitId, input, transaction }: ActorProps & { unitId: number; input: UnitFormInput }) {
  authorize(actor, "unit:manage");
  const db = getDb();
  const code = input.code.trim();
  try {
    return await inTransaction(transaction, async (t) => {
      const unit = await db.Unit.findByPk(unitId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!unit) throw new NotFoundError("Không tìm thấy đơn vị.");
      await assertCodeFree(code, unit.id, t);
      // Keeping an existing (even inactive) parent is fine; only a change is checked in full.
      if (input.parentId !== (unit.parentId ?? null)) await assertParentAllowed(unit.id, input.parentId, t);
      const before = auditView(unit);
      await unit.update(
        { code, name: input.name.trim(), shortName: input.shortName || null, kind: input.kind, parentId: input.parentId, position: input.position },
        { transaction: t },
      );
      await recordAudit({ actorId: actor.id, action: "unit.update", entityType: "unit", entityId: unit.id, before, after: auditView(unit), transaction: t });
      return { id: unit.id };
    });
  } catch (e) {
    rethrowUnique(e);
  }
}

/**
 * Deactivating keeps the unit (tasks and people still point at it) but hides
 * it from new choices. A branch is closed leaves first, and reopened root first.
 */
export async function setUnitActive({ actor, unitId, active, transaction }: ActorProps & { unitId: number; active: boolean }) {
  authorize(actor, "unit:manage");
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const unit = await db.Unit.findByPk(unitId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!unit) throw new NotFoundError("Không tìm thấy đơn vị.");
    if (Boolean(unit.active) === active) return { id: unit.id, changed: false };
    if (!active) {
      const activeChildren = await db.Unit.count({ where: { parentId: unit.id, active: true }, transaction: t });
      if (activeChildren > 0) {
        throw new ValidationError({ _form: `Đơn vị “${unit.name}” còn ${activeChildren} đơn vị trực thuộc đang hoạt động. Hãy ngừng hoạt động các đơn vị đó trước.` });
      }
    } else if (unit.parentId != null) {
      const parent = await db.Unit.findByPk(unit.parentId, { transaction: t });
      if (parent && !parent.active) throw new ValidationError({ _form: `Đơn vị cấp trên “${parent.name}” đang ngừng hoạt động. Hãy kích hoạt đơn vị cấp trên trước.` });
    }
    await unit.update({ active }, { transaction: t });
    await recordAudit({
      actorId: actor.id,
      action: active ? "unit.activate" : "unit.deactivate",
      entityType: "unit",
      entityId: unit.id,
      before: { active: !active },
      after: { active },
      transaction: t,
    });
    return { id: unit.id, changed: true };
  });
}
