import crypto from "node:crypto";
import { Op, type Transaction, type WhereOptions } from "sequelize";
import { getDb } from "../../models";
import type { CurrentUser, Locale, Role } from "../lib/current-user";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors";
import { hashPassword, verifyPassword } from "../lib/password.server";
import { authorize, type Actor } from "../policies";
import { recordAudit } from "./audit.server";
import { notifyUsers } from "./notify.server";
import { inTransaction } from "./transaction.server";

type ActorProps = { actor: Actor; transaction?: Transaction };

function presentUserForAudit(u: { username: string; fullName: string; title: string | null; unitId: number | null; roles: Role[]; active: boolean; email?: string | null }) {
  return { username: u.username, fullName: u.fullName, title: u.title, unitId: u.unitId, roles: u.roles, active: u.active, email: u.email ?? null };
}

async function assertUnitExists(unitId: number | null, transaction?: Transaction) {
  if (unitId == null) return;
  if (!(await getDb().Unit.findByPk(unitId, { transaction }))) throw new ValidationError({ unitId: "Đơn vị không tồn tại." });
}

export async function setUserLocale({ actor, locale }: { actor: CurrentUser; locale: Locale }) {
  await getDb().User.update({ locale }, { where: { id: actor.id } });
}

export type CreateUserInput = {
  username: string;
  fullName: string;
  title?: string | null;
  email?: string | null;
  phone?: string | null;
  unitId: number | null;
  roles: Role[];
  password: string;
};

export async function createUser({ actor, input, transaction: outer }: ActorProps & { input: CreateUserInput }) {
  authorize(actor, "user:manage");
  const db = getDb();
  const username = input.username.trim().toLowerCase();
  const passwordHash = await hashPassword(input.password);
  return inTransaction(outer, async (transaction) => {
    if (await db.User.findOne({ where: { username }, transaction })) {
      throw new ConflictError("Tên đăng nhập đã được sử dụng.", { username: "Tên đăng nhập đã được sử dụng." });
    }
    await assertUnitExists(input.unitId, transaction);
    const user = await db.User.create(
      {
        username,
        fullName: input.fullName.trim(),
        title: input.title || null,
        email: input.email || null,
        phone: input.phone || null,
        unitId: input.unitId,
        roles: input.roles,
        passwordHash,
        locale: "vi",
        active: true,
        passwordChangedAt: new Date(),
      },
      { transaction },
    );
    await recordAudit({ actorId: actor.id, action: "user.create", entityType: "user", entityId: user.id, after: presentUserForAudit(user), transaction });
    return user;
  });
}

export type UpdateUserInput = { fullName: string; title?: string | null; email?: string | null; phone?: string | null; unitId: number | null; roles: Role[] };

export async function updateUser({ actor, userId, input, transaction: outer }: ActorProps & { userId: number; input: UpdateUserInput }) {
  authorize(actor, "user:manage");
  const db = getDb();
  return inTransaction(outer, async (transaction) => {
    const user = await db.User.findByPk(userId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new NotFoundError("Không tìm thấy người dùng.");
    await assertUnitExists(input.unitId, transaction);
    if (user.id === actor.id && user.roles.includes("admin") && !input.roles.includes("admin")) {
      throw new ValidationError({ roles: "Bạn không thể tự bỏ quyền quản trị của chính mình." });
    }
    const before = presentUserForAudit(user);
    const rolesChanged = [...before.roles].sort().join(",") !== [...input.roles].sort().join(",");
    await user.update(
      { fullName: input.fullName.trim(), title: input.title || null, email: input.email || null, phone: input.phone || null, unitId: input.unitId, roles: input.roles },
      { transaction },
    );
    await recordAudit({ actorId: actor.id, action: "user.update", entityType: "user", entityId: user.id, before, after: presentUserForAudit(user), transaction });
    if (rolesChanged && user.id !== actor.id) {
      await notifyUsers({
        userIds: [user.id],
        kind: "account.roles_changed",
        title: "Quyền sử dụng của bạn đã được cập nhật",
        body: "Quản trị hệ thống đã thay đổi vai trò của tài khoản. Tải lại trang để thấy các chức năng mới.",
        url: "/me",
        entityType: "user",
        entityId: user.id,
        transaction,
      });
    }
    return user;
  });
}

export async function setUserActive({ actor, userId, active, transaction: outer }: ActorProps & { userId: number; active: boolean }) {
  authorize(actor, "user:manage");
  const db = getDb();
  if (userId === actor.id && !active) throw new ValidationError({ _form: "Bạn không thể tự khóa tài khoản của chính mình." });
  return inTransaction(outer, async (transaction) => {
    const user = await db.User.findByPk(userId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new NotFoundError("Không tìm thấy người dùng.");
    if (user.active === active) return user;
    await user.update({ active }, { transaction });
    // A deactivated account is signed out everywhere at once.
    if (!active) await db.Session.destroy({ where: { userId }, transaction });
    await recordAudit({ actorId: actor.id, action: active ? "user.activate" : "user.deactivate", entityType: "user", entityId: userId, before: { active: !active }, after: { active }, transaction });
    return user;
  });
}

export async function resetUserPassword({ actor, userId, newPassword, transaction: outer }: ActorProps & { userId: number; newPassword: string }) {
  authorize(actor, "user:manage");
  const db = getDb();
  const passwordHash = await hashPassword(newPassword);
  return inTransaction(outer, async (transaction) => {
    const user = await db.User.findByPk(userId, { transaction, lock: transaction.LOCK.UPDATE });
    if (!user) throw new NotFoundError("Không tìm thấy người dùng.");
    await user.update({ passwordHash, passwordChangedAt: new Date() }, { transaction });
    await db.Session.destroy({ where: { userId }, transaction });
    await db.LoginThrottle.destroy({ where: { key: `user:${user.username}` }, transaction });
    await recordAudit({ actorId: actor.id, action: "user.reset_password", entityType: "user", entityId: userId, transaction });
  });
}

export async function changeOwnPassword({ actor, currentPassword, newPassword, keepSessionId }: { actor: CurrentUser; currentPassword: string; newPassword: string; keepSessionId?: string }) {
  const db = getDb();
  const user = await db.User.findByPk(actor.id);
  if (!user) throw new NotFoundError();
  if (!(await verifyPassword(user.passwordHash, currentPassword))) throw new ValidationError({ currentPassword: "Mật khẩu hiện tại không đúng." });
  const passwordHash = await hashPassword(newPassword);
  await db.sequelize.transaction(async (transaction) => {
    await user.update({ passwordHash, passwordChangedAt: new Date() }, { transaction });
    // Other devices are signed out; this one stays.
    await db.Session.destroy({ where: { userId: user.id, ...(keepSessionId ? { id: { [Op.ne]: keepSessionId } } : {}) }, transaction });
    await recordAudit({ actorId: actor.id, action: "user.change_password", entityType: "user", entityId: user.id, transaction });
  });
}

/** A new secret for the personal calendar feed; the old URL stops working at once. */
export async function regenerateCalendarToken({ actor }: { actor: CurrentUser }) {
  const db = getDb();
  const token = crypto.randomBytes(24).toString("base64url");
  await db.sequelize.transaction(async (transaction) => {
    await db.User.update({ calendarToken: token }, { where: { id: actor.id }, transaction });
    await recordAudit({ actorId: actor.id, action: "user.calendar_token", entityType: "user", entityId: actor.id, transaction });
  });
  return token;
}

export async function getProfile(userId: number) {
  const db = getDb();
  const user = await db.User.findByPk(userId, { include: [{ model: db.Unit, as: "unit" }] });
  if (!user) throw new NotFoundError();
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    title: user.title,
    email: user.email,
    phone: user.phone,
    unitName: user.unit?.name ?? null,
    roles: user.roles,
    locale: user.locale,
    calendarToken: user.calendarToken,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
  };
}

// ───────────── Admin queries (list / detail); the writes above stay the one path for changes ─────────────

export const USER_PAGE_SIZE = 20;

export type UserListFilter = { q?: string; unitId?: number | null; role?: Role | null; status?: "all" | "active" | "inactive"; page?: number };

/** Users for the admin list: search by name or username, filter by unit / role / status, paginated. */
export async function listUsers({ actor, filter }: { actor: Actor; filter: UserListFilter }) {
  authorize(actor, "user:manage");
  const db = getDb();
  const and: WhereOptions[] = [];
  const q = filter.q?.trim();
  // Wildcards typed by the user only widen the search; nothing is executed from them.
  if (q) and.push({ [Op.or]: [{ fullName: { [Op.like]: `%${q}%` } }, { username: { [Op.like]: `%${q.toLowerCase()}%` } }] });
  if (filter.unitId) and.push({ unitId: filter.unitId });
  if (filter.role) and.push(db.User.whereHasRole(filter.role));
  if (filter.status === "active") and.push({ active: true });
  if (filter.status === "inactive") and.push({ active: false });
  const where: WhereOptions = and.length ? { [Op.and]: and } : {};
  const total = await db.User.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / USER_PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pageCount);
  const rows = await db.User.findAll({
    where,
    attributes: ["id", "username", "fullName", "title", "roles", "active", "lastLoginAt", "unitId"],
    include: [{ model: db.Unit, as: "unit", attributes: ["id", "name"] }],
    order: [["fullName", "ASC"], ["id", "ASC"]],
    limit: USER_PAGE_SIZE,
    offset: (page - 1) * USER_PAGE_SIZE,
  });
  return {
    total,
    page,
    pageCount,
    pageSize: USER_PAGE_SIZE,
    users: rows.map((u) => ({
      id: u.id,
      username: u.username,
      fullName: u.fullName,
      title: u.title ?? null,
      unitName: u.unit?.name ?? null,
      roles: u.roles,
      active: Boolean(u.active),
      lastLoginAt: u.lastLoginAt ? new Date(u.lastLoginAt).toISOString() : null,
    })),
  };
}

/** One user for the admin edit page (never the hash or the calendar token). */
export async function getUserForAdmin({ actor, userId }: { actor: Actor; userId: number }) {
  authorize(actor, "user:manage");
  const db = getDb();
  const u = await db.User.findByPk(userId, { include: [{ model: db.Unit, as: "unit", attributes: ["id", "name"] }] });
  if (!u) throw new NotFoundError("Không tìm thấy người dùng.");
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    title: u.title ?? null,
    email: u.email ?? null,
    phone: u.phone ?? null,
    unitId: u.unitId ?? null,
    unitName: u.unit?.name ?? null,
    roles: u.roles,
    active: Boolean(u.active),
    isSelf: u.id === actor.id,
    lastLoginAt: u.lastLoginAt ? new Date(u.lastLoginAt).toISOString() : null,
    passwordChangedAt: u.passwordChangedAt ? new Date(u.passwordChangedAt).toISOString() : null,
    createdAt: new Date(u.createdAt).toISOString(),
  };
}

export async function userStats({ actor }: { actor: Actor }) {
  authorize(actor, "user:manage");
  const db = getDb();
  const [total, active] = await Promise.all([db.User.count(), db.User.count({ where: { active: true } })]);
  return { total, active };
}
