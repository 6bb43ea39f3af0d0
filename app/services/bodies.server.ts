import { col, fn, Op, UniqueConstraintError, where as sqlWhere, type Transaction } from "sequelize";
import { getDb, type Body } from "../../models";
import type { BodyKind, BodyMemberRole } from "../../models/enums";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors";
import { authorize, type Actor } from "../policies";
import { recordAudit } from "./audit.server";
import { inTransaction } from "./transaction.server";

type ActorProps = { actor: Actor; transaction?: Transaction };

export type BodyFormInput = {
  code: string;
  name: string;
  kind: BodyKind;
  quorumNumerator: number;
  quorumDenominator: number;
  description: string | null;
  hostUnitId: number | null;
};

const CODE_TAKEN = "Mã cơ quan họp đã được sử dụng.";
const ALREADY_MEMBER = "Người này đã là thành viên của cơ quan họp.";
/** Chair first, then vice chairs, members, secretary: the order of a "thành phần" list. */
const ROLE_ORDER: Record<BodyMemberRole, number> = { chair: 0, vice_chair: 1, member: 2, secretary: 3 };

function auditView(b: Body) {
  return {
    code: b.code,
    name: b.name,
    kind: b.kind,
    quorumNumerator: b.quorumNumerator,
    quorumDenominator: b.quorumDenominator,
    description: b.description ?? null,
    hostUnitId: b.hostUnitId ?? null,
    active: Boolean(b.active),
  };
}

const quorumFor = (members: number, num: number, den: number) => Math.ceil((members * num) / den);

export async function listBodies({ actor }: { actor: Actor }) {
  authorize(actor, "body:manage");
  const db = getDb();
  const [bodies, counts] = await Promise.all([
    db.Body.findAll({ include: [{ model: db.Unit, as: "hostUnit", attributes: ["id", "name"] }], order: [["kind", "DESC"], ["name", "ASC"]] }),
    db.BodyMembership.findAll({ attributes: ["bodyId", [fn("COUNT", col("id")), "n"]], group: ["bodyId"], raw: true }) as unknown as Promise<Array<{ bodyId: number; n: number | string }>>,
  ]);
  const memberCount = new Map(counts.map((c) => [Number(c.bodyId), Number(c.n)]));
  return bodies.map((b) => {
    const members = memberCount.get(b.id) ?? 0;
    return {
      id: b.id,
      code: b.code,
      name: b.name,
      kind: b.kind,
      quorumNumerator: b.quorumNumerator,
      quorumDenominator: b.quorumDenominator,
      hostUnitName: b.hostUnit?.name ?? null,
      active: Boolean(b.active),
      memberCount: members,
      quorum: quorumFor(members, b.quorumNumerator, b.quorumDenominator),
    };
  });
}

export async function bodyStats({ actor }: { actor: Actor }) {
  authorize(actor, "body:manage");
  const db = getDb();
  const [total, active] = await Promise.all([db.Body.count(), db.Body.count({ where: { active: true } })]);
  return { total, active };
}

/** One body with its members (ordered chair → secretary) and the people who could still be added. */
export async function getBodyDetail({ actor, bodyId }: { actor: Actor; bodyId: number }) {
  authorize(actor, "body:manage");
  const db = getDb();
  const body = await db.Body.findByPk(bodyId, {
    include: [
      { model: db.Unit, as: "hostUnit", attributes: ["id", "name"] },
      {
        model: db.BodyMembership,
        as: "memberships",
        include: [{ model: db.User, as: "user", attributes: ["id", "username", "fullName", "title", "active"], include: [{ model: db.Unit, as: "unit", attributes: ["id", "name"] }] }],
      },
    ],
  });
  if (!body) throw new NotFoundError("Không tìm thấy cơ quan họp.");
  const memberships = [...(body.memberships ?? [])].sort(
    (a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.position - b.position || (a.user?.fullName ?? "").localeCompare(b.user?.fullName ?? "", "vi"),
  );
  const memberIds = new Set(memberships.map((m) => m.userId));
  const candidates = await db.User.findAll({
    where: { active: true },
    attributes: ["id", "fullName", "username", "title"],
    include: [{ model: db.Unit, as: "unit", attributes: ["name"] }],
    order: [["fullName", "ASC"]],
  });
  return {
    body: { id: body.id, ...auditView(body), hostUnitName: body.hostUnit?.name ?? null, quorum: quorumFor(memberships.length, body.quorumNumerator, body.quorumDenominator) },
    members: memberships.map((m) => ({
      membershipId: m.id,
      userId: m.userId,
      role: m.role,
      fullName: m.user?.fullName ?? "",
      username: m.user?.username ?? "",
      title: m.user?.title ?? null,
      unitName: m.user?.unit?.name ?? null,
      userActive: Boolean(m.user?.active),
    })),
    candidates: candidates
      .filter((u) => !memberIds.has(u.id))
      .map((u) => ({ id: u.id, fullName: u.fullName, username: u.username, title: u.title ?? null, unitName: u.unit?.name ?? null })),
  };
}

async function assertCodeFree(code: string, exceptId: number | null, transaction: Transaction) {
  const clash = await getDb().Body.findOne({
    where: { [Op.and]: [sqlWhere(fn("lower", col("code")), code.toLowerCase()), ...(exceptId ? [{ id: { [Op.ne]: exceptId } }] : [])] },
    transaction,
  });
  if (clash) throw new ConflictError(CODE_TAKEN, { code: CODE_TAKEN });
}

async function assertHostUnit(hostUnitId: number | null, transaction: Transaction) {
  if (hostUnitId == null) return;
  if (!(await getDb().Unit.findByPk(hostUnitId, { transaction }))) throw new ValidationError({ hostUnitId: "Đơn vị chủ trì không tồn tại." });
}

function assertQuorum(input: BodyFormInput) {
  const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 100;
  if (!ok(input.quorumNumerator) || !ok(input.quorumDenominator) || input.quorumNumerator > input.quorumDenominator) {
    throw new ValidationError({ quorumNumerator: "Tỷ lệ tối thiểu phải thỏa 1 ≤ tử số ≤ mẫu số ≤ 100." });
  }
}

function rethrowUnique(e: unknown, fields: Record<string, string>, message: string): never {
  if (e instanceof UniqueConstraintError) throw new ConflictError(message, fields);
  throw e;
}

function values(input: BodyFormInput) {
  return {
    code: input.code.trim(),
    name: input.name.trim(),
    kind: input.kind,
    quorumNumerator: input.quorumNumerator,
    quorumDenominator: input.quorumDenominator,
    description: input.description || null,
    hostUnitId: input.hostUnitId,
  };
}

export async function createBody({ actor, input, transaction }: ActorProps & { input: BodyFormInput }) {
  authorize(actor, "body:manage");
  assertQuorum(input);
  const db = getDb();
  try {
    return await inTransaction(transaction, async (t) => {
      await assertCodeFree(input.code.trim(), null, t);
      await assertHostUnit(input.hostUnitId, t);
      const body = await db.Body.create({ ...values(input), active: true }, { transaction: t });
      await recordAudit({ actorId: actor.id, action: "body.create", entityType: "body", entityId: body.id, after: auditView(body), transaction: t });
      return { id: body.id };
    });
  } catch (e) {
    rethrowUnique(e, { code: CODE_TAKEN }, CODE_TAKEN);
  }
}

export async function updateBody({ actor, bodyId, input, transaction }: ActorProps & { bodyId: number; input: BodyFormInput }) {
  authorize(actor, "body:manage");
  assertQuorum(input);
  const db = getDb();
  try {
    return await inTransaction(transaction, async (t) => {
      const body = await db.Body.findByPk(bodyId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!body) throw new NotFoundError("Không tìm thấy cơ quan họp.");
      await assertCodeFree(input.code.trim(), body.id, t);
      await assertHostUnit(input.hostUnitId, t);
      const before = auditView(body);
      await body.update(values(input), { transaction: t });
      await recordAudit({ actorId: actor.id, action: "body.update", entityType: "body", entityId: body.id, before, after: auditView(body), transaction: t });
      return { id: body.id };
    });
  } catch (e) {
    rethrowUnique(e, { code: CODE_TAKEN }, CODE_TAKEN);
  }
}

export async function setBodyActive({ actor, bodyId, active, transaction }: ActorProps & { bodyId: number; active: boolean }) {
  authorize(actor, "body:manage");
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const body = await db.Body.findByPk(bodyId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!body) throw new NotFoundError("Không tìm thấy cơ quan họp.");
    if (Boolean(body.active) === active) return { id: body.id, changed: false };
    await body.update({ active }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: active ? "body.activate" : "body.deactivate", entityType: "body", entityId: body.id, before: { active: !active }, after: { active }, transaction: t });
    return { id: body.id, changed: true };
  });
}

export async function addBodyMember({ actor, bodyId, userId, role, transaction }: ActorProps & { bodyId: number; userId: number; role: BodyMemberRole }) {
  authorize(actor, "body:manage");
  const db = getDb();
  try {
    return await inTransaction(transaction, async (t) => {
      const body = await db.Body.findByPk(bodyId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!body) throw new NotFoundError("Không tìm thấy cơ quan họp.");
      const user = await db.User.findByPk(userId, { transaction: t });
      if (!user) throw new ValidationError({ userId: "Người dùng không tồn tại." });
      if (!user.active) throw new ValidationError({ userId: "Tài khoản này đang bị khóa." });
      if (await db.BodyMembership.findOne({ where: { bodyId, userId }, transaction: t })) {
        throw new ConflictError(`${user.fullName} đã là thành viên của cơ quan họp này.`, { userId: ALREADY_MEMBER });
      }
      const last = (await db.BodyMembership.max("position", { where: { bodyId }, transaction: t })) as number | null;
      const m = await db.BodyMembership.create({ bodyId, userId, role, position: (Number(last) || 0) + 1 }, { transaction: t });
      await recordAudit({ actorId: actor.id, action: "body.member_add", entityType: "body", entityId: bodyId, after: { membershipId: m.id, userId, role }, transaction: t });
      return { membershipId: m.id, fullName: user.fullName };
    });
  } catch (e) {
    rethrowUnique(e, { userId: ALREADY_MEMBER }, ALREADY_MEMBER);
  }
}

/** Memberships are addressed through their body, so an id from another body is a 404. */
async function findMembership(bodyId: number, membershipId: number, t: Transaction) {
  const db = getDb();
  const m = await db.BodyMembership.findOne({
    where: { id: membershipId, bodyId },
    include: [{ model: db.User, as: "user", attributes: ["id", "fullName"] }],
    transaction: t,
  });
  if (!m) throw new NotFoundError("Không tìm thấy thành viên trong cơ quan họp này.");
  return m;
}

export async function changeBodyMemberRole({ actor, bodyId, membershipId, role, transaction }: ActorProps & { bodyId: number; membershipId: number; role: BodyMemberRole }) {
  authorize(actor, "body:manage");
  return inTransaction(transaction, async (t) => {
    const m = await findMembership(bodyId, membershipId, t);
    if (m.role === role) return { membershipId: m.id, fullName: m.user?.fullName ?? "", changed: false };
    const before = { membershipId: m.id, userId: m.userId, role: m.role };
    await m.update({ role }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: "body.member_role", entityType: "body", entityId: bodyId, before, after: { ...before, role }, transaction: t });
    return { membershipId: m.id, fullName: m.user?.fullName ?? "", changed: true };
  });
}

export async function removeBodyMember({ actor, bodyId, membershipId, transaction }: ActorProps & { bodyId: number; membershipId: number }) {
  authorize(actor, "body:manage");
  return inTransaction(transaction, async (t) => {
    const m = await findMembership(bodyId, membershipId, t);
    const before = { membershipId: m.id, userId: m.userId, role: m.role };
    const fullName = m.user?.fullName ?? "";
    await m.destroy({ transaction: t });
    await recordAudit({ actorId: actor.id, action: "body.member_remove", entityType: "body", entityId: bodyId, before, transaction: t });
    return { fullName };
  });
}
