// Lên lịch họp (scheduleMeeting) against the demo installation: what a valid
// schedule writes, every refusal with its Vietnamese field message and nothing
// written, room double-bookings, and people in two meetings at once.
import { ConflictError, ForbiddenError, ValidationError } from "../../app/lib/errors";
import { parseWith } from "../../app/lib/http.server";
import { meetingFormSchema } from "../../app/schemas/meeting";
import { cancelMeeting, ConflictWarningsError, scheduleMeeting } from "../../app/services/meetings.server";
import * as f from "../factories";
import { closeDb } from "../helpers/db";
import { counts, hanoiDay, hanoiInstant, meetingInput, rejection, seedDemo, vnDate, type Demo } from "./helpers";

let demo: Demo;

beforeAll(async () => {
  demo = await seedDemo();
});
afterAll(() => closeDb());

/** Runs a call that must be refused and checks that it wrote nothing at all. */
async function refusedWithoutWriting(call: () => Promise<unknown>) {
  const before = await counts(demo.db);
  const error = await rejection(call());
  expect(await counts(demo.db)).toEqual(before);
  return error;
}

describe("a valid schedule", () => {
  test("creates a draft, invites every member of the body in their role, and is audited", async () => {
    const { db, users, ubnd } = demo;
    const before = await counts(db);
    const input = meetingInput(demo, { days: 40, title: "Phiên họp UBND Thành phố chuyên đề về chuyển đổi số" });

    const meeting = await scheduleMeeting({ actor: users.vanphong, input });

    const saved = (await db.Meeting.findByPk(meeting.id))!;
    expect(saved).toMatchObject({
      bodyId: ubnd.id,
      title: "Phiên họp UBND Thành phố chuyên đề về chuyển đổi số",
      status: "draft",
      chairId: users.chutich.id,
      secretaryId: users.vanphong.id,
      roomId: demo.rooms.room2.id,
      createdById: users.vanphong.id,
      version: 1,
      icalSequence: 0,
    });
    expect(saved.startsAt.toISOString()).toBe(hanoiInstant(input.date, "08:00").toISOString());
    expect(saved.endsAt.toISOString()).toBe(hanoiInstant(input.date, "10:00").toISOString());

    // All 8 members of UBND-TP: the chair as 'chair', the body's secretary as 'secretary', the rest as members.
    const invitations = await db.Invitation.findAll({ where: { meetingId: meeting.id } });
    const roleOf = Object.fromEntries(invitations.map((i) => [i.userId, i.role]));
    const members = await db.BodyMembership.findAll({ where: { bodyId: ubnd.id } });
    expect(invitations).toHaveLength(8);
    expect(Object.keys(roleOf).map(Number).sort()).toEqual(members.map((m) => m.userId).sort());
    expect(roleOf[users.chutich.id]).toBe("chair");
    expect(roleOf[users.vanphong.id]).toBe("secretary");
    for (const u of [users.phochutich, users.phochutich2, users.thanhvien, users.gdtttt, users.gdkhdt, users.gdtc]) expect(roleOf[u.id]).toBe("member");
    expect(invitations.every((i) => i.rsvp === "pending" && i.unitId == null && i.delegatedFromId == null)).toBe(true);

    const audits = await db.AuditEvent.findAll({ where: { action: "meeting.schedule", entityType: "meeting", entityId: meeting.id } });
    expect(audits).toHaveLength(1);
    expect(audits[0].actorId).toBe(users.vanphong.id);
    expect(audits[0].after).toMatchObject({ title: saved.title, status: "draft", bodyId: ubnd.id, chairId: users.chutich.id, roomId: demo.rooms.room2.id });

    // A draft sends nothing yet: the invitation goes out at «Triệu tập».
    expect(await counts(db)).toEqual({ ...before, meetings: before.meetings + 1, invitations: before.invitations + 8, audits: before.audits + 1 });
  });

  test("the form as the browser sends it (dd/mm/yyyy, strings) parses and saves; online-only needs no room", async () => {
    const form = {
      bodyId: String(demo.ubnd.id),
      title: "  Giao ban   trực tuyến với các quận  ",
      kind: "briefing",
      date: vnDate(hanoiDay(41)),
      startTime: "14:00",
      endTime: "15:30",
      roomId: "",
      onlineUrl: "https://hop.hanoi.example/giao-ban",
      chairId: String(demo.users.phochutich.id),
      secretaryId: String(demo.users.vanphong.id),
      confidentiality: "normal",
      notes: "",
      inviteBodyMembers: "on",
    };
    const input = parseWith(meetingFormSchema, form);
    expect(input).toMatchObject({ title: "Giao ban trực tuyến với các quận", date: hanoiDay(41), roomId: null, notes: null, inviteBodyMembers: true });
    const meeting = await scheduleMeeting({ actor: demo.users.vanphong, input });
    expect(meeting).toMatchObject({ roomId: null, onlineUrl: "https://hop.hanoi.example/giao-ban", chairId: demo.users.phochutich.id });
    const chairRow = await demo.db.Invitation.findOne({ where: { meetingId: meeting.id, userId: demo.users.phochutich.id } });
    expect(chairRow!.role).toBe("chair");
  });

  // The Phó Chủ tịch chairs this one; the body's Chủ tịch attends it as a member.
  // (The invitation role drives ROLE=CHAIR in the .ics attendee list.)
  test("when a vice-chair chairs, the meeting has exactly one invitation with role 'chair'", async () => {
    const meeting = await scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: 47, chairId: demo.users.phochutich.id }) });
    const chairs = await demo.db.Invitation.findAll({ where: { meetingId: meeting.id, role: "chair" } });
    expect(chairs.map((i) => i.userId)).toEqual([demo.users.phochutich.id]);
  });

  test("exactly 12 hours is allowed", async () => {
    const meeting = await scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: 42, startTime: "07:00", endTime: "19:00" }) });
    expect(meeting.endsAt.getTime() - meeting.startsAt.getTime()).toBe(12 * 3600_000);
  });

  // The checkbox «Mời toàn bộ thành viên» is checked by default; an unchecked
  // checkbox is simply absent from the submitted form.
  test("unchecking «Mời toàn bộ thành viên» in the form invites only the chair and the secretary", async () => {
    const form = {
      bodyId: String(demo.ubnd.id),
      title: "Họp chuẩn bị nội dung phiên họp thường kỳ",
      kind: "regular",
      date: hanoiDay(43),
      startTime: "08:00",
      endTime: "09:00",
      roomId: String(demo.rooms.room2.id),
      chairId: String(demo.users.chutich.id),
      secretaryId: String(demo.users.vanphong.id),
      confidentiality: "normal",
      // no inviteBodyMembers: the box was unchecked
    };
    const meeting = await scheduleMeeting({ actor: demo.users.vanphong, input: parseWith(meetingFormSchema, form) });
    const invited = await demo.db.Invitation.findAll({ where: { meetingId: meeting.id } });
    expect(invited.map((i) => i.userId).sort()).toEqual([demo.users.vanphong.id, demo.users.chutich.id].sort());
  });
});

describe("refusals write nothing", () => {
  const cases: Array<[string, (d: Demo) => Parameters<typeof meetingInput>[1], Record<string, string>]> = [
    ["end equal to start", () => ({ startTime: "09:00", endTime: "09:00" }), { endTime: "Giờ kết thúc phải sau giờ bắt đầu." }],
    ["end before start", () => ({ startTime: "10:00", endTime: "08:30" }), { endTime: "Giờ kết thúc phải sau giờ bắt đầu." }],
    ["longer than 12 hours", () => ({ startTime: "07:00", endTime: "19:01" }), { endTime: "Một cuộc họp không được dài quá 12 giờ." }],
    ["in the past", () => ({ days: -1 }), { date: "Không thể lên lịch một cuộc họp trong quá khứ." }],
    ["an unknown body", () => ({ bodyId: 999_999 }), { bodyId: "Cơ quan họp không tồn tại." }],
    ["an unknown room", () => ({ roomId: 999_999 }), { roomId: "Phòng họp không tồn tại." }],
    ["neither a room nor an online link", () => ({ roomId: null, onlineUrl: null }), { roomId: "Vui lòng chọn phòng họp hoặc nhập đường dẫn họp trực tuyến." }],
    ["a chair who is neither a leader nor chair of the body", (d) => ({ chairId: d.users.chuyenvien.id }), { chairId: "Người chủ trì phải là lãnh đạo, hoặc Chủ trì/Phó Chủ trì của cơ quan họp." }],
    ["a chair who does not exist", () => ({ chairId: 999_999 }), { chairId: "Người chủ trì không tồn tại hoặc đã ngừng hoạt động." }],
    ["a secretary who is neither secretariat nor the body's secretary", (d) => ({ secretaryId: d.users.thanhvien.id }), { secretaryId: "Thư ký phải là cán bộ Văn phòng hoặc thư ký của cơ quan họp." }],
  ];

  test.each(cases)("%s", async (_name, over, fields) => {
    const error = await refusedWithoutWriting(() => scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: 44, ...over(demo) }) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ status: 400, fields });
  });

  test("HTML or script in the title is refused by the form schema", async () => {
    const form = (title: string) => ({ ...meetingInput(demo, { days: 45 }), bodyId: String(demo.ubnd.id), roomId: String(demo.rooms.room2.id), title });
    for (const title of ["<script>alert('x')</script> Phiên họp", "Phiên họp <b>khẩn</b>", "Họp <img src=x onerror=alert(1)>"]) {
      const error = await refusedWithoutWriting(async () => scheduleMeeting({ actor: demo.users.vanphong, input: parseWith(meetingFormSchema, form(title)) }));
      expect(error).toBeInstanceOf(ValidationError);
      expect(error.fields).toEqual({ title: "Tên cuộc họp không được chứa mã HTML hoặc script." });
    }
    // A plain "<" in words is text, not markup.
    expect(parseWith(meetingFormSchema, form("Dự án giải ngân < 50% kế hoạch")).title).toBe("Dự án giải ngân < 50% kế hoạch");
  });

  test("only the secretariat schedules: staff, leader and member get ForbiddenError", async () => {
    for (const actor of [demo.users.chuyenvien, demo.users.chutich, demo.users.thanhvien, demo.users.admin]) {
      const error = await refusedWithoutWriting(() => scheduleMeeting({ actor, input: meetingInput(demo, { days: 46 }) }));
      expect(error).toBeInstanceOf(ForbiddenError);
      expect(error.status).toBe(403);
    }
  });
});

describe("room double-booking", () => {
  // Bodies without members, so the only people involved are the chair and the secretary.
  let first: Awaited<ReturnType<typeof scheduleMeeting>>;
  let otherBodyId: number;
  const day = 50;
  const input = (startTime: string, endTime: string, over: Parameters<typeof meetingInput>[1] = {}) =>
    meetingInput(demo, { days: day, startTime, endTime, roomId: demo.rooms.room1.id, inviteBodyMembers: false, ...over });

  beforeAll(async () => {
    const body = await f.createBody(demo.db, { name: "Tổ công tác cải cách hành chính" });
    const other = await f.createBody(demo.db, { name: "Tổ công tác chuyển đổi số" });
    first = await scheduleMeeting({ actor: demo.users.vanphong, input: input("09:00", "10:00", { bodyId: body.id, title: "Họp tổ công tác cải cách hành chính", chairId: demo.users.phochutich.id }) });
    otherBodyId = other.id;
  });
  // Later bookings are by a different body and chair: only the room is shared.
  const later = (startTime: string, endTime: string) =>
    input(startTime, endTime, { bodyId: otherBodyId, title: "Họp tổ công tác chuyển đổi số", chairId: demo.users.phochutich2.id });

  test.each([
    ["overlapping the end", "09:30", "10:30"],
    ["overlapping the start", "08:30", "09:30"],
    ["inside it", "09:15", "09:45"],
    ["around it", "08:00", "11:00"],
    ["at the same time", "09:00", "10:00"],
  ])("a booking %s is refused on roomId", async (_name, start, end) => {
    const error = await refusedWithoutWriting(() => scheduleMeeting({ actor: demo.users.vanphong, input: later(start, end) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toBe("Phòng họp bị trùng lịch.");
    expect(error.fields).toEqual({ roomId: `Phòng họp đã được đặt cho «${first.title}» (09:00–10:00 ngày ${vnDate(hanoiDay(day))}).` });
  });

  test("confirming conflicts does not override a room double-booking", async () => {
    const error = await refusedWithoutWriting(() => scheduleMeeting({ actor: demo.users.vanphong, input: { ...later("09:30", "10:30"), confirmConflicts: true } }));
    expect(error.fields).toHaveProperty("roomId");
  });

  test("adjacent bookings (one ends when the next starts) are allowed on both sides", async () => {
    const after = await scheduleMeeting({ actor: demo.users.vanphong, input: later("10:00", "11:00") });
    const before = await scheduleMeeting({ actor: demo.users.vanphong, input: later("08:00", "09:00") });
    expect(after.roomId).toBe(demo.rooms.room1.id);
    expect(before.roomId).toBe(demo.rooms.room1.id);
  });
});

describe("people in two meetings at once", () => {
  const day = 55;
  let chaired: Awaited<ReturnType<typeof scheduleMeeting>>;
  let bodyId: number;

  beforeAll(async () => {
    // The Chủ tịch chairs a UBND-TP meeting 14:00–16:00 in room 1 …
    chaired = await scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: day, startTime: "14:00", endTime: "16:00", roomId: demo.rooms.room1.id, title: "Phiên họp UBND Thành phố về quy hoạch" }) });
    // … and a body without members wants him 15:00–17:00 in room 2.
    bodyId = (await f.createBody(demo.db, { name: "Ban Chỉ đạo phát triển đô thị" })).id;
  });
  const clashing = (over: Parameters<typeof meetingInput>[1] = {}) =>
    meetingInput(demo, { days: day, startTime: "15:00", endTime: "17:00", bodyId, title: "Họp Ban Chỉ đạo phát triển đô thị", ...over });

  test("the chair already chairing an overlapping meeting → ConflictWarningsError naming him, nothing saved", async () => {
    const error = await refusedWithoutWriting(() => scheduleMeeting({ actor: demo.users.vanphong, input: clashing() }));
    expect(error).toBeInstanceOf(ConflictWarningsError);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.status).toBe(409);
    expect(error.fields).toEqual({ confirmConflicts: "Cần xác nhận lịch trùng." });
    expect((error as ConflictWarningsError).warnings).toEqual([
      { meetingId: chaired.id, title: chaired.title, startsAt: chaired.startsAt.toISOString(), endsAt: chaired.endsAt.toISOString(), who: demo.users.chutich.fullName },
    ]);
  });

  test("with confirmConflicts: true it saves", async () => {
    const meeting = await scheduleMeeting({ actor: demo.users.vanphong, input: clashing({ confirmConflicts: true }) });
    expect(meeting.status).toBe("draft");
    const invited = await demo.db.Invitation.findAll({ where: { meetingId: meeting.id } });
    expect(invited.map((i) => [i.userId, i.role]).sort()).toEqual([[demo.users.chutich.id, "chair"], [demo.users.vanphong.id, "secretary"]].sort());
  });

  test("every body member busy elsewhere is named (UBND-TP meeting over another UBND-TP meeting)", async () => {
    const error = await refusedWithoutWriting(() =>
      scheduleMeeting({ actor: demo.users.vanphong, input: meetingInput(demo, { days: day, startTime: "15:30", endTime: "16:30", roomId: demo.rooms.party.id }) }),
    );
    const who = (error as ConflictWarningsError).warnings.filter((w) => w.meetingId === chaired.id).map((w) => w.who).sort();
    const members = await demo.db.BodyMembership.findAll({ where: { bodyId: demo.ubnd.id }, include: [{ model: demo.db.User, as: "user" }] });
    expect(who).toEqual(members.map((m) => m.user!.fullName).sort());
  });

  test("a cancelled meeting holds neither its room nor its people", async () => {
    const other = await scheduleMeeting({
      actor: demo.users.vanphong,
      input: meetingInput(demo, { days: day + 1, startTime: "08:00", endTime: "10:00", roomId: demo.rooms.room1.id, title: "Phiên họp sẽ bị hủy" }),
    });
    await cancelMeeting({ actor: demo.users.vanphong, meetingId: other.id, reason: "Thay đổi kế hoạch công tác.", version: other.version });
    // same room, same time, same people, no confirmation
    const again = await scheduleMeeting({
      actor: demo.users.vanphong,
      input: meetingInput(demo, { days: day + 1, startTime: "08:00", endTime: "10:00", roomId: demo.rooms.room1.id, title: "Phiên họp thay thế" }),
    });
    expect(again).toMatchObject({ status: "draft", roomId: demo.rooms.room1.id });
  });
});
