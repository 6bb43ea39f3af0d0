import type { Db } from "../../models";
import type { Actor } from "../../app/policies";
import { roomSchema } from "../../app/schemas/admin";
import { createRoom, listRooms, setRoomActive, updateRoom, type RoomFormInput } from "../../app/services/rooms.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";

let db: Db;
let admin: Actor;
let secretariat: Actor;
let staff: Actor;

const input = (over: Partial<RoomFormInput> = {}): RoomFormInput => ({ name: "Phòng họp A", location: null, capacity: 30, equipment: null, ...over });

beforeAll(async () => {
  db = await resetDatabase();
  const a = await f.createUser(db, { roles: ["admin"] });
  const s = await f.createUser(db, { roles: ["secretariat"] });
  const t = await f.createUser(db, { roles: ["staff"] });
  admin = { id: a.id, roles: ["admin"], unitId: null };
  secretariat = { id: s.id, roles: ["secretariat"], unitId: null };
  staff = { id: t.id, roles: ["staff"], unitId: null };
});
afterAll(() => closeDb());

test("room schema: capacity 1–2000, name required", () => {
  const msg = (v: Record<string, unknown>) => {
    const r = roomSchema.safeParse(v);
    return (r.success ? [] : r.error.issues).reduce<Record<string, string>>((acc, i) => ((acc[i.path.join(".")] ??= i.message), acc), {});
  };
  expect(roomSchema.parse({ name: " Phòng 1 ", location: "", capacity: "2000", equipment: "" })).toEqual({ name: "Phòng 1", location: null, capacity: 2000, equipment: null });
  expect(msg({ name: "", capacity: "0" })).toEqual({ name: "Vui lòng nhập tên phòng họp.", capacity: "Sức chứa phải là số nguyên từ 1 đến 2000." });
  expect(msg({ name: "P", capacity: "2001" })).toEqual({ capacity: "Sức chứa phải là số nguyên từ 1 đến 2000." });
  expect(msg({ name: "P", capacity: "12.5" })).toEqual({ capacity: "Sức chứa phải là số nguyên từ 1 đến 2000." });
  expect(msg({ name: "P", capacity: "" })).toEqual({ capacity: "Vui lòng nhập sức chứa." });
});

test("create, update, deactivate with audit events", async () => {
  const { id } = await createRoom({ actor: secretariat, input: input({ name: "Phòng họp số 1", location: "Tầng 2", equipment: "Màn hình LED" }) });
  const [created] = await db.AuditEvent.findAll({ where: { action: "room.create", entityId: id } });
  expect(created.after).toEqual({ name: "Phòng họp số 1", location: "Tầng 2", capacity: 30, equipment: "Màn hình LED", active: true });

  await updateRoom({ actor: admin, roomId: id, input: input({ name: "Phòng họp số 1", capacity: 80 }) });
  const [updated] = await db.AuditEvent.findAll({ where: { action: "room.update", entityId: id } });
  expect(updated.before).toMatchObject({ capacity: 30 });
  expect(updated.after).toMatchObject({ capacity: 80, location: null });

  await setRoomActive({ actor: secretariat, roomId: id, active: false });
  expect((await db.Room.findByPk(id))!.active).toBe(false);
  expect(await db.AuditEvent.count({ where: { action: "room.deactivate", entityId: id } })).toBe(1);
  const list = await listRooms({ actor: secretariat });
  expect(list.find((r) => r.id === id)).toMatchObject({ active: false, capacity: 80, upcomingMeetings: 0 });
});

test("names are unique ignoring case (also for Vietnamese letters)", async () => {
  await createRoom({ actor: admin, input: input({ name: "Phòng Họp Đông" }) });
  const before = { rooms: await db.Room.count(), audits: await db.AuditEvent.count() };
  await expect(createRoom({ actor: admin, input: input({ name: "PHÒNG HỌP ĐÔNG" }) })).rejects.toMatchObject({ status: 409, fields: { name: "Tên phòng họp đã được sử dụng." } });
  const other = await createRoom({ actor: admin, input: input({ name: "Phòng Tây" }) });
  await expect(updateRoom({ actor: admin, roomId: other.id, input: input({ name: "phòng họp đông" }) })).rejects.toMatchObject({ status: 409 });
  // renaming a room to its own name (different case) is fine
  await updateRoom({ actor: admin, roomId: other.id, input: input({ name: "PHÒNG TÂY" }) });
  expect(await db.Room.count()).toBe(before.rooms + 1);
});

test("capacity out of range and unauthorised actors write nothing", async () => {
  const before = { rooms: await db.Room.count(), audits: await db.AuditEvent.count() };
  await expect(createRoom({ actor: admin, input: input({ name: "Hội trường lớn", capacity: 5000 }) })).rejects.toMatchObject({ status: 400, fields: { capacity: expect.any(String) } });
  await expect(createRoom({ actor: staff, input: input({ name: "Phòng của tôi" }) })).rejects.toMatchObject({ status: 403 });
  await expect(updateRoom({ actor: admin, roomId: 999999, input: input({ name: "Không có" }) })).rejects.toMatchObject({ status: 404 });
  expect({ rooms: await db.Room.count(), audits: await db.AuditEvent.count() }).toEqual(before);
});
