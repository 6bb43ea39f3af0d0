// Chương trình họp (agenda), thành phần mời (invitations), trả lời giấy mời,
// điểm danh and the quorum, against the demo installation.
import type { CurrentUser } from "../../app/lib/current-user";
import { ForbiddenError, NotFoundError, ValidationError } from "../../app/lib/errors";
import { parseWith } from "../../app/lib/http.server";
import { rsvpSchema } from "../../app/schemas/meeting";
import { addAgendaItem, moveAgendaItem, removeAgendaItem, reorderAgenda, setAgendaItemStatus, updateAgendaItem, type AgendaItemInput } from "../../app/services/agenda.server";
import { attendanceSummary, checkIn, inviteToMeeting, respondToInvitation } from "../../app/services/invitations.server";
import { scheduleMeeting, transitionMeeting } from "../../app/services/meetings.server";
import type { Meeting } from "../../models";
import * as f from "../factories";
import { closeDb } from "../helpers/db";
import { counts, meetingInput, rejection, seedDemo, type Demo } from "./helpers";

let demo: Demo;
let nextDay = 25;

beforeAll(async () => {
  demo = await seedDemo();
});
afterAll(() => closeDb());

/** A UBND-TP meeting on its own day; convened unless asked otherwise. */
async function meeting({ convene = true, title = "Phiên họp UBND Thành phố thử nghiệm" } = {}) {
  const m = await scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: nextDay++, title }) });
  if (convene) await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: m.version });
  return (await demo.db.Meeting.findByPk(m.id))!;
}
const reload = async (id: number) => (await demo.db.Meeting.findByPk(id))!;
const item = (title: string, over: Partial<AgendaItemInput> = {}): AgendaItemInput => ({ title, description: null, presenterUnitId: null, presenterUserId: null, durationMinutes: 30, ...over });
/** The agenda as [title, position] in order. */
async function agenda(meetingId: number) {
  const items = await demo.db.AgendaItem.findAll({ where: { meetingId }, order: [["position", "ASC"]] });
  return items.map((i) => [i.title, i.position] as const);
}
const invitationOf = async (meetingId: number, userId: number) => (await demo.db.Invitation.findOne({ where: { meetingId, userId } }))!;

describe("agenda", () => {
  let m: Meeting;
  const ids: Record<"a" | "b" | "c", number> = { a: 0, b: 0, c: 0 };

  beforeAll(async () => {
    m = await meeting({ convene: false });
  });

  test("three items get positions 1..3; each addition bumps version and SEQUENCE", async () => {
    const { users, units } = demo;
    const start = await reload(m.id);
    ids.a = (await addAgendaItem({ actor: users.vanphong, meetingId: m.id, input: item("Báo cáo tình hình kinh tế – xã hội", { presenterUnitId: units.snv.id, presenterUserId: users.thanhvien.id }) })).id;
    ids.b = (await addAgendaItem({ actor: users.vanphong, meetingId: m.id, input: item("Tình hình giải ngân vốn đầu tư công", { durationMinutes: 45 }) })).id;
    ids.c = (await addAgendaItem({ actor: users.vanphong, meetingId: m.id, input: item("Các nội dung khác") })).id;
    expect(await agenda(m.id)).toEqual([
      ["Báo cáo tình hình kinh tế – xã hội", 1],
      ["Tình hình giải ngân vốn đầu tư công", 2],
      ["Các nội dung khác", 3],
    ]);
    expect(await reload(m.id)).toMatchObject({ icalSequence: start.icalSequence + 3, version: start.version + 3 });
    expect(await demo.db.AuditEvent.count({ where: { action: "agenda.add", entityId: m.id } })).toBe(3);
  });

  test("an unknown presenter is refused", async () => {
    await expect(addAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, input: item("Nội dung lạ", { presenterUserId: 999_999 }) })).rejects.toMatchObject({
      fields: { presenterUserId: "Người trình bày không tồn tại." },
    });
    expect(await agenda(m.id)).toHaveLength(3);
  });

  test("move down and up swap neighbours; moving past either end changes nothing", async () => {
    await moveAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, itemId: ids.a, direction: "down" });
    expect((await agenda(m.id)).map(([t]) => t)).toEqual(["Tình hình giải ngân vốn đầu tư công", "Báo cáo tình hình kinh tế – xã hội", "Các nội dung khác"]);
    await moveAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, itemId: ids.c, direction: "up" });
    expect(await agenda(m.id)).toEqual([
      ["Tình hình giải ngân vốn đầu tư công", 1],
      ["Các nội dung khác", 2],
      ["Báo cáo tình hình kinh tế – xã hội", 3],
    ]);
    const seq = (await reload(m.id)).icalSequence;
    await moveAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, itemId: ids.b, direction: "up" });
    await moveAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, itemId: ids.a, direction: "down" });
    expect((await agenda(m.id)).map(([t]) => t)).toEqual(["Tình hình giải ngân vốn đầu tư công", "Các nội dung khác", "Báo cáo tình hình kinh tế – xã hội"]);
    expect((await reload(m.id)).icalSequence).toBe(seq);
  });

  test("reorderAgenda with an exact permutation sets positions 1..n and bumps SEQUENCE", async () => {
    const before = await reload(m.id);
    await reorderAgenda({ actor: demo.users.vanphong, meetingId: m.id, order: [ids.a, ids.b, ids.c] });
    expect(await agenda(m.id)).toEqual([
      ["Báo cáo tình hình kinh tế – xã hội", 1],
      ["Tình hình giải ngân vốn đầu tư công", 2],
      ["Các nội dung khác", 3],
    ]);
    expect(await reload(m.id)).toMatchObject({ icalSequence: before.icalSequence + 1, version: before.version + 1 });
  });

  test("a wrong set of ids (missing, extra, duplicate, another meeting's item) is refused and changes nothing", async () => {
    const other = await meeting({ convene: false, title: "Cuộc họp khác" });
    const foreign = await addAgendaItem({ actor: demo.users.vanphong, meetingId: other.id, input: item("Nội dung của cuộc họp khác") });
    const before = { agenda: await agenda(m.id), meeting: (await reload(m.id)).toJSON(), counts: await counts(demo.db) };
    for (const order of [
      [ids.c, ids.a], // missing
      [ids.c, ids.a, ids.b, 999_999], // extra
      [ids.c, ids.a, ids.a], // duplicate (right length)
      [ids.c, ids.a, foreign.id], // another meeting's item
      [],
    ]) {
      const error = await rejection(reorderAgenda({ actor: demo.users.vanphong, meetingId: m.id, order }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.fields).toEqual({ order: "Thứ tự không khớp với chương trình hiện tại; vui lòng tải lại trang." });
    }
    expect(await agenda(m.id)).toEqual(before.agenda);
    expect((await reload(m.id)).toJSON()).toEqual(before.meeting);
    expect(await counts(demo.db)).toEqual(before.counts);
  });

  test("updating and removing items bump SEQUENCE; removal renumbers", async () => {
    let seq = (await reload(m.id)).icalSequence;
    await updateAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, itemId: ids.b, input: item("Giải ngân vốn đầu tư công 6 tháng", { durationMinutes: 60 }) });
    expect((await reload(m.id)).icalSequence).toBe(++seq);
    await removeAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, itemId: ids.a });
    expect((await reload(m.id)).icalSequence).toBe(++seq);
    expect(await agenda(m.id)).toEqual([
      ["Giải ngân vốn đầu tư công 6 tháng", 1],
      ["Các nội dung khác", 2],
    ]);
    ids.a = (await addAgendaItem({ actor: demo.users.vanphong, meetingId: m.id, input: item("Báo cáo tình hình kinh tế – xã hội") })).id;
    expect((await agenda(m.id)).at(-1)).toEqual(["Báo cáo tình hình kinh tế – xã hội", 3]);
  });

  test("staff and members cannot change the agenda (403 for the chair; 404 where the draft is hidden)", async () => {
    const { users, db } = demo;
    const before = { agenda: await agenda(m.id), counts: await counts(db) };
    for (const actor of [users.chuyenvien, users.thanhvien, users.chutich]) {
      for (const call of [
        () => addAgendaItem({ actor, meetingId: m.id, input: item("Nội dung chen ngang") }),
        () => updateAgendaItem({ actor, meetingId: m.id, itemId: ids.b, input: item("Đổi tên") }),
        () => removeAgendaItem({ actor, meetingId: m.id, itemId: ids.b }),
        () => reorderAgenda({ actor, meetingId: m.id, order: [ids.a, ids.b, ids.c] }),
        () => moveAgendaItem({ actor, meetingId: m.id, itemId: ids.c, direction: "up" }),
      ]) {
        const error = await rejection(call());
        // A draft is visible only to the secretariat and the meeting's chair and secretary.
        expect(error).toBeInstanceOf(actor === users.chutich ? ForbiddenError : NotFoundError);
      }
    }
    // A restricted Party meeting does not even exist for an outsider.
    const party = (await db.Meeting.findOne({ where: { bodyId: demo.bcsd.id, status: "convened" }, include: [{ model: db.AgendaItem, as: "agendaItems" }] }))!;
    await expect(addAgendaItem({ actor: users.chuyenvien, meetingId: party.id, input: item("Nội dung chen ngang") })).rejects.toBeInstanceOf(NotFoundError);
    await expect(setAgendaItemStatus({ actor: users.chuyenvien, meetingId: party.id, itemId: party.agendaItems![0].id, status: "done" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await agenda(m.id)).toEqual(before.agenda);
    expect(await counts(db)).toEqual(before.counts);
  });

  test("item status: only once convened; 'discussing' leaves exactly one item discussing", async () => {
    const { users, db } = demo;
    await expect(setAgendaItemStatus({ actor: users.vanphong, meetingId: m.id, itemId: ids.a, status: "discussing" })).rejects.toMatchObject({
      fields: { _form: "Chỉ cập nhật tình trạng nội dung khi cuộc họp đã triệu tập hoặc đang họp." },
    });
    await transitionMeeting({ actor: users.vanphong, meetingId: m.id, to: "convened", version: (await reload(m.id)).version });
    const statuses = async () => Object.fromEntries((await db.AgendaItem.findAll({ where: { meetingId: m.id } })).map((i) => [i.id, i.status]));

    await setAgendaItemStatus({ actor: users.vanphong, meetingId: m.id, itemId: ids.b, status: "discussing" });
    expect(await statuses()).toEqual({ [ids.a]: "pending", [ids.b]: "discussing", [ids.c]: "pending" });
    await setAgendaItemStatus({ actor: users.vanphong, meetingId: m.id, itemId: ids.b, status: "done" });
    await setAgendaItemStatus({ actor: users.vanphong, meetingId: m.id, itemId: ids.c, status: "discussing" });
    await setAgendaItemStatus({ actor: users.vanphong, meetingId: m.id, itemId: ids.a, status: "discussing" });
    expect(await statuses()).toEqual({ [ids.a]: "discussing", [ids.b]: "done", [ids.c]: "pending" });
    expect(await db.AuditEvent.count({ where: { action: "agenda.status", entityId: m.id } })).toBe(4);
  });

  // Two secretaries (or a double click) mark the same item «Đang thảo luận».
  test("marking the item already being discussed as 'discussing' again keeps it discussing", async () => {
    expect((await demo.db.AgendaItem.findByPk(ids.a))!.status).toBe("discussing"); // from the test above
    await setAgendaItemStatus({ actor: demo.users.vanphong, meetingId: m.id, itemId: ids.a, status: "discussing" });
    expect((await demo.db.AgendaItem.findByPk(ids.a))!.status).toBe("discussing");
  });
});

describe("invitations", () => {
  let m: Meeting;
  beforeAll(async () => {
    m = await meeting({ title: "Phiên họp có khách mời" });
  });

  test("invite users and units: guests, notified once the meeting is convened", async () => {
    const { users, units, db } = demo;
    const before = await counts(db);
    const result = await inviteToMeeting({ actor: users.vanphong, meetingId: m.id, userIds: [users.chuyenvien.id], unitIds: [units.badinh.id] });
    expect(result).toEqual({ added: 2 });
    expect(await invitationOf(m.id, users.chuyenvien.id)).toMatchObject({ role: "guest", rsvp: "pending" });
    expect(await db.Invitation.findOne({ where: { meetingId: m.id, unitId: units.badinh.id } })).toMatchObject({ role: "guest", userId: null });
    // the invited user and the active users of the unit (badinh) are told
    const notified = await db.Notification.findAll({ where: { entityId: m.id, title: `Giấy mời họp: ${m.title}`, userId: [users.chuyenvien.id, users.badinh.id] } });
    expect(notified.map((n) => n.userId).sort()).toEqual([users.chuyenvien.id, users.badinh.id].sort());
    expect(await counts(db)).toMatchObject({ invitations: before.invitations + 2, notifications: before.notifications + 2, audits: before.audits + 1 });
  });

  test("inviting again is refused; a mix only adds the new ones; unknown people are refused", async () => {
    const { users, units, db } = demo;
    const before = await counts(db);
    await expect(inviteToMeeting({ actor: users.vanphong, meetingId: m.id, userIds: [users.chuyenvien.id, users.thanhvien.id], unitIds: [units.badinh.id] })).rejects.toMatchObject({
      status: 400,
      fields: { userIds: "Những người/đơn vị này đã có trong thành phần mời." },
    });
    await expect(inviteToMeeting({ actor: users.vanphong, meetingId: m.id, userIds: [999_999], unitIds: [] })).rejects.toMatchObject({
      fields: { userIds: "Có người được mời không tồn tại hoặc đã ngừng hoạt động." },
    });
    await expect(inviteToMeeting({ actor: users.vanphong, meetingId: m.id, userIds: [], unitIds: [999_999] })).rejects.toMatchObject({
      fields: { unitIds: "Có đơn vị được mời không tồn tại." },
    });
    expect(await counts(db)).toEqual(before);
    await expect(inviteToMeeting({ actor: users.vanphong, meetingId: m.id, userIds: [users.chuyenvien.id, users.tuphap.id], unitIds: [] })).resolves.toEqual({ added: 1 });
    await expect(inviteToMeeting({ actor: users.chuyenvien, meetingId: m.id, userIds: [users.gdtc.id], unitIds: [] })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("answering an invitation", () => {
  let m: Meeting;
  beforeAll(async () => {
    m = await meeting({ title: "Phiên họp lấy ý kiến về quy hoạch" });
    await inviteToMeeting({ actor: demo.users.vanphong, meetingId: m.id, userIds: [], unitIds: [demo.units.badinh.id] });
  });
  /** The «Trả lời» form: parsed by rsvpSchema like the route does, then answered. */
  const answer = async (actor: CurrentUser, form: Record<string, unknown>) => respondToInvitation({ actor, ...parseWith(rsvpSchema, form) });

  test("attending", async () => {
    const inv = await invitationOf(m.id, demo.users.thanhvien.id);
    await answer(demo.users.thanhvien, { invitationId: String(inv.id), rsvp: "attending", reason: "" });
    const after = await invitationOf(m.id, demo.users.thanhvien.id);
    expect(after).toMatchObject({ rsvp: "attending", reason: null, delegateUserId: null });
    expect(after.respondedAt).toBeInstanceOf(Date);
    expect(await demo.db.AuditEvent.count({ where: { action: "invitation.respond", entityId: m.id, actorId: demo.users.thanhvien.id } })).toBe(1);
  });

  test("absent needs a reason (rsvpSchema); with a reason it is recorded", async () => {
    const inv = await invitationOf(m.id, demo.users.gdtc.id);
    await expect(answer(demo.users.gdtc, { invitationId: String(inv.id), rsvp: "absent", reason: "   " })).rejects.toMatchObject({
      fields: { reason: "Vui lòng nêu lý do vắng mặt." },
    });
    expect(await invitationOf(m.id, demo.users.gdtc.id)).toMatchObject({ rsvp: "pending", respondedAt: null });

    await answer(demo.users.gdtc, { invitationId: String(inv.id), rsvp: "absent", reason: "Đi công tác tại Bộ Tài chính." });
    expect(await invitationOf(m.id, demo.users.gdtc.id)).toMatchObject({ rsvp: "absent", reason: "Đi công tác tại Bộ Tài chính." });
  });

  test("delegated: the delegate gets a linked invitation and a notification; changing the answer withdraws it", async () => {
    const { users, db } = demo;
    const inv = await invitationOf(m.id, users.gdkhdt.id);
    await expect(answer(users.gdkhdt, { invitationId: String(inv.id), rsvp: "delegated" })).rejects.toMatchObject({ fields: { delegateUserId: "Vui lòng chọn người dự thay." } });
    await expect(answer(users.gdkhdt, { invitationId: String(inv.id), rsvp: "delegated", delegateUserId: String(users.gdkhdt.id) })).rejects.toMatchObject({
      fields: { delegateUserId: "Không thể cử chính mình dự thay." },
    });

    await answer(users.gdkhdt, { invitationId: String(inv.id), rsvp: "delegated", reason: "Dự hội nghị xúc tiến đầu tư.", delegateUserId: String(users.pgdkhdt.id) });

    expect(await invitationOf(m.id, users.gdkhdt.id)).toMatchObject({ rsvp: "delegated", delegateUserId: users.pgdkhdt.id, reason: "Dự hội nghị xúc tiến đầu tư." });
    const delegate = await invitationOf(m.id, users.pgdkhdt.id);
    expect(delegate).toMatchObject({ delegatedFromId: inv.id, role: "member", rsvp: "pending" });
    const told = await db.Notification.findAll({ where: { userId: users.pgdkhdt.id, entityId: m.id } });
    expect(told.map((n) => n.title)).toEqual([`Bạn được cử dự họp thay: ${m.title}`]);

    // Answering the same again does not duplicate the delegate.
    await answer(users.gdkhdt, { invitationId: String(inv.id), rsvp: "delegated", reason: "Dự hội nghị.", delegateUserId: String(users.pgdkhdt.id) });
    expect(await db.Invitation.count({ where: { meetingId: m.id, delegatedFromId: inv.id } })).toBe(1);

    // He can attend after all: the delegate's invitation is withdrawn.
    await answer(users.gdkhdt, { invitationId: String(inv.id), rsvp: "attending" });
    expect(await invitationOf(m.id, users.gdkhdt.id)).toMatchObject({ rsvp: "attending", delegateUserId: null, reason: null });
    expect(await db.Invitation.findOne({ where: { meetingId: m.id, userId: users.pgdkhdt.id } })).toBeNull();
  });

  test("a unit's invitation is answered by one of its people, naming a colleague who attends", async () => {
    const { users, units, db } = demo;
    const colleague = await f.createUser(db, { fullName: "Phan Văn Bình", title: "Phó Chánh Văn phòng quận Ba Đình", unitId: units.badinh.id, roles: ["staff"] });
    const unitInv = (await db.Invitation.findOne({ where: { meetingId: m.id, unitId: units.badinh.id } }))!;

    await expect(answer(users.badinh, { invitationId: String(unitInv.id), rsvp: "delegated", delegateUserId: String(users.chuyenvien.id) })).rejects.toMatchObject({
      fields: { delegateUserId: "Người dự họp phải thuộc đơn vị được mời." },
    });
    await answer(users.badinh, { invitationId: String(unitInv.id), rsvp: "delegated", delegateUserId: String(colleague.id) });

    expect(await db.Invitation.findByPk(unitInv.id)).toMatchObject({ rsvp: "delegated", delegateUserId: colleague.id });
    expect(await invitationOf(m.id, colleague.id)).toMatchObject({ delegatedFromId: unitInv.id, rsvp: "attending", role: "guest" });
    const told = await db.Notification.findAll({ where: { userId: colleague.id, entityId: m.id } });
    expect(told.map((n) => n.title)).toEqual([`Bạn được đơn vị cử dự họp: ${m.title}`]);
  });

  test("answering someone else's invitation is forbidden; the invitation is unchanged", async () => {
    const { users, db } = demo;
    const inv = await invitationOf(m.id, users.phochutich.id);
    for (const actor of [users.chuyenvien, users.thanhvien, users.vanphong]) {
      const error = await rejection(answer(actor, { invitationId: String(inv.id), rsvp: "absent", reason: "Thay mặt trả lời." }));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.message).toBe("Bạn chỉ có thể trả lời giấy mời của mình hoặc của đơn vị mình.");
    }
    // and a unit's invitation by someone of another unit
    const unitInv = (await db.Invitation.findOne({ where: { meetingId: m.id, unitId: demo.units.badinh.id } }))!;
    await expect(answer(users.chuyenvien, { invitationId: String(unitInv.id), rsvp: "attending" })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await invitationOf(m.id, users.phochutich.id)).toMatchObject({ rsvp: "pending", reason: null });
  });

  // thanhvien names gdtttt, who already has his own invitation to the meeting.
  test("delegating to someone already invited is refused with a field message (not a database error)", async () => {
    const { users } = demo;
    const inv = await invitationOf(m.id, users.thanhvien.id);
    await expect(answer(users.thanhvien, { invitationId: String(inv.id), rsvp: "delegated", delegateUserId: String(users.gdtttt.id) })).rejects.toMatchObject({
      status: 400,
      fields: { delegateUserId: `${users.gdtttt.fullName} đã có trong thành phần mời.` },
    });
  });
});

describe("check-in and quorum", () => {
  let m: Meeting;
  beforeAll(async () => {
    m = await meeting({ title: "Phiên họp điểm danh" });
    // gdkhdt sends his deputy, who is not a member of UBND-TP.
    const inv = await invitationOf(m.id, demo.users.gdkhdt.id);
    await respondToInvitation({ actor: demo.users.gdkhdt, invitationId: inv.id, rsvp: "delegated", reason: "Đi công tác.", delegateUserId: demo.users.pgdkhdt.id });
  });
  const checkInAs = async (actor: CurrentUser, userId: number, extra: { undo?: boolean; now?: Date } = {}) =>
    checkIn({ actor, meetingId: m.id, invitationId: (await invitationOf(m.id, userId)).id, ...extra });

  test("quorum 2/3 of 8 members needs 6; the secretary's check-ins count; delegates do not", async () => {
    const { users } = demo;
    expect(await attendanceSummary(m.id)).toMatchObject({ total: 8, required: 6, present: 0, reached: false, rule: "2/3", checkedIn: 0 });

    for (const u of [users.chutich, users.phochutich, users.phochutich2, users.thanhvien, users.gdtttt]) await checkInAs(users.vanphong, u.id);
    // the deputy attends for gdkhdt but is not a member
    await checkInAs(users.vanphong, users.pgdkhdt.id);
    expect(await attendanceSummary(m.id)).toMatchObject({ present: 5, required: 6, reached: false, checkedIn: 6 });

    const gdtc = await checkInAs(users.vanphong, users.gdtc.id);
    expect(gdtc).toMatchObject({ checkedInById: users.vanphong.id, rsvp: "attending" });
    expect(await attendanceSummary(m.id)).toMatchObject({ present: 6, required: 6, reached: true, checkedIn: 7 });
    expect(await demo.db.AuditEvent.count({ where: { action: "invitation.check_in", entityId: m.id } })).toBe(7);
  });

  test("undoing a check-in is for the secretary only", async () => {
    const { users } = demo;
    const own = await rejection(checkInAs(users.gdtc, users.gdtc.id, { undo: true, now: m.startsAt }));
    expect(own).toBeInstanceOf(ForbiddenError);
    expect(own.message).toBe("Chỉ thư ký cuộc họp mới hủy được điểm danh.");
    await expect(checkInAs(users.chutich, users.gdtc.id, { undo: true })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await invitationOf(m.id, users.gdtc.id)).checkedInAt).not.toBeNull();

    await checkInAs(users.vanphong, users.gdtc.id, { undo: true });
    expect(await invitationOf(m.id, users.gdtc.id)).toMatchObject({ checkedInAt: null, checkedInById: null });
    expect(await attendanceSummary(m.id)).toMatchObject({ present: 5, reached: false });
  });

  test("self check-in only from 30 minutes before the start until the end", async () => {
    const { users } = demo;
    const minutes = (n: number) => n * 60_000;
    const at = (base: Date, delta: number) => new Date(base.getTime() + delta);
    for (const now of [at(m.startsAt, -minutes(31)), at(m.endsAt, minutes(1))]) {
      const error = await rejection(checkInAs(users.gdtc, users.gdtc.id, { now }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.fields).toEqual({ _form: "Chỉ tự điểm danh được từ 30 phút trước giờ họp đến khi kết thúc." });
    }
    expect((await invitationOf(m.id, users.gdtc.id)).checkedInAt).toBeNull();

    const now = at(m.startsAt, -minutes(29));
    await checkInAs(users.gdtc, users.gdtc.id, { now });
    const inv = await invitationOf(m.id, users.gdtc.id);
    expect(inv.checkedInAt!.getTime()).toBe(now.getTime());
    expect(inv.checkedInById).toBe(users.gdtc.id);
    expect(await attendanceSummary(m.id)).toMatchObject({ present: 6, reached: true });
  });

  test("nobody checks in someone else but the secretary; a draft meeting takes no check-ins", async () => {
    const { users } = demo;
    const error = await rejection(checkInAs(users.thanhvien, users.gdkhdt.id, { now: m.startsAt }));
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error.message).toBe("Bạn chỉ có thể tự điểm danh cho mình.");
    await expect(checkInAs(users.chutich, users.gdkhdt.id, { now: m.startsAt })).rejects.toBeInstanceOf(ForbiddenError);

    const draft = await meeting({ convene: false });
    const inv = await invitationOf(draft.id, users.thanhvien.id);
    await expect(checkIn({ actor: users.vanphong, meetingId: draft.id, invitationId: inv.id })).rejects.toMatchObject({ fields: { _form: "Cuộc họp chưa triệu tập hoặc đã hủy." } });
    // the right invitation id under the wrong meeting is not found
    await expect(checkIn({ actor: users.vanphong, meetingId: m.id, invitationId: inv.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a unit is checked in through the person it sends, not as a unit", async () => {
    const { users, units, db } = demo;
    await inviteToMeeting({ actor: users.vanphong, meetingId: m.id, userIds: [], unitIds: [units.badinh.id] });
    const unitInv = (await db.Invitation.findOne({ where: { meetingId: m.id, unitId: units.badinh.id } }))!;
    await expect(checkIn({ actor: users.vanphong, meetingId: m.id, invitationId: unitInv.id })).rejects.toMatchObject({
      fields: { _form: "Điểm danh theo người dự họp của đơn vị, không theo đơn vị." },
    });
    const badinh = users.badinh;
    await respondToInvitation({ actor: badinh, invitationId: unitInv.id, rsvp: "delegated", reason: null, delegateUserId: badinh.id });
    await checkInAs(users.vanphong, badinh.id);
    expect(await attendanceSummary(m.id)).toMatchObject({ present: 6, checkedIn: 8 });
  });
});
