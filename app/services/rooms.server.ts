import { Op, UniqueConstraintError, type Transaction } from "sequelize";
import { getDb, type Room } from "../../models";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors";
import { authorize, type Actor } from "../policies";
import { recordAudit } from "./audit.server";
import { inTransaction } from "./transaction.server";

type ActorProps = { actor: Actor; transaction?: Transaction };

export type RoomFormInput = { name: string; location: string | null; capacity: number; equipment: string | null };

const NAME_TAKEN = "Tên phòng họp đã được sử dụng.";

/**
 * Names are compared the way people read them: case-insensitive with Unicode
 * case folding (SQLite's lower() only folds ASCII, so "PHÒNG" would slip by).
 */
const normalizeName = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");

function present(r: Room) {
  return { id: r.id, name: r.name, location: r.location ?? null, capacity: r.capacity, equipment: r.equipment ?? null, active: Boolean(r.active) };
}
function auditView(r: Room) {
  const { id: _id, ...rest } = present(r);
  return rest;
}

export async function listRooms({ actor }: { actor: Actor }) {
  authorize(actor, "room:manage");
  const db = getDb();
  const now = new Date();
  const rooms = await db.Room.findAll({ order: [["active", "DESC"], ["name", "ASC"]] });
  const upcoming = (await db.Meeting.findAll({
    attributes: ["roomId", [db.sequelize.fn("COUNT", db.sequelize.col("id")), "n"]],
    where: { roomId: { [Op.ne]: null }, endsAt: { [Op.gte]: now }, status: { [Op.notIn]: ["cancelled"] } },
    group: ["roomId"],
    raw: true,
  })) as unknown as Array<{ roomId: number; n: number | string }>;
  const count = new Map(upcoming.map((u) => [Number(u.roomId), Number(u.n)]));
  return rooms
    .map((r) => ({ ...present(r), upcomingMeetings: count.get(r.id) ?? 0 }))
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, "vi", { numeric: true }));
}

export async function roomStats({ actor }: { actor: Actor }) {
  authorize(actor, "room:manage");
  const db = getDb();
  const [total, active] = await Promise.all([db.Room.count(), db.Room.count({ where: { active: true } })]);
  return { total, active };
}

export async function getRoom({ actor, roomId }: { actor: Actor; roomId: number }) {
  authorize(actor, "room:manage");
  const r = await getDb().Room.findByPk(roomId);
  if (!r) throw new NotFoundError("Không tìm thấy phòng họp.");
  return present(r);
}

async function assertNameFree(name: string, exceptId: number | null, transaction: Transaction) {
  const wanted = normalizeName(name);
  const rooms = await getDb().Room.findAll({ attributes: ["id", "name"], transaction });
  if (rooms.some((r) => r.id !== exceptId && normalizeName(r.name) === wanted)) throw new ConflictError(NAME_TAKEN, { name: NAME_TAKEN });
}

function assertCapacity(capacity: number) {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 2000) throw new ValidationError({ capacity: "Sức chứa phải là số nguyên từ 1 đến 2000." });
}

function rethrowUnique(e: unknown): never {
  if (e instanceof UniqueConstraintError) throw new ConflictError(NAME_TAKEN, { name: NAME_TAKEN });
  throw e;
}

const values = (input: RoomFormInput) => ({
  name: input.name.normalize("NFC").trim().replace(/\s+/g, " "),
  location: input.location || null,
  capacity: input.capacity,
  equipment: input.equipment || null,
});

export async function createRoom({ actor, input, transaction }: ActorProps & { input: RoomFormInput }) {
  authorize(actor, "room:manage");
  assertCapacity(input.capacity);
  const db = getDb();
  try {
    return await inTransaction(transaction, async (t) => {
      await assertNameFree(input.name, null, t);
      const room = await db.Room.create({ ...values(input), active: true }, { transaction: t });
      await recordAudit({ actorId: actor.id, action: "room.create", entityType: "room", entityId: room.id, after: auditView(room), transaction: t });
      return { id: room.id };
    });
  } catch (e) {
    rethrowUnique(e);
  }
}

export async function updateRoom({ actor, roomId, input, transaction }: ActorProps & { roomId: number; input: RoomFormInput }) {
  authorize(actor, "room:manage");
  assertCapacity(input.capacity);
  const db = getDb();
  try {
    return await inTransaction(transaction, async (t) => {
      const room = await db.Room.findByPk(roomId, { transaction: t, lock: t.LOCK.UPDATE });
      if (!room) throw new NotFoundError("Không tìm thấy phòng họp.");
      await assertNameFree(input.name, room.id, t);
      const before = auditView(room);
      await room.update(values(input), { transaction: t });
      await recordAudit({ actorId: actor.id, action: "room.update", entityType: "room", entityId: room.id, before, after: auditView(room), transaction: t });
      return { id: room.id };
    });
  } catch (e) {
    rethrowUnique(e);
  }
}

/** An inactive room is no longer offered for new meetings; past meetings keep it. */
export async function setRoomActive({ actor, roomId, active, transaction }: ActorProps & { roomId: number; active: boolean }) {
  authorize(actor, "room:manage");
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const room = await db.Room.findByPk(roomId, { transaction: t, lock: t.LOCK.UPDATE });
    if (!room) throw new NotFoundError("Không tìm thấy phòng họp.");
    if (Boolean(room.active) === active) return { id: room.id, changed: false };
    await room.update({ active }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: active ? "room.activate" : "room.deactivate", entityType: "room", entityId: room.id, before: { active: !active }, after: { active }, transaction: t });
    return { id: room.id, changed: true };
  });
}
