import { getDb } from "../../models";
import { createMeeting } from "../factories";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { demoBody, demoMeeting, demoUser, eventByUid, parseIcs, uids } from "./helpers";

const DAY = 86_400_000;

async function feed(server: TestServer, token: string) {
  const res = await get(server.baseUrl, `/calendar/${token}.ics`);
  return { res, cal: res.status === 200 ? parseIcs(await res.text()) : null };
}

describe("GET /calendar/:token.ics (personal feed)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("no session needed; named after the user, refreshed hourly, with the Hanoi VTIMEZONE", async () => {
    const thanhvien = await demoUser("thanhvien");
    const { res, cal } = await feed(server, thanhvien.calendarToken!);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("cache-control")).toMatch(/private/);
    expect(cal!.getFirstPropertyValue("x-wr-calname")).toBe(`Lịch họp – ${thanhvien.fullName}`);
    expect(String(cal!.getFirstPropertyValue("refresh-interval"))).toBe("PT1H");
    expect(String(cal!.getFirstPropertyValue("x-published-ttl"))).toBe("PT1H");
    expect(cal!.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Asia/Ho_Chi_Minh"]);
  });

  test("a Party-body member's feed has the restricted Party meetings; a unit's staff member's never does", async () => {
    const db = getDb();
    const party = await demoMeeting("Hội nghị Ban Cán sự Đảng UBND Thành phố cho ý kiến");
    const pastParty = (await db.Meeting.findAll({ where: { status: "ended" } })).find((m) => m.title.startsWith("Hội nghị Ban Cán sự Đảng"))!;
    expect(party.confidentiality).toBe("restricted");
    const [thanhvien, chuyenvien] = await Promise.all([demoUser("thanhvien"), demoUser("chuyenvien")]);

    // chuyenvien is made the chair of a restricted Party meeting without being
    // invited or a member: "involved", yet the policy hides it, so the feed must too.
    const bcsd = await demoBody("BCSD-UBND");
    const sneaky = await createMeeting(db, { bodyId: bcsd.id, title: "Hội nghị Ban Cán sự Đảng – nội dung hạn chế thử nghiệm", status: "convened", confidentiality: "restricted", chairId: chuyenvien.id });
    // …and is invited directly to an ordinary UBND meeting, which must show.
    const ubnd = await demoBody("UBND-TP");
    const invited = await createMeeting(db, { bodyId: ubnd.id, title: "Họp bàn về chuyển đổi số cấp phường", status: "convened" });
    await db.Invitation.create({ meetingId: invited.id, userId: chuyenvien.id, role: "guest", rsvp: "attending" });

    const member = await feed(server, thanhvien.calendarToken!);
    expect(uids(member.cal!)).toEqual(expect.arrayContaining([party.icalUid, pastParty.icalUid]));
    expect(uids(member.cal!)).not.toContain(sneaky.icalUid); // not involved at all

    const staff = await feed(server, chuyenvien.calendarToken!);
    expect(staff.res.status).toBe(200);
    const staffUids = uids(staff.cal!);
    expect(staffUids).toContain(invited.icalUid);
    expect(staffUids).not.toContain(party.icalUid);
    expect(staffUids).not.toContain(pastParty.icalUid);
    expect(staffUids).not.toContain(sneaky.icalUid);
    const text = staff.cal!.toString();
    expect(text).not.toContain("Ban Cán sự Đảng");

    const e = eventByUid(staff.cal!, invited.icalUid);
    expect(e.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(e.getAllSubcomponents("valarm")).toHaveLength(2);
  });

  test("a unit's invitation and a delegation bring a meeting into the feed; drafts never", async () => {
    const db = getDb();
    const badinh = await demoUser("badinh");
    // The thematic demo meeting invites UBND quận Ba Đình (badinh's unit).
    const thematic = await demoMeeting("Phiên họp UBND Thành phố chuyên đề");
    const tuphap = await demoUser("tuphap");
    const ubnd = await demoBody("UBND-TP");
    const delegated = await createMeeting(db, { bodyId: ubnd.id, title: "Họp về công tác pháp chế", status: "convened" });
    const gdtc = await demoUser("gdtc");
    await db.Invitation.create({ meetingId: delegated.id, userId: gdtc.id, role: "member", rsvp: "delegated", delegateUserId: tuphap.id });
    const draft = await createMeeting(db, { bodyId: ubnd.id, title: "Dự thảo lịch họp chưa công bố", status: "draft" });
    await db.Invitation.create({ meetingId: draft.id, userId: tuphap.id, role: "guest" });

    expect(uids((await feed(server, badinh.calendarToken!)).cal!)).toContain(thematic.icalUid);
    const tp = uids((await feed(server, tuphap.calendarToken!)).cal!);
    expect(tp).toContain(delegated.icalUid);
    expect(tp).not.toContain(draft.icalUid);
  });

  test("a “mật” meeting leaves the app as a time slot only: no title, agenda or invitees", async () => {
    const db = getDb();
    const thanhvien = await demoUser("thanhvien");
    const ubnd = await demoBody("UBND-TP");
    const secret = await createMeeting(db, { bodyId: ubnd.id, title: "Phương án nhân sự chủ chốt nhiệm kỳ tới", status: "convened", confidentiality: "secret" });
    await db.AgendaItem.create({ meetingId: secret.id, position: 1, title: "Danh sách nhân sự dự kiến", durationMinutes: 30 });
    await db.Invitation.create({ meetingId: secret.id, userId: thanhvien.id, role: "member", rsvp: "attending" });
    const res = await get(server.baseUrl, `/calendar/${thanhvien.calendarToken}.ics`);
    const text = await res.text();
    const e = eventByUid(parseIcs(text), secret.icalUid);
    expect(String(e.getFirstPropertyValue("summary"))).toBe("Cuộc họp (Mật) – UBND Thành phố Hà Nội");
    expect(e.getFirstPropertyValue("class")).toBe("CONFIDENTIAL");
    expect(e.getAllProperties("attendee")).toHaveLength(0);
    expect(text).not.toContain("Phương án nhân sự");
    expect(text).not.toContain("Danh sách nhân sự");
    expect(String(e.getFirstPropertyValue("url"))).toBe(`${server.baseUrl}/meetings/${secret.id}`);
  });

  test("cancelled meetings stay in the feed as STATUS:CANCELLED with their SEQUENCE", async () => {
    const thanhvien = await demoUser("thanhvien");
    const m = await demoMeeting("Giao ban tiến độ thực hiện Chỉ thị");
    await m.update({ status: "cancelled", icalSequence: m.icalSequence + 1 });
    const e = eventByUid((await feed(server, thanhvien.calendarToken!)).cal!, m.icalUid);
    expect(e.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(e.getFirstPropertyValue("sequence")).toBe(m.icalSequence);
  });

  test("only meetings from 90 days back onward", async () => {
    const db = getDb();
    const chuyenvien = await demoUser("chuyenvien");
    const ubnd = await demoBody("UBND-TP");
    const at = (days: number) => new Date(Date.now() + days * DAY);
    const old = await createMeeting(db, { bodyId: ubnd.id, title: "Họp cách đây 100 ngày", status: "ended", startsAt: at(-100) });
    const recent = await createMeeting(db, { bodyId: ubnd.id, title: "Họp cách đây 80 ngày", status: "ended", startsAt: at(-80) });
    const future = await createMeeting(db, { bodyId: ubnd.id, title: "Họp sau 200 ngày nữa", status: "convened", startsAt: at(200) });
    for (const m of [old, recent, future]) await db.Invitation.create({ meetingId: m.id, userId: chuyenvien.id, role: "guest" });

    const cal = (await feed(server, chuyenvien.calendarToken!)).cal!;
    expect(uids(cal)).not.toContain(old.icalUid);
    expect(uids(cal)).toEqual(expect.arrayContaining([recent.icalUid, future.icalUid]));
    for (const e of cal.getAllSubcomponents("vevent")) {
      const start = (e.getFirstPropertyValue("dtstart") as unknown as { toJSDate(): Date }).toJSDate();
      expect(start.getTime()).toBeGreaterThanOrEqual(Date.now() - 90 * DAY);
    }
  });

  test("a regenerated token: the old URL is 404 at once, the new one works; unknown tokens and inactive users 404", async () => {
    const db = getDb();
    const before = await demoUser("chuyenvien");
    const oldToken = before.calendarToken!;
    expect((await feed(server, oldToken)).res.status).toBe(200);

    const cookie = await signInAs(server.baseUrl, "chuyenvien");
    const res = await postForm(server.baseUrl, "/me", { intent: "calendar_token" }, cookie);
    expect(res.status).toBe(200);
    const newToken = (await demoUser("chuyenvien")).calendarToken!;
    expect(newToken).toBeTruthy();
    expect(newToken).not.toBe(oldToken);
    const gone = await feed(server, oldToken);
    expect(gone.res.status).toBe(404);
    expect((await feed(server, newToken)).res.status).toBe(200);
    expect(await db.AuditEvent.count({ where: { action: "user.calendar_token", entityId: before.id } })).toBe(1);

    // The /me page shows the new address (both schemes), never the old one.
    const me = await (await get(server.baseUrl, "/me", cookie)).text();
    expect(me).toContain(`${server.baseUrl}/calendar/${newToken}.ics`);
    expect(me).toContain(`webcal://${new URL(server.baseUrl).host}/calendar/${newToken}.ics`);
    expect(me).not.toContain(oldToken);

    expect((await feed(server, "khong-ton-tai-khong-ton-tai")).res.status).toBe(404);
    expect((await feed(server, "x")).res.status).toBe(404);
    expect((await feed(server, newToken.toUpperCase() === newToken ? newToken.toLowerCase() : newToken.toUpperCase())).res.status).toBe(404);

    const badinh = await demoUser("badinh");
    await badinh.update({ active: false });
    expect((await feed(server, badinh.calendarToken!)).res.status).toBe(404);
    await badinh.update({ calendarToken: null, active: true });
    expect((await feed(server, "null")).res.status).toBe(404);
  });
});
