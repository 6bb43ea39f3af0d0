import { getDb } from "../../models";
import { todayInHanoi } from "../../app/lib/dates";
import { createMeeting } from "../factories";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { demoBody, demoMeeting, demoUser } from "./helpers";

describe("/meetings calendar (month, week, list) and the /me calendar section", () => {
  let server: TestServer;
  let vanphong: string;
  let thanhvien: string;
  let chuyenvien: string;
  beforeAll(async () => {
    server = await startTestServer();
    [vanphong, thanhvien, chuyenvien] = await Promise.all(["vanphong", "thanhvien", "chuyenvien"].map((u) => signInAs(server.baseUrl, u)));
  });
  afterAll(async () => {
    await server?.stop();
  });

  const page = async (path: string, cookie: string) => {
    const res = await get(server.baseUrl, path, cookie);
    return { status: res.status, html: await res.text() };
  };

  test("every view answers 200, bad parameters fall back to defaults", async () => {
    for (const path of [
      "/meetings",
      "/meetings?view=month",
      "/meetings?view=week",
      "/meetings?view=list",
      "/meetings?view=list&period=past",
      "/meetings?view=past",
      "/meetings?view=month&date=2026-02-30",
      "/meetings?view=week&date=khong-phai-ngay&mine=1",
      "/meetings?view=lich&mine=yes",
    ]) {
      for (const cookie of [vanphong, chuyenvien]) expect([path, (await page(path, cookie)).status]).toEqual([path, 200]);
    }
    expect((await get(server.baseUrl, "/meetings?view=month")).status).toBe(302);
  });

  test("the month grid is Monday-first with T2…CN; the restricted Party meeting shows for a member only", async () => {
    const party = await demoMeeting("Hội nghị Ban Cán sự Đảng UBND Thành phố cho ý kiến");
    const date = todayInHanoi(party.startsAt);
    const member = await page(`/meetings?view=month&date=${date}`, thanhvien);
    expect(member.html).toContain(party.title);
    expect(member.html).toContain(`/meetings/${party.id}`);
    const headers = [...member.html.matchAll(/<abbr title="([^"]+)"[^>]*>(T[2-7]|CN)<\/abbr>/g)].map((m) => m[2]);
    expect(headers.slice(0, 7)).toEqual(["T2", "T3", "T4", "T5", "T6", "T7", "CN"]);
    expect(member.html).toContain(`Tháng ${Number(date.slice(5, 7))}/${date.slice(0, 4)}`);

    for (const view of ["month", "week", "list"]) {
      const staff = await page(`/meetings?view=${view}&date=${date}`, chuyenvien);
      expect(staff.status).toBe(200);
      expect(staff.html).not.toContain(party.title);
      expect(staff.html).not.toContain(`/meetings/${party.id}.ics`);
    }
  });

  test("week view shows the week's meetings with times and .ics links; navigation moves by a week", async () => {
    const m = await demoMeeting("Phiên họp UBND Thành phố chuyên đề");
    const date = todayInHanoi(m.startsAt);
    const { html } = await page(`/meetings?view=week&date=${date}`, chuyenvien);
    expect(html).toContain(m.title);
    expect(html).toContain("08:00–11:30");
    expect(html).toContain(`href="/meetings/${m.id}.ics"`);
    expect(html).toMatch(/Tuần \d{2}\/\d{2} – \d{2}\/\d{2}\/\d{4}/);
    expect(html).toMatch(/view=week&amp;date=\d{4}-\d{2}-\d{2}/);
  });

  test("list: upcoming by default, past on its tab; cancelled and postponed are marked", async () => {
    const upcoming = await demoMeeting("Giao ban tiến độ thực hiện Chỉ thị");
    await upcoming.update({ status: "postponed", statusReason: "Chờ ý kiến của Thường trực Thành ủy." });
    const cancelled = await demoMeeting("Phiên họp UBND Thành phố chuyên đề");
    await cancelled.update({ status: "cancelled" });
    const list = await page("/meetings", thanhvien);
    expect(list.html).toContain(upcoming.title);
    expect(list.html).toContain("Hoãn");
    expect(list.html).toMatch(/line-through[^>]*>Phiên họp UBND Thành phố chuyên đề/);
    const past = (await getDb().Meeting.findAll({ where: { status: "ended" } }))[0];
    expect(list.html).not.toContain(past.title);
    const pastPage = await page("/meetings?view=list&period=past", thanhvien);
    expect(pastPage.html).toContain(past.title);
    expect(pastPage.html).not.toContain(upcoming.title);
    await upcoming.update({ status: "convened", statusReason: null });
    await cancelled.update({ status: "convened" });
  });

  test("“Lịch họp của tôi” keeps only the meetings the user takes part in", async () => {
    const db = getDb();
    const chuyenvienCookie = chuyenvien;
    const user = await demoUser("chuyenvien");
    const ubnd = await demoBody("UBND-TP");
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    const mine = await createMeeting(db, { bodyId: ubnd.id, title: "Họp tổ công tác chuyển đổi số (có mời)", status: "convened", startsAt });
    await db.Invitation.create({ meetingId: mine.id, userId: user.id, role: "guest" });
    const other = await createMeeting(db, { bodyId: ubnd.id, title: "Họp về quy hoạch đô thị (không mời)", status: "convened", startsAt });
    const all = await page("/meetings?view=list", chuyenvienCookie);
    expect(all.html).toContain(mine.title);
    expect(all.html).toContain(other.title);
    const only = await page("/meetings?view=list&mine=1", chuyenvienCookie);
    expect(only.html).toContain(mine.title);
    expect(only.html).not.toContain(other.title);
    expect(only.html).toMatch(/role="switch" aria-checked="true"/);
  });

  test("“Lên lịch họp” only for those who may schedule", async () => {
    expect((await page("/meetings", vanphong)).html).toContain('href="/meetings/new"');
    expect((await page("/meetings", chuyenvien)).html).not.toContain('href="/meetings/new"');
  });

  test("/me: the calendar section with the feed addresses; creating one when missing; the password form still works", async () => {
    const badinh = await demoUser("badinh");
    await badinh.update({ calendarToken: null });
    const cookie = await signInAs(server.baseUrl, "badinh");
    const none = await page("/me", cookie);
    expect(none.html).toContain("Lịch cá nhân");
    expect(none.html).toContain("Tạo địa chỉ lịch");
    expect(none.html).not.toContain("/calendar/");

    const created = await postForm(server.baseUrl, "/me", { intent: "calendar_token" }, cookie);
    expect(created.status).toBe(200);
    const token = (await demoUser("badinh")).calendarToken!;
    expect(token).toMatch(/^[\w-]{32}$/);
    const after = await page("/me", cookie);
    expect(after.html).toContain(`${server.baseUrl}/calendar/${token}.ics`);
    expect(after.html).toContain("Tạo lại địa chỉ");
    expect(after.html).toContain("Sao chép");
    for (const app of ["Outlook", "Google Calendar", "iPhone"]) expect(after.html).toContain(app);

    const wrong = await postForm(server.baseUrl, "/me", { intent: "password", currentPassword: "sai-mat-khau", newPassword: "MatKhauMoi123", confirmPassword: "MatKhauMoi123" }, cookie);
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain("Mật khẩu hiện tại không đúng.");
    const bogus = await postForm(server.baseUrl, "/me", { intent: "xoa-tai-khoan" }, cookie);
    expect(bogus.status).toBe(400);
  });
});
