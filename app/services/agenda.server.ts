import { Op, type Transaction } from "sequelize";
import { getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { NotFoundError, ValidationError } from "../lib/errors";
import { recordAudit } from "./audit.server";
import { emitMeetingChanged } from "./meeting-events.server";
import { loadMeetingToManage } from "./meetings.server";
import { indexAgendaItem, removeFromIndex } from "./search-index.server";
import { inTransaction } from "./transaction.server";

type Actor = CurrentUser;
export type AgendaItemInput = { title: string; description: string | null; presenterUnitId: number | null; presenterUserId: number | null; durationMinutes: number };
export type AgendaStatus = "pending" | "discussing" | "done" | "postponed";

const MAX_ITEMS = 50;

async function assertPresenters(input: AgendaItemInput, transaction: Transaction) {
  const db = getDb();
  if (input.presenterUnitId != null && !(await db.Unit.findByPk(input.presenterUnitId, { transaction }))) {
    throw new ValidationError({ presenterUnitId: "Đơn vị trình bày không tồn tại." });
  }
  if (input.presenterUserId != null && !(await db.User.findByPk(input.presenterUserId, { transaction }))) {
    throw new ValidationError({ presenterUserId: "Người trình bày không tồn tại." });
  }
}

function assertEditable(status: string) {
  if (["ended", "cancelled"].includes(status)) throw new ValidationError({ _form: "Cuộc họp đã kết thúc hoặc đã hủy; không thể sửa chương trình." });
}

/** Every agenda change is a change to the invitation: SEQUENCE+1 so calendars pick up the new DESCRIPTION. */
async function touchMeeting(meeting: { id: number; icalSequence: number; version: number; update: Function }, transaction: Transaction) {
  await meeting.update({ icalSequence: meeting.icalSequence + 1, version: meeting.version + 1 }, { transaction });
}

async function itemOf(meetingId: number, itemId: number, transaction: Transaction) {
  const item = await getDb().AgendaItem.findOne({ where: { id: itemId, meetingId }, transaction });
  if (!item) throw new NotFoundError("Không tìm thấy nội dung họp.");
  return item;
}

export async function addAgendaItem({ actor, meetingId, input, transaction }: { actor: Actor; meetingId: number; input: AgendaItemInput; transaction?: Transaction }) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertEditable(meeting.status);
    await assertPresenters(input, t);
    const count = await db.AgendaItem.count({ where: { meetingId }, transaction: t });
    if (count >= MAX_ITEMS) throw new ValidationError({ _form: `Một cuộc họp có tối đa ${MAX_ITEMS} nội dung.` });
    const position = ((await db.AgendaItem.max("position", { where: { meetingId }, transaction: t })) as number | null ?? 0) + 1;
    const item = await db.AgendaItem.create({ meetingId, position, ...input }, { transaction: t });
    await touchMeeting(meeting, t);
    await recordAudit({ actorId: actor.id, action: "agenda.add", entityType: "meeting", entityId: meetingId, after: { itemId: item.id, ...input }, transaction: t });
    await indexAgendaItem(item.id, { transaction: t });
    emitMeetingChanged(t, meetingId, "agenda");
    return item;
  });
}

export async function updateAgendaItem({ actor, meetingId, itemId, input, transaction }: { actor: Actor; meetingId: number; itemId: number; input: AgendaItemInput; transaction?: Transaction }) {
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertEditable(meeting.status);
    const item = await itemOf(meetingId, itemId, t);
    await assertPresenters(input, t);
    const before = { title: item.title, description: item.description, presenterUnitId: item.presenterUnitId, presenterUserId: item.presenterUserId, durationMinutes: item.durationMinutes };
    await item.update(input, { transaction: t });
    await touchMeeting(meeting, t);
    await recordAudit({ actorId: actor.id, action: "agenda.update", entityType: "meeting", entityId: meetingId, before: { itemId, ...before }, after: { itemId, ...input }, transaction: t });
    await indexAgendaItem(item.id, { transaction: t });
    emitMeetingChanged(t, meetingId, "agenda");
    return item;
  });
}

export async function removeAgendaItem({ actor, meetingId, itemId, transaction }: { actor: Actor; meetingId: number; itemId: number; transaction?: Transaction }) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertEditable(meeting.status);
    const item = await itemOf(meetingId, itemId, t);
    const docs = await db.Document.count({ where: { ownerType: "agenda_item", ownerId: itemId }, transaction: t });
    if (docs) throw new ValidationError({ _form: "Nội dung này còn tài liệu đính kèm; hãy xóa tài liệu trước." });
    await item.destroy({ transaction: t });
    await renumber(meetingId, t);
    await touchMeeting(meeting, t);
    await recordAudit({ actorId: actor.id, action: "agenda.remove", entityType: "meeting", entityId: meetingId, before: { itemId, title: item.title }, transaction: t });
    await removeFromIndex("agenda_item", itemId, { transaction: t });
    emitMeetingChanged(t, meetingId, "agenda");
  });
}

async function renumber(meetingId: number, transaction: Transaction, order?: number[]) {
  const items = await getDb().AgendaItem.findAll({ where: { meetingId }, order: [["position", "ASC"], ["id", "ASC"]], transaction });
  const ids = order ?? items.map((i) => i.id);
  for (const [index, id] of ids.entries()) {
    const item = items.find((i) => i.id === id)!;
    if (item.position !== index + 1) await item.update({ position: index + 1 }, { transaction });
  }
}

/** Drag and drop sends the whole new order; it must be exactly the meeting's items. */
export async function reorderAgenda({ actor, meetingId, order, transaction }: { actor: Actor; meetingId: number; order: number[]; transaction?: Transaction }) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    assertEditable(meeting.status);
    const items = await db.AgendaItem.findAll({ attributes: ["id", "position"], where: { meetingId }, order: [["position", "ASC"]], transaction: t });
    const current = items.map((i) => i.id);
    if (order.length !== current.length || new Set(order).size !== order.length || order.some((id) => !current.includes(id))) {
      throw new ValidationError({ order: "Thứ tự không khớp với chương trình hiện tại; vui lòng tải lại trang." });
    }
    await renumber(meetingId, t, order);
    await touchMeeting(meeting, t);
    await recordAudit({ actorId: actor.id, action: "agenda.reorder", entityType: "meeting", entityId: meetingId, before: { order: current }, after: { order }, transaction: t });
    emitMeetingChanged(t, meetingId, "agenda");
  });
}

/** Keyboard reordering: one step up or down. */
export async function moveAgendaItem({ actor, meetingId, itemId, direction }: { actor: Actor; meetingId: number; itemId: number; direction: "up" | "down" }) {
  await loadMeetingToManage(actor, meetingId);
  const items = await getDb().AgendaItem.findAll({ attributes: ["id"], where: { meetingId }, order: [["position", "ASC"], ["id", "ASC"]] });
  const order = items.map((i) => i.id);
  const at = order.indexOf(itemId);
  if (at < 0) throw new NotFoundError("Không tìm thấy nội dung họp.");
  const to = direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= order.length) return;
  [order[at], order[to]] = [order[to], order[at]];
  await reorderAgenda({ actor, meetingId, order });
}

/** During the meeting: chưa thảo luận / đang thảo luận / đã xong / hoãn — one item at a time is "đang thảo luận". */
export async function setAgendaItemStatus({ actor, meetingId, itemId, status, transaction }: { actor: Actor; meetingId: number; itemId: number; status: AgendaStatus; transaction?: Transaction }) {
  const db = getDb();
  return inTransaction(transaction, async (t) => {
    const meeting = await loadMeetingToManage(actor, meetingId, t);
    if (!["in_progress", "convened", "ended"].includes(meeting.status)) {
      throw new ValidationError({ _form: "Chỉ cập nhật tình trạng nội dung khi cuộc họp đã triệu tập hoặc đang họp." });
    }
    const item = await itemOf(meetingId, itemId, t);
    const before = item.status;
    if (status === "discussing") {
      await db.AgendaItem.update({ status: "pending" }, { where: { meetingId, status: "discussing", id: { [Op.ne]: itemId } }, transaction: t });
    }
    await item.update({ status }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: "agenda.status", entityType: "meeting", entityId: meetingId, before: { itemId, status: before }, after: { itemId, status }, transaction: t });
    emitMeetingChanged(t, meetingId, "agenda", { itemId, status });
    return item;
  });
}
