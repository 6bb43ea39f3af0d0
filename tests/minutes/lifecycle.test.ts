import { getDb } from "../../models";
import { postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { fragmentText, openMinutes, textOfState, typeParagraph, waitFor } from "./helpers";

async function minutesRow(meetingId: number) {
  return getDb().Minutes.findOne({ where: { meetingId } });
}

/** The text of the stored Yjs state (the snapshot of ongoing typing may be up to 2 minutes older). */
async function storedStateText(meetingId: number) {
  return textOfState((await minutesRow(meetingId))?.yjsState);
}

describe("minutes lifecycle, permissions and versions", () => {
  let server: TestServer;
  let meetingId: number;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    process.env.COLLAB_DEBOUNCE_MS = "100";
    server = await startTestServer();
    const m = await getDb().Meeting.findOne({ where: { status: "convened", confidentiality: "normal" }, order: [["startsAt", "ASC"]] });
    meetingId = m!.id;
    for (const u of ["vanphong", "thanhvien", "chutich", "chuyenvien"]) cookies[u] = await signInAs(server.baseUrl, u);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const act = (user: string, intent: string, fields: Record<string, string> = {}) => postForm(server.baseUrl, `/meetings/${meetingId}`, { intent, ...fields }, cookies[user]);

  test("attendees edit only when the secretary allows it", async () => {
    const member = await openMinutes(server.baseUrl, cookies.thanhvien, meetingId);
    try {
      expect(member.provider.readOnly).toBe(true);
      expect((await act("thanhvien", "minutes-attendees", { allowed: "true" })).status).toBe(403);
      const becameWritable = new Promise((resolve) => member.socket.once("minutes:readonly", resolve));
      expect((await act("vanphong", "minutes-attendees", { allowed: "true" })).status).toBe(200);
      await expect(becameWritable).resolves.toMatchObject({ readOnly: false });
      typeParagraph(member.doc, "Ý kiến của thành viên");
      await waitFor(async () => (await storedStateText(meetingId)).includes("Ý kiến của thành viên"), 5000, "member edit stored");
      expect((await act("vanphong", "minutes-attendees", { allowed: "false" })).status).toBe(200);
      await waitFor(() => member.provider.readOnly, 5000, "member back to read-only");
    } finally {
      member.close();
    }
  });

  test("finalize locks the minutes for everyone; only the chair approves; the secretariat reopens", async () => {
    const secretary = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    try {
      typeParagraph(secretary.doc, "Kết luận cuối cùng");
      expect((await act("chuyenvien", "minutes-finalize")).status).toBe(403);
      const locked = new Promise((resolve) => secretary.socket.once("minutes:readonly", resolve));
      expect((await act("vanphong", "minutes-finalize")).status).toBe(200);
      await expect(locked).resolves.toMatchObject({ readOnly: true });
      const row = await minutesRow(meetingId);
      expect(row!.status).toBe("final");
      expect(row!.text).toContain("Kết luận cuối cùng"); // flushed before locking

      // Nobody edits a finalized document: the update is refused and not stored.
      const refused = new Promise((resolve) => secretary.socket.once("minutes:readonly", resolve));
      typeParagraph(secretary.doc, "Sửa sau khi khóa");
      await refused;
      await new Promise((r) => setTimeout(r, 300));
      expect((await minutesRow(meetingId))!.text).not.toContain("Sửa sau khi khóa");

      expect((await act("vanphong", "minutes-approve")).status).toBe(403); // not the chair
      const chairId = (await getDb().Meeting.findByPk(meetingId))!.chairId!;
      const chair = await getDb().User.findByPk(chairId);
      const chairCookie = await signInAs(server.baseUrl, chair!.username);
      expect((await postForm(server.baseUrl, `/meetings/${meetingId}`, { intent: "minutes-approve" }, chairCookie)).status).toBe(200);
      expect((await minutesRow(meetingId))!.status).toBe("approved");

      expect((await act("thanhvien", "minutes-reopen", { reason: "Bổ sung ý kiến" })).status).toBe(403);
      expect((await act("vanphong", "minutes-reopen", { reason: "Bổ sung ý kiến" })).status).toBe(200);
      expect((await minutesRow(meetingId))!.status).toBe("draft");
      const versions = await getDb().MinutesVersion.findAll({ where: { minutesId: (await minutesRow(meetingId))!.id } });
      expect(versions.map((v) => v.reason)).toEqual(expect.arrayContaining(["finalize", "approve"]));
      const audit = await getDb().AuditEvent.findAll({ where: { entityType: "meeting", entityId: meetingId } });
      expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["minutes.finalize", "minutes.approve", "minutes.reopen"]));
    } finally {
      secretary.close();
    }
  });

  test("restoring a version is a live edit everyone sees", async () => {
    const secretary = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    const reader = await openMinutes(server.baseUrl, cookies.thanhvien, meetingId);
    try {
      const minutesId = (await minutesRow(meetingId))!.id;
      const finalize = await getDb().MinutesVersion.findOne({ where: { minutesId, reason: "finalize" } });
      typeParagraph(secretary.doc, "Đoạn thêm sau khi mở lại");
      await waitFor(() => fragmentText(reader.doc).includes("Đoạn thêm sau khi mở lại"), 5000, "edit live");
      const page = await fetch(`${server.baseUrl}/meetings/${meetingId}/minutes/versions?v=${finalize!.id}`, { headers: { Cookie: cookies.vanphong } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Khác biệt so với hiện tại");
      const res = await postForm(server.baseUrl, `/meetings/${meetingId}/minutes/versions`, { versionId: String(finalize!.id) }, cookies.vanphong);
      expect(res.status).toBe(302);
      await waitFor(() => !fragmentText(reader.doc).includes("Đoạn thêm sau khi mở lại"), 5000, "restore to reach the reader");
      expect(fragmentText(reader.doc)).toContain("Kết luận cuối cùng");
      expect(fragmentText(secretary.doc)).toBe(fragmentText(reader.doc));
      // Staff may not restore.
      expect((await postForm(server.baseUrl, `/meetings/${meetingId}/minutes/versions`, { versionId: String(finalize!.id) }, cookies.chuyenvien)).status).toBe(403);
    } finally {
      secretary.close();
      reader.close();
    }
  });
});
