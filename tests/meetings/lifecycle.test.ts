// Nháp → Đã triệu tập → Đang họp → Đã kết thúc, plus Hoãn and Hủy: every step
// bumps version and the calendar SEQUENCE, is audited and tells the invitees;
// stale forms are refused with 409 and change nothing.
import { ConflictError, ValidationError } from "../../app/lib/errors";
import { parseWith } from "../../app/lib/http.server";
import { cancelSchema, postponeSchema } from "../../app/schemas/meeting";
import { addAgendaItem, moveAgendaItem, removeAgendaItem, reorderAgenda, updateAgendaItem } from "../../app/services/agenda.server";
import { cancelMeeting, postponeMeeting, scheduleMeeting, transitionMeeting, updateMeetingDetails } from "../../app/services/meetings.server";
import * as f from "../factories";
import { closeDb } from "../helpers/db";
import { actorFor, counts, hanoiDay, hanoiYmdOf, hanoiInstant, meetingInput, rejection, seedDemo, vnDate, type Demo } from "./helpers";

let demo: Demo;
let nextDay = 30;

beforeAll(async () => {
  demo = await seedDemo();
});
afterAll(() => closeDb());

/** A fresh UBND-TP draft on its own day, so meetings of different tests never overlap. */
async function draft(title = "Phiên họp UBND Thành phố thường kỳ thử nghiệm") {
  return scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: nextDay++, title }) });
}
const reload = async (id: number) => (await demo.db.Meeting.findByPk(id))!;
const notificationsFor = (meetingId: number, title: string) => demo.db.Notification.findAll({ where: { entityType: "meeting", entityId: meetingId, title } });
/** The 7 invitees of a UBND-TP meeting other than the acting secretariat. */
async function inviteesExceptActor(meetingId: number) {
  const rows = await demo.db.Invitation.findAll({ where: { meetingId } });
  return rows.map((i) => i.userId!).filter((id) => id !== demo.users.vanphong.id).sort((a, b) => a - b);
}

describe("draft → convened → in_progress → ended", () => {
  test("convening bumps version and SEQUENCE, is audited and notifies every invitee but the actor", async () => {
    const { db, users } = demo;
    const m = await draft("Phiên họp triệu tập thử nghiệm");
    const before = await counts(db);

    await transitionMeeting({ actor: users.vanphong, meetingId: m.id, to: "convened", version: m.version });

    expect(await reload(m.id)).toMatchObject({ status: "convened", version: m.version + 1, icalSequence: m.icalSequence + 1, statusReason: null });
    const audit = await db.AuditEvent.findAll({ where: { action: "meeting.convene", entityId: m.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: users.vanphong.id, before: { status: "draft" }, after: { status: "convened" } });

    const notices = await notificationsFor(m.id, `Giấy mời họp: ${m.title}`);
    expect(notices.map((n) => n.userId).sort((a, b) => a - b)).toEqual(await inviteesExceptActor(m.id));
    expect(notices).toHaveLength(7);
    expect(notices[0]).toMatchObject({ kind: "meeting", url: `/meetings/${m.id}`, body: `08:00 ngày ${vnDate(hanoiYmdOf(m.startsAt))}. Vui lòng xác nhận tham dự.` });
    expect(notices.some((n) => n.userId === users.vanphong.id)).toBe(false);
    expect(await counts(db)).toMatchObject({ audits: before.audits + 1, notifications: before.notifications + 7 });
  });

  test("then in_progress and ended, each audited and one version/SEQUENCE further", async () => {
    const { db, users } = demo;
    const m = await draft();
    await transitionMeeting({ actor: users.vanphong, meetingId: m.id, to: "convened", version: 1 });
    await transitionMeeting({ actor: users.vanphong, meetingId: m.id, to: "in_progress", version: 2 });
    expect(await reload(m.id)).toMatchObject({ status: "in_progress", version: 3, icalSequence: 2 });
    expect(await notificationsFor(m.id, `Cuộc họp «${m.title}» đã bắt đầu`)).toHaveLength(7);

    await transitionMeeting({ actor: users.vanphong, meetingId: m.id, to: "ended", version: 3 });
    expect(await reload(m.id)).toMatchObject({ status: "ended", version: 4, icalSequence: 3 });
    const actions = (await db.AuditEvent.findAll({ where: { entityType: "meeting", entityId: m.id }, order: [["id", "ASC"]] })).map((a) => a.action);
    expect(actions).toEqual(["meeting.schedule", "meeting.convene", "meeting.start", "meeting.end"]);
  });

  test("the meeting's own secretary may run it; the chair and staff may not", async () => {
    const { db, users } = demo;
    // A body whose secretary is an ordinary staff member (not the secretariat).
    const body = await f.createBody(db, { name: "Hội đồng thi đua khen thưởng" });
    const secretary = await f.createUser(db, { roles: ["staff"], fullName: "Lương Thị Thư", unitId: demo.units.snv.id });
    await db.BodyMembership.create({ bodyId: body.id, userId: secretary.id, role: "secretary" });
    const m = await scheduleMeeting({ actor: users.vanphong, input: meetingInput(demo, { days: nextDay++, bodyId: body.id, secretaryId: secretary.id }) });

    await expect(transitionMeeting({ actor: users.chutich, meetingId: m.id, to: "convened", version: 1 })).rejects.toMatchObject({ status: 403 });
    // Staff do not even see a draft: 404, not 403.
    await expect(transitionMeeting({ actor: users.chuyenvien, meetingId: m.id, to: "convened", version: 1 })).rejects.toMatchObject({ status: 404 });
    expect(await reload(m.id)).toMatchObject({ status: "draft", version: 1 });

    await transitionMeeting({ actor: await actorFor(db, secretary.username), meetingId: m.id, to: "convened", version: 1 });
    expect(await reload(m.id)).toMatchObject({ status: "convened", version: 2 });
  });
});

describe("illegal transitions are refused with a clear message and change nothing", () => {
  test("ended → convened", async () => {
    const m = await draft();
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: 1 });
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "in_progress", version: 2 });
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "ended", version: 3 });
    const before = await counts(demo.db);
    const error = await rejection(transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: 4 }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.fields).toEqual({ _form: "Không thể chuyển từ «Đã kết thúc» sang «Đã triệu tập»." });
    expect(await reload(m.id)).toMatchObject({ status: "ended", version: 4, icalSequence: 3 });
    expect(await counts(demo.db)).toEqual(before);
  });

  test("draft → ended and draft → in_progress", async () => {
    const m = await draft();
    const before = await counts(demo.db);
    await expect(transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "ended", version: 1 })).rejects.toMatchObject({
      status: 400,
      fields: { _form: "Không thể chuyển từ «Nháp» sang «Đã kết thúc»." },
    });
    await expect(transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "in_progress", version: 1 })).rejects.toMatchObject({
      fields: { _form: "Không thể chuyển từ «Nháp» sang «Đang họp»." },
    });
    expect(await reload(m.id)).toMatchObject({ status: "draft", version: 1, icalSequence: 0 });
    expect(await counts(demo.db)).toEqual(before);
  });

  test("a meeting without invitees cannot be convened", async () => {
    const m = await scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: nextDay++, inviteBodyMembers: false, chairId: null, secretaryId: null }) });
    await expect(transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: 1 })).rejects.toMatchObject({
      fields: { _form: "Cần mời ít nhất một người trước khi triệu tập." },
    });
  });
});

describe("optimistic locking", () => {
  test("a stale version → ConflictError (409) and nothing changed", async () => {
    const m = await draft();
    // Another secretary convened it from their own screen.
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: 1 });
    const before = await counts(demo.db);
    const current = await reload(m.id);

    for (const stale of [
      () => transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "in_progress", version: 1 }),
      () => cancelMeeting({ actor: demo.users.vanphong, meetingId: m.id, reason: "Trùng lịch công tác.", version: 1 }),
      () => postponeMeeting({ actor: demo.users.vanphong, meetingId: m.id, date: hanoiDay(200), startTime: "08:00", endTime: "09:00", reason: "Trùng lịch.", version: 1 }),
    ]) {
      const error = await rejection(stale());
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.status).toBe(409);
      expect(error.message).toMatch(/^Cuộc họp vừa được người khác cập nhật lúc .+ Vui lòng tải lại trang để xem thay đổi trước khi lưu\.$/);
    }
    const after = await reload(m.id);
    expect({ status: after.status, version: after.version, icalSequence: after.icalSequence, startsAt: after.startsAt, statusReason: after.statusReason }).toEqual({
      status: current.status,
      version: current.version,
      icalSequence: current.icalSequence,
      startsAt: current.startsAt,
      statusReason: current.statusReason,
    });
    expect(await counts(demo.db)).toEqual(before);
  });

  test("updateMeetingDetails with a stale version → ConflictError naming what changed", async () => {
    const { users } = demo;
    const day = nextDay++;
    const m = await scheduleMeeting({ actor: users.vanphong, input: meetingInput(demo, { days: day, title: "Phiên họp về an toàn giao thông" }) });
    const loadedForm = meetingInput(demo, { days: day, title: "Phiên họp về an toàn giao thông", version: 1 });

    // Someone else moves it to 14:00 (version 1 → 2).
    await updateMeetingDetails({ actor: users.vanphong, meetingId: m.id, input: { ...loadedForm, startTime: "14:00", endTime: "16:00" } });
    const moved = await reload(m.id);
    expect(moved).toMatchObject({ version: 2, icalSequence: 1 });
    expect(moved.startsAt.toISOString()).toBe(hanoiInstant(hanoiDay(day), "14:00").toISOString());

    // The first screen still holds version 1 and the old time.
    const before = await counts(demo.db);
    const error = await rejection(updateMeetingDetails({ actor: users.vanphong, meetingId: m.id, input: { ...loadedForm, notes: "Bổ sung thành phần." } }));
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.message).toContain("Đã thay đổi: thời gian.");
    expect(error.message).not.toContain("tên cuộc họp");
    expect(await reload(m.id)).toMatchObject({ version: 2, icalSequence: 1, notes: null, startsAt: moved.startsAt });
    expect(await counts(demo.db)).toEqual(before);

    // Reloaded with version 2 it saves, and the change is audited before → after.
    await updateMeetingDetails({ actor: users.vanphong, meetingId: m.id, input: { ...loadedForm, startTime: "14:00", endTime: "16:00", notes: "Bổ sung thành phần.", version: 2 } });
    expect(await reload(m.id)).toMatchObject({ version: 3, icalSequence: 2, notes: "Bổ sung thành phần." });
    const updates = await demo.db.AuditEvent.findAll({ where: { action: "meeting.update", entityId: m.id }, order: [["id", "ASC"]] });
    expect(updates).toHaveLength(2);
    expect(updates[1]).toMatchObject({ before: { notes: null }, after: { notes: "Bổ sung thành phần." } });
  });
});

describe("changing the chair", () => {
  // removeInvitation refuses to drop the chair: «hãy đổi trong thông tin cuộc họp».
  // So the details form is where the chair changes, and the new chair must be
  // invited (else they get no notices and, for a Party meeting, cannot even see it).
  test("the new chair chosen in updateMeetingDetails is invited as 'chair'", async () => {
    const { db, users } = demo;
    const body = await f.createBody(db, { name: "Ban Chỉ đạo phòng, chống thiên tai" });
    const day = nextDay++;
    const m = await scheduleMeeting({ actor: users.vanphong, input: meetingInput(demo, { days: day, bodyId: body.id, chairId: users.chutich.id }) });
    await updateMeetingDetails({ actor: users.vanphong, meetingId: m.id, input: meetingInput(demo, { days: day, bodyId: body.id, chairId: users.phochutich.id, version: 1 }) });
    expect(await reload(m.id)).toMatchObject({ chairId: users.phochutich.id });
    const row = await db.Invitation.findOne({ where: { meetingId: m.id, userId: users.phochutich.id } });
    expect(row).toMatchObject({ role: "chair" });
  });
});

describe("postpone and cancel", () => {
  test("postponing needs a reason and a future time", async () => {
    const m = await draft();
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: 1 });
    // the form schema asks for the reason
    const form = { date: hanoiDay(120), startTime: "08:00", endTime: "10:00", version: "2" };
    expect(() => parseWith(postponeSchema, form)).toThrow(expect.objectContaining({ fields: { reason: "Vui lòng nhập lý do hoãn." } }));
    expect(() => parseWith(postponeSchema, { ...form, reason: "  x " })).toThrow(expect.objectContaining({ fields: { reason: "Lý do hoãn phải có ít nhất 3 ký tự." } }));

    const before = await counts(demo.db);
    const past = await rejection(postponeMeeting({ actor: demo.users.vanphong, meetingId: m.id, date: hanoiDay(-1), startTime: "08:00", endTime: "10:00", reason: "Trùng lịch.", version: 2 }));
    expect(past).toBeInstanceOf(ValidationError);
    expect(past.fields).toEqual({ date: "Thời gian mới phải ở tương lai." });
    expect(await reload(m.id)).toMatchObject({ status: "convened", version: 2 });
    expect(await counts(demo.db)).toEqual(before);
  });

  test("postponing a convened meeting: status postponed, the new time, the reason, notices with both", async () => {
    const m = await draft("Phiên họp sẽ được hoãn");
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: 1 });
    const newDay = hanoiDay(121);
    const input = parseWith(postponeSchema, { date: vnDate(newDay), startTime: "14:00", endTime: "16:30", reason: "Đồng chí Chủ tịch đi công tác Trung ương.", version: "2" });

    await postponeMeeting({ actor: demo.users.vanphong, meetingId: m.id, ...input });

    const after = await reload(m.id);
    expect(after).toMatchObject({ status: "postponed", statusReason: "Đồng chí Chủ tịch đi công tác Trung ương.", version: 3, icalSequence: 2 });
    expect(after.startsAt.toISOString()).toBe(hanoiInstant(newDay, "14:00").toISOString());
    expect(after.endsAt.toISOString()).toBe(hanoiInstant(newDay, "16:30").toISOString());
    const notices = await notificationsFor(m.id, `Hoãn cuộc họp «${m.title}»`);
    expect(notices.map((n) => n.userId).sort((a, b) => a - b)).toEqual(await inviteesExceptActor(m.id));
    expect(notices[0].body).toBe(`Thời gian mới: 14:00 ngày ${vnDate(newDay)}. Lý do: Đồng chí Chủ tịch đi công tác Trung ương.`);
    expect(await demo.db.AuditEvent.count({ where: { action: "meeting.postpone", entityId: m.id } })).toBe(1);

    // A postponed meeting may then start on its new day.
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "in_progress", version: 3 });
    expect(await reload(m.id)).toMatchObject({ status: "in_progress" });
    // … and cannot be postponed any more once it runs
    await expect(
      postponeMeeting({ actor: demo.users.vanphong, meetingId: m.id, date: hanoiDay(122), startTime: "08:00", endTime: "09:00", reason: "Lý do khác.", version: 4 }),
    ).rejects.toMatchObject({ fields: { _form: "Không thể hoãn cuộc họp đang ở trạng thái «Đang họp»." } });
  });

  test("cancelling with a reason: status cancelled, the reason kept, invitees told; a second cancel is refused", async () => {
    const m = await draft("Phiên họp sẽ bị hủy");
    await transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "convened", version: 1 });
    expect(() => parseWith(cancelSchema, { version: "2", reason: "" })).toThrow(expect.objectContaining({ fields: { reason: "Lý do hủy phải có ít nhất 3 ký tự." } }));

    await cancelMeeting({ actor: demo.users.vanphong, meetingId: m.id, ...parseWith(cancelSchema, { reason: "Nội dung đã được xử lý tại phiên họp thường kỳ.", version: "2" }) });

    expect(await reload(m.id)).toMatchObject({ status: "cancelled", statusReason: "Nội dung đã được xử lý tại phiên họp thường kỳ.", version: 3, icalSequence: 2 });
    const notices = await notificationsFor(m.id, `Hủy cuộc họp «${m.title}»`);
    expect(notices).toHaveLength(7);
    expect(notices[0].body).toBe("Lý do: Nội dung đã được xử lý tại phiên họp thường kỳ.");
    expect((await demo.db.AuditEvent.findOne({ where: { action: "meeting.cancel", entityId: m.id } }))!.after).toEqual({ status: "cancelled", reason: "Nội dung đã được xử lý tại phiên họp thường kỳ." });

    await expect(cancelMeeting({ actor: demo.users.vanphong, meetingId: m.id, reason: "Lần nữa.", version: 3 })).rejects.toMatchObject({ fields: { _form: "Cuộc họp đã hủy." } });
    await expect(transitionMeeting({ actor: demo.users.vanphong, meetingId: m.id, to: "in_progress", version: 3 })).rejects.toMatchObject({ status: 400 });
  });
});

test("the calendar SEQUENCE strictly increases across every change", async () => {
  const { users } = demo;
  const day = nextDay++;
  const m = await scheduleMeeting({ actor: users.vanphong, input: meetingInput(demo, { days: day }) });
  const item = (title: string) => ({ title, description: null, presenterUnitId: null, presenterUserId: null, durationMinutes: 30 });
  const sequence = [(await reload(m.id)).icalSequence];
  const version = async () => (await reload(m.id)).version;
  const steps: Array<[string, () => Promise<unknown>]> = [
    ["edit details", async () => updateMeetingDetails({ actor: users.vanphong, meetingId: m.id, input: meetingInput(demo, { days: day, title: "Phiên họp đã đổi tên", version: await version() }) })],
    ["add agenda item 1", () => addAgendaItem({ actor: users.vanphong, meetingId: m.id, input: item("Báo cáo tình hình kinh tế – xã hội") })],
    ["add agenda item 2", () => addAgendaItem({ actor: users.vanphong, meetingId: m.id, input: item("Dự toán ngân sách") })],
    ["edit agenda item", async () => {
      const first = (await demo.db.AgendaItem.findOne({ where: { meetingId: m.id, position: 1 } }))!;
      return updateAgendaItem({ actor: users.vanphong, meetingId: m.id, itemId: first.id, input: { ...item("Báo cáo kinh tế – xã hội tháng"), durationMinutes: 45 } });
    }],
    ["move agenda item", async () => {
      const first = (await demo.db.AgendaItem.findOne({ where: { meetingId: m.id, position: 1 } }))!;
      return moveAgendaItem({ actor: users.vanphong, meetingId: m.id, itemId: first.id, direction: "down" });
    }],
    ["reorder agenda", async () => {
      const ids = (await demo.db.AgendaItem.findAll({ where: { meetingId: m.id }, order: [["position", "DESC"]] })).map((i) => i.id);
      return reorderAgenda({ actor: users.vanphong, meetingId: m.id, order: ids });
    }],
    ["remove agenda item", async () => {
      const last = (await demo.db.AgendaItem.findOne({ where: { meetingId: m.id, position: 2 } }))!;
      return removeAgendaItem({ actor: users.vanphong, meetingId: m.id, itemId: last.id });
    }],
    ["convene", async () => transitionMeeting({ actor: users.vanphong, meetingId: m.id, to: "convened", version: await version() })],
    ["postpone", async () => postponeMeeting({ actor: users.vanphong, meetingId: m.id, date: hanoiDay(day + 100), startTime: "08:00", endTime: "09:00", reason: "Điều chỉnh lịch công tác.", version: await version() })],
    ["postpone again", async () => postponeMeeting({ actor: users.vanphong, meetingId: m.id, date: hanoiDay(day + 101), startTime: "08:00", endTime: "09:00", reason: "Điều chỉnh lần hai.", version: await version() })],
    ["cancel", async () => cancelMeeting({ actor: users.vanphong, meetingId: m.id, reason: "Không còn cần thiết.", version: await version() })],
  ];
  for (const [name, run] of steps) {
    await run();
    const now = (await reload(m.id)).icalSequence;
    expect({ step: name, increased: now > sequence[sequence.length - 1] }).toEqual({ step: name, increased: true });
    sequence.push(now);
  }
  expect(sequence).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
});
