import { getDb } from "../../models";
import { get, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { attendee, demoMeeting, eventByUid, events, param, parseIcs } from "./helpers";

const PARTSTAT: Record<string, string> = { pending: "NEEDS-ACTION", attending: "ACCEPTED", absent: "DECLINED", delegated: "DELEGATED" };

describe("GET /meetings/:id.ics", () => {
  let server: TestServer;
  let thanhvien: string;
  let chuyenvien: string;
  beforeAll(async () => {
    server = await startTestServer();
    [thanhvien, chuyenvien] = await Promise.all([signInAs(server.baseUrl, "thanhvien"), signInAs(server.baseUrl, "chuyenvien")]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("one VEVENT with the stable UID, SEQUENCE, Hanoi TZID + VTIMEZONE, attendees, alarms, agenda and URL", async () => {
    const db = getDb();
    const m = await demoMeeting("Phiên họp UBND Thành phố chuyên đề");
    const res = await get(server.baseUrl, `/meetings/${m.id}.ics`, thanhvien);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="[\w.-]+\.ics"$/);
    const cal = parseIcs(await res.text());

    expect(events(cal)).toHaveLength(1);
    const vtz = cal.getAllSubcomponents("vtimezone");
    expect(vtz.map((z) => z.getFirstPropertyValue("tzid"))).toEqual(["Asia/Ho_Chi_Minh"]);

    const e = eventByUid(cal, m.icalUid);
    expect(e.getFirstPropertyValue("sequence")).toBe(m.icalSequence);
    expect(e.getFirstPropertyValue("status")).toBe("CONFIRMED");
    expect(e.getFirstPropertyValue("summary")).toBe(m.title);
    const dtstart = e.getFirstProperty("dtstart")!;
    expect(dtstart.getParameter("tzid")).toBe("Asia/Ho_Chi_Minh");
    // Converted through the VTIMEZONE it carries, the start is the stored instant.
    const start = e.getFirstPropertyValue("dtstart") as unknown as { toJSDate(): Date; hour: number };
    expect(start.toJSDate().getTime()).toBe(m.startsAt.getTime());
    expect(start.hour).toBe(8); // the demo meeting is at 08:00 Hanoi time
    const end = e.getFirstPropertyValue("dtend") as unknown as { toJSDate(): Date };
    expect(end.toJSDate().getTime()).toBe(m.endsAt.getTime());
    // DTSTAMP is UTC, as RFC 5545 requires.
    expect((e.getFirstPropertyValue("dtstamp") as unknown as { zone: { tzid: string } }).zone.tzid).toBe("UTC");

    const url = `${server.baseUrl}/meetings/${m.id}`;
    expect(e.getFirstPropertyValue("url")).toBe(url);
    const description = String(e.getFirstPropertyValue("description"));
    const agenda = await db.AgendaItem.findAll({ where: { meetingId: m.id }, order: [["position", "ASC"]] });
    expect(agenda.length).toBeGreaterThan(2);
    for (const a of agenda) expect(description).toContain(a.title);
    expect(description).toMatch(/^08:00 1\. .+\(Trình bày: .+\)$/m);
    expect(description).toMatch(/^08:40 2\. /m); // 08:00 + the first item's 40 minutes
    expect(description).toContain(url);

    const location = String(e.getFirstPropertyValue("location"));
    expect(location).toContain("Phòng họp số 1");
    const organizer = e.getFirstProperty("organizer")!;
    expect(String(organizer.getFirstValue()).toLowerCase()).toBe("mailto:vanphong@hanoi.example");
    expect(organizer.getParameter("cn")).toBe("Trần Thu Hà");

    // One ATTENDEE per invitee, PARTSTAT from the RSVP; units as GROUP.
    const invitations = await db.Invitation.findAll({
      where: { meetingId: m.id },
      include: [{ model: db.User, as: "user" }, { model: db.Unit, as: "unit" }],
    });
    expect(e.getAllProperties("attendee")).toHaveLength(invitations.length);
    for (const inv of invitations.filter((i) => i.user)) {
      const a = attendee(e, inv.user!.email!);
      expect(a).not.toBeNull();
      expect(param(a, "partstat")).toBe(PARTSTAT[inv.rsvp]);
      expect(param(a, "cn")).toBe(inv.user!.fullName);
    }
    const statuses = new Set(invitations.map((i) => i.rsvp));
    expect(statuses).toEqual(new Set(["attending", "pending", "delegated"]));
    const units = e.getAllProperties("attendee").filter((p) => param(p, "cutype") === "GROUP");
    expect(units.map((p) => param(p, "cn")).sort()).toEqual(invitations.filter((i) => i.unit).map((i) => i.unit!.name).sort());
    const chair = attendee(e, "chutich@hanoi.example");
    expect(param(chair, "role")).toBe("CHAIR");

    const alarms = e.getAllSubcomponents("valarm");
    expect(alarms).toHaveLength(2);
    expect(alarms.map((a) => String(a.getFirstPropertyValue("trigger"))).sort()).toEqual(["-P1D", "-PT30M"]);
    for (const a of alarms) expect(a.getFirstPropertyValue("action")).toBe("DISPLAY");
  });

  test("a delegation: the invitee is DELEGATED with DELEGATED-TO the delegate, who attends with DELEGATED-FROM", async () => {
    // The regular meeting already held carries the demo's delegation (gdkhdt → pgdkhdt).
    const ended = (await getDb().Meeting.findAll({ where: { status: "ended" } })).find((x) => x.title.startsWith("Phiên họp UBND Thành phố thường kỳ"));
    const res = await get(server.baseUrl, `/meetings/${ended!.id}.ics`, thanhvien);
    expect(res.status).toBe(200);
    const e = eventByUid(parseIcs(await res.text()), ended!.icalUid);
    const from = attendee(e, "gdkhdt@hanoi.example");
    const to = attendee(e, "pgdkhdt@hanoi.example");
    expect(param(from, "partstat")).toBe("DELEGATED");
    expect(param(from, "delegated-to")?.toLowerCase()).toBe("mailto:pgdkhdt@hanoi.example");
    expect(param(to, "partstat")).toBe("ACCEPTED");
    expect(param(to, "delegated-from")?.toLowerCase()).toBe("mailto:gdkhdt@hanoi.example");
    expect(param(attendee(e, "gdtc@hanoi.example"), "partstat")).toBe("DECLINED");
  });

  test("a cancelled meeting: STATUS:CANCELLED with its new SEQUENCE, no alarms", async () => {
    const m = await demoMeeting("Giao ban tiến độ thực hiện Chỉ thị");
    await m.update({ status: "cancelled", statusReason: "Trùng lịch tiếp đoàn công tác của Trung ương.", icalSequence: m.icalSequence + 1 });
    const res = await get(server.baseUrl, `/meetings/${m.id}.ics`, thanhvien);
    expect(res.status).toBe(200);
    const e = eventByUid(parseIcs(await res.text()), m.icalUid);
    expect(e.getFirstPropertyValue("status")).toBe("CANCELLED");
    expect(e.getFirstPropertyValue("sequence")).toBe(m.icalSequence);
    expect(m.icalSequence).toBeGreaterThanOrEqual(2);
    expect(String(e.getFirstPropertyValue("description"))).toContain("Trùng lịch tiếp đoàn công tác");
    expect(e.getAllSubcomponents("valarm")).toHaveLength(0);
  });

  test("anonymous → redirect to login; invisible, draft, missing or malformed → 404", async () => {
    const open = await demoMeeting("Phiên họp UBND Thành phố chuyên đề");
    const anon = await get(server.baseUrl, `/meetings/${open.id}.ics`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/meetings/${open.id}.ics`)}`);

    // chuyenvien (staff of Sở TT&TT) is neither invited to nor a member of the Party body.
    const party = await demoMeeting("Hội nghị Ban Cán sự Đảng UBND Thành phố cho ý kiến");
    expect(party.body!.kind).toBe("party");
    const hidden = await get(server.baseUrl, `/meetings/${party.id}.ics`, chuyenvien);
    expect(hidden.status).toBe(404);
    expect(await hidden.text()).not.toContain(party.title);
    // The meeting page says the same.
    expect((await get(server.baseUrl, `/meetings/${party.id}`, chuyenvien)).status).toBe(404);
    // A member of the body may download it.
    expect((await get(server.baseUrl, `/meetings/${party.id}.ics`, thanhvien)).status).toBe(200);

    const draft = await getDb().Meeting.findOne({ where: { status: "draft" } });
    expect((await get(server.baseUrl, `/meetings/${draft!.id}.ics`, thanhvien)).status).toBe(404);
    const secretariat = await signInAs(server.baseUrl, "vanphong");
    const draftIcs = await get(server.baseUrl, `/meetings/${draft!.id}.ics`, secretariat);
    expect(draftIcs.status).toBe(200);
    expect(eventByUid(parseIcs(await draftIcs.text()), draft!.icalUid).getFirstPropertyValue("status")).toBe("TENTATIVE");

    expect((await get(server.baseUrl, `/meetings/999999.ics`, thanhvien)).status).toBe(404);
    expect((await get(server.baseUrl, `/meetings/abc.ics`, thanhvien)).status).toBe(404);
    // The plain meeting page is still the meeting page, not the download.
    const page = await get(server.baseUrl, `/meetings/${open.id}`, thanhvien);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });
});
