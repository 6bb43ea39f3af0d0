import fs from "node:fs";
import path from "node:path";
import { Op } from "sequelize";
import { closeDb, getDb } from "../../models";
import { get, postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";
import {
  dispositionName,
  elfExecutable,
  listFiles,
  minimalDocx,
  minimalPdf,
  minimalPng,
  minimalPptx,
  minimalXlsx,
  multipartBody,
  oldWordDoc,
  postMultipart,
  postStreamingUpload,
  rawRequest,
  sha256,
  windowsExecutable,
  type UploadPart,
} from "./fixtures";

const UPLOAD_DIR = process.env.UPLOAD_DIR!;
const FETCHER = "?_data=" + encodeURIComponent("routes/meetings.$id.documents");
const MB = 1024 * 1024;

type Json = { ok: boolean; message: string; fields?: Record<string, string>; documents?: Array<{ id: number; fileName: string; mime: string; size: number; sha256: string; uploadedBy: { fullName: string } | null }>; documentId?: number };

describe("meeting documents: upload, download, delete", () => {
  let server: TestServer;
  let base: string;
  const cookies: Record<string, string> = {};
  let open: { meetingId: number; itemIds: number[] };
  let restricted: { meetingId: number; itemIds: number[] };

  const upload = (meetingId: number, agendaItemId: number, files: Array<{ filename: string; content: Buffer }>, who = "vanphong", query = FETCHER, headers: Record<string, string> = {}) =>
    postMultipart(
      base,
      `/meetings/${meetingId}/documents${query}`,
      [
        { name: "intent", value: "upload" },
        { name: "agendaItemId", value: String(agendaItemId) },
        ...files.map((f): UploadPart => ({ name: "file", filename: f.filename, content: f.content })),
      ],
      cookies[who],
      headers,
    );

  const snapshot = async () => ({ rows: await getDb().Document.count(), files: listFiles(UPLOAD_DIR) });

  beforeAll(async () => {
    fs.rmSync(UPLOAD_DIR, { recursive: true, force: true });
    server = await startTestServer();
    base = server.baseUrl;
    for (const u of ["vanphong", "thanhvien", "chuyenvien", "badinh", "chutich"]) cookies[u] = await signInAs(base, u);
    const db = getDb();
    const withItems = async (where: object) => {
      const m = await db.Meeting.findOne({
        where: { status: { [Op.ne]: "draft" }, ...where },
        include: [{ model: db.AgendaItem, as: "agendaItems" }],
        order: [["startsAt", "ASC"]],
      });
      expect(m?.agendaItems?.length).toBeGreaterThan(1);
      return { meetingId: m!.id, itemIds: m!.agendaItems!.map((a) => a.id).sort((a, b) => a - b) };
    };
    restricted = await withItems({ confidentiality: "restricted" });
    const stateBody = await db.Body.findOne({ where: { kind: "state" } });
    open = await withItems({ confidentiality: "normal", bodyId: stateBody!.id });
  });
  afterAll(async () => {
    await server?.stop();
    await closeDb();
  });

  test("the secretariat uploads a real PDF; a body member downloads the same bytes under its Vietnamese name", async () => {
    const pdf = minimalPdf();
    const name = "Báo cáo tổng hợp – Đề án 06 (bản cuối).pdf";
    const res = await upload(open.meetingId, open.itemIds[0], [{ filename: name, content: pdf }]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.ok).toBe(true);
    const [doc] = body.documents!;
    expect(doc).toMatchObject({ fileName: name, mime: "application/pdf", size: pdf.length, sha256: sha256(pdf) });
    expect(doc.uploadedBy?.fullName).toBeTruthy();

    const row = await getDb().Document.findByPk(doc.id);
    expect(row).toMatchObject({ ownerType: "agenda_item", ownerId: open.itemIds[0], fileName: name });
    // Stored under a random sharded key, never under the user's name.
    expect(row!.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f-]{36}$/);
    expect(row!.storageKey.startsWith(`${row!.storageKey.slice(6, 8)}/${row!.storageKey.slice(8, 10)}/`)).toBe(true);
    expect(fs.readFileSync(path.join(UPLOAD_DIR, row!.storageKey)).equals(pdf)).toBe(true);
    expect(listFiles(path.join(UPLOAD_DIR, "tmp"))).toEqual([]);
    const audit = await getDb().AuditEvent.findOne({ where: { action: "document.upload", entityId: doc.id } });
    expect(audit).not.toBeNull();

    for (const who of ["thanhvien", "chuyenvien"]) {
      const dl = await get(base, `/documents/${doc.id}`, cookies[who]);
      expect(dl.status).toBe(200);
      expect(dl.headers.get("content-type")).toBe("application/pdf");
      expect(dl.headers.get("content-length")).toBe(String(pdf.length));
      expect(dl.headers.get("x-content-type-options")).toBe("nosniff");
      expect(dl.headers.get("cache-control")).toBe("private, no-store");
      const cd = dl.headers.get("content-disposition")!;
      expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
      expect(dispositionName(cd)).toBe(name);
      const bytes = Buffer.from(await dl.arrayBuffer());
      expect(sha256(bytes)).toBe(sha256(pdf));
    }
  });

  test("DOCX, XLSX, PPTX and PNG are recognised by content; several files go up in one request", async () => {
    const files = [
      { filename: "Dự thảo Kế hoạch.docx", content: minimalDocx(), mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" },
      { filename: "Bảng tiến độ.xlsx", content: minimalXlsx(), mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" },
      { filename: "Trình chiếu.pptx", content: minimalPptx(), mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation" },
      { filename: "Sơ đồ.png", content: minimalPng(), mime: "image/png" },
    ];
    const res = await upload(open.meetingId, open.itemIds[1], files);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Json;
    expect(body.documents!.map((d) => [d.fileName, d.mime, d.sha256])).toEqual(files.map((f) => [f.filename, f.mime, sha256(f.content)]));

    const dl = await get(base, `/documents/${body.documents![1].id}`, cookies.thanhvien);
    expect(dl.status).toBe(200);
    expect(dl.headers.get("content-type")).toBe(files[1].mime);
    expect(sha256(Buffer.from(await dl.arrayBuffer()))).toBe(sha256(files[1].content));
  });

  test.each([
    ["an ELF executable renamed .pdf", "bao-cao.pdf", elfExecutable(), /không phải PDF\/DOCX\/XLSX\/PPTX hoặc ảnh \(nội dung là chương trình Linux \(ELF\)\)/],
    ["a Windows executable renamed .pdf", "Tờ trình.pdf", windowsExecutable(), /«Tờ trình\.pdf» không phải .*EXE/],
    ["a text file renamed .docx", "Biên bản.docx", Buffer.from("Đây chỉ là văn bản thuần, không phải tài liệu Word.\n"), /«Biên bản\.docx» không phải .*văn bản thuần/],
    ["an old Word 97 .doc", "Công văn.doc", oldWordDoc(), /không phải .*Office đời cũ/],
    ["a DOCX named .pdf", "Kế hoạch.pdf", minimalDocx(), /phần mở rộng \.pdf nhưng nội dung là DOCX/],
    ["an empty file", "trống.pdf", Buffer.alloc(0), /rỗng/],
  ])("refuses %s with a Vietnamese message and writes nothing", async (_label, filename, content, message) => {
    const before = await snapshot();
    const res = await upload(open.meetingId, open.itemIds[2], [{ filename, content }]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as Json;
    expect(body.ok).toBe(false);
    expect(body.fields?.file ?? body.message).toMatch(message);
    expect(await snapshot()).toEqual(before);
  });

  test("one bad file refuses the whole request: the good one next to it is not stored either", async () => {
    const before = await snapshot();
    const res = await upload(open.meetingId, open.itemIds[2], [
      { filename: "tốt.pdf", content: minimalPdf() },
      { filename: "xấu.pdf", content: elfExecutable() },
    ]);
    expect(res.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  test("a 60 MB upload streamed without Content-Length is stopped at 50 MB: 413, no row, no file", async () => {
    const before = await snapshot();
    // Watch the temp directory while the upload runs: it may hold up to 50 MB, never more.
    const tmp = path.join(UPLOAD_DIR, "tmp");
    let maxTemp = 0;
    const watch = setInterval(() => {
      let total = 0;
      for (const f of listFiles(tmp)) total += fs.statSync(path.join(tmp, f), { throwIfNoEntry: false })?.size ?? 0;
      maxTemp = Math.max(maxTemp, total);
    }, 5);
    const res = await postStreamingUpload(base, `/meetings/${open.meetingId}/documents${FETCHER}`, {
      fields: { intent: "upload", agendaItemId: String(open.itemIds[0]) },
      filename: "Hồ sơ rất lớn.pdf",
      fileBytes: 60 * MB,
      cookie: cookies.vanphong,
    }).finally(() => clearInterval(watch));
    expect(maxTemp).toBeGreaterThan(0);
    expect(maxTemp).toBeLessThanOrEqual(50 * MB);
    expect(res.status).toBe(413);
    const body = (await res.json()) as Json;
    expect(body.ok).toBe(false);
    expect(body.message).toMatch(/«Hồ sơ rất lớn\.pdf» vượt quá dung lượng cho phép \(tối đa 50 MB/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  test("a 60 MB upload that announces its Content-Length is refused before it is read", async () => {
    const before = await snapshot();
    const res = await upload(open.meetingId, open.itemIds[0], [{ filename: "lớn.pdf", content: Buffer.alloc(60 * MB, 0x25) }]);
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
    expect(((await res.json()) as Json).message).toMatch(/vượt quá dung lượng cho phép \(tối đa 50 MB/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  test("a 150 MB stream is abandoned once it has gone far past the limit, still with a 413 and nothing left", async () => {
    const before = await snapshot();
    const res = await postStreamingUpload(base, `/meetings/${open.meetingId}/documents${FETCHER}`, {
      fields: { intent: "upload", agendaItemId: String(open.itemIds[0]) },
      filename: "quá lớn.pdf",
      fileBytes: 150 * MB,
      cookie: cookies.vanphong,
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Json).message).toMatch(/«quá lớn\.pdf» vượt quá dung lượng cho phép/);
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  test("staff cannot upload: 403 on a meeting they can see, 404 on the restricted Party meeting; nothing written", async () => {
    const before = await snapshot();
    const visible = await upload(open.meetingId, open.itemIds[0], [{ filename: "a.pdf", content: minimalPdf() }], "chuyenvien");
    expect(visible.status).toBe(403);
    expect(((await visible.json()) as Json).ok).toBe(false);
    const hidden = await upload(restricted.meetingId, restricted.itemIds[0], [{ filename: "a.pdf", content: minimalPdf() }], "badinh");
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as Json).message).toBe("Không tìm thấy cuộc họp.");
    // A leader who is not the meeting's secretary does not run it either.
    const leader = await upload(open.meetingId, open.itemIds[0], [{ filename: "a.pdf", content: minimalPdf() }], "chutich");
    expect(leader.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  test("an agenda item of another meeting, a missing item or a bad intent is refused; nothing written", async () => {
    const before = await snapshot();
    const foreign = await upload(open.meetingId, restricted.itemIds[0], [{ filename: "a.pdf", content: minimalPdf() }]);
    expect(foreign.status).toBe(404);
    const noItem = await postMultipart(base, `/meetings/${open.meetingId}/documents${FETCHER}`, [{ name: "intent", value: "upload" }, { name: "file", filename: "a.pdf", content: minimalPdf() }], cookies.vanphong);
    expect(noItem.status).toBe(400);
    expect(((await noItem.json()) as Json).fields?.agendaItemId).toBe("Nội dung họp không hợp lệ.");
    const noFile = await postMultipart(base, `/meetings/${open.meetingId}/documents${FETCHER}`, [{ name: "intent", value: "upload" }, { name: "agendaItemId", value: String(open.itemIds[0]) }], cookies.vanphong);
    expect(noFile.status).toBe(400);
    expect(((await noFile.json()) as Json).message).toBe("Vui lòng chọn tệp cần tải lên.");
    const badIntent = await postMultipart(base, `/meetings/${open.meetingId}/documents${FETCHER}`, [{ name: "intent", value: "rename" }], cookies.vanphong);
    expect(badIntent.status).toBe(400);
    const badMeeting = await upload(999999, open.itemIds[0], [{ filename: "a.pdf", content: minimalPdf() }]);
    expect(badMeeting.status).toBe(404);
    const junk = await fetch(`${base}/meetings/${open.meetingId}/documents${FETCHER}`, {
      method: "POST",
      headers: { Origin: base, Cookie: cookies.vanphong, "Content-Type": "multipart/form-data; boundary=xyz" },
      body: "--xyz\r\nthis is not a part header\r\n\r\nbroken",
    });
    expect(junk.status).toBe(400);
    expect(await snapshot()).toEqual(before);
  });

  test("documents of the restricted Party meeting: 404 for staff (same page as an unknown id), 200 for a body member", async () => {
    const pdf = minimalPdf("Tai lieu mat");
    const res = await upload(restricted.meetingId, restricted.itemIds[0], [{ filename: "Tờ trình công tác cán bộ.pdf", content: pdf }]);
    expect(res.status).toBe(200);
    const [doc] = ((await res.json()) as Json).documents!;

    const member = await get(base, `/documents/${doc.id}`, cookies.thanhvien);
    expect(member.status).toBe(200);
    expect(sha256(Buffer.from(await member.arrayBuffer()))).toBe(sha256(pdf));

    const unknown = await get(base, `/documents/987654`, cookies.chuyenvien);
    expect(unknown.status).toBe(404);
    const unknownHtml = await unknown.text();
    for (const who of ["chuyenvien", "badinh"]) {
      const staff = await get(base, `/documents/${doc.id}`, cookies[who]);
      expect(staff.status).toBe(404);
      expect(staff.headers.get("content-type")).toMatch(/^text\/html/);
      expect(staff.headers.get("content-disposition")).toBeNull();
      // Indistinguishable from a document that does not exist.
      expect(await staff.text()).toBe(unknownHtml);
    }
    expect(unknownHtml).toContain("Không tìm thấy tài liệu.");
  });

  test("HEAD gives the download's headers without its body", async () => {
    const [doc] = ((await (await upload(open.meetingId, open.itemIds[1], [{ filename: "Đầu.pdf", content: minimalPdf() }])).json()) as Json).documents!;
    const res = await fetch(`${base}/documents/${doc.id}`, { method: "HEAD", headers: { Cookie: cookies.thanhvien } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(dispositionName(res.headers.get("content-disposition"))).toBe("Đầu.pdf");
    expect((await res.arrayBuffer()).byteLength).toBe(0);
  });

  test("downloads: anonymous → sign-in, malformed ids → 404 page", async () => {
    const anon = await get(base, "/documents/1");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe("/login?next=%2Fdocuments%2F1");
    for (const id of ["abc", "0", "-1", "1.5", "99999999999999"]) {
      const res = await get(base, `/documents/${id}`, cookies.thanhvien);
      expect(res.status).toBe(404);
      expect(await res.text()).toContain("404");
    }
  });

  test("plain form posts (no JavaScript) are sent back to the agenda item", async () => {
    // What a browser sends with a form navigation (fetch() would always say Sec-Fetch-Mode: cors).
    const navigation = { "Sec-Fetch-Mode": "navigate", Accept: "text/html,application/xhtml+xml,*/*;q=0.8", Origin: base, Cookie: cookies.vanphong };
    const { body, contentType } = multipartBody([
      { name: "intent", value: "upload" },
      { name: "agendaItemId", value: String(open.itemIds[2]) },
      { name: "file", filename: "Phụ lục.pdf", content: minimalPdf(), type: "application/pdf" },
    ]);
    const res = await rawRequest(`${base}/meetings/${open.meetingId}/documents`, { method: "POST", headers: { ...navigation, "Content-Type": contentType }, body });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`/meetings/${open.meetingId}#item-${open.itemIds[2]}`);
    const doc = await getDb().Document.findOne({ where: { fileName: "Phụ lục.pdf" } });
    expect(doc).not.toBeNull();

    const del = await rawRequest(`${base}/meetings/${open.meetingId}/documents`, {
      method: "POST",
      headers: { ...navigation, "Content-Type": "application/x-www-form-urlencoded" },
      body: Buffer.from(new URLSearchParams({ intent: "delete", documentId: String(doc!.id) }).toString()),
    });
    expect(del.status).toBe(302);
    expect(del.headers.location).toBe(`/meetings/${open.meetingId}#item-${open.itemIds[2]}`);
    expect(await getDb().Document.findByPk(doc!.id)).toBeNull();
  });

  test("deleting removes the row (audited) and then the file; staff and other meetings cannot delete", async () => {
    const res = await upload(open.meetingId, open.itemIds[0], [{ filename: "Sẽ xóa.png", content: minimalPng() }]);
    const [doc] = ((await res.json()) as Json).documents!;
    const row = await getDb().Document.findByPk(doc.id);
    const file = path.join(UPLOAD_DIR, row!.storageKey);
    expect(fs.existsSync(file)).toBe(true);

    const staff = await postForm(base, `/meetings/${open.meetingId}/documents${FETCHER}`, { intent: "delete", documentId: String(doc.id) }, cookies.chuyenvien);
    expect(staff.status).toBe(403);
    // Through another meeting's URL the document does not exist.
    const elsewhere = await postForm(base, `/meetings/${restricted.meetingId}/documents${FETCHER}`, { intent: "delete", documentId: String(doc.id) }, cookies.vanphong);
    expect(elsewhere.status).toBe(404);
    expect(fs.existsSync(file)).toBe(true);

    const del = await postForm(base, `/meetings/${open.meetingId}/documents${FETCHER}`, { intent: "delete", documentId: String(doc.id) }, cookies.vanphong);
    expect(del.status).toBe(200);
    expect((await del.json()) as Json).toMatchObject({ ok: true, documentId: doc.id });
    expect(await getDb().Document.findByPk(doc.id)).toBeNull();
    expect(fs.existsSync(file)).toBe(false);
    const audit = await getDb().AuditEvent.findOne({ where: { action: "document.delete", entityId: doc.id } });
    expect(audit!.before).toMatchObject({ fileName: "Sẽ xóa.png", sha256: doc.sha256 });

    const again = await postForm(base, `/meetings/${open.meetingId}/documents${FETCHER}`, { intent: "delete", documentId: String(doc.id) }, cookies.vanphong);
    expect(again.status).toBe(404);
    expect((await get(base, `/documents/${doc.id}`, cookies.vanphong)).status).toBe(404);
  });

  test("signed out: browsers are sent to sign in, API clients get 401; nothing written", async () => {
    const before = await snapshot();
    const parts: UploadPart[] = [
      { name: "intent", value: "upload" },
      { name: "agendaItemId", value: String(open.itemIds[0]) },
      { name: "file", filename: "a.pdf", content: minimalPdf() },
    ];
    const browser = await postMultipart(base, `/meetings/${open.meetingId}/documents`, parts);
    expect(browser.status).toBe(302);
    expect(browser.headers.get("location")).toBe(`/login?next=${encodeURIComponent(`/meetings/${open.meetingId}/documents`)}`);
    const api = await postMultipart(base, `/meetings/${open.meetingId}/documents`, parts, undefined, { Accept: "application/json" });
    expect(api.status).toBe(401);
    expect(((await api.json()) as Json).message).toBe("Vui lòng đăng nhập.");
    const download = await fetch(`${base}/documents/1`, { headers: { Accept: "application/json" }, redirect: "manual" });
    expect(download.status).toBe(401);
    expect(await snapshot()).toEqual(before);
  });

  test("a cross-site post is refused before anything is read", async () => {
    const before = await snapshot();
    const form = new FormData();
    form.append("intent", "upload");
    form.append("agendaItemId", String(open.itemIds[0]));
    form.append("file", new Blob([new Uint8Array(minimalPdf())]), "a.pdf");
    const res = await fetch(`${base}/meetings/${open.meetingId}/documents`, { method: "POST", redirect: "manual", headers: { Origin: "https://evil.example", Cookie: cookies.vanphong }, body: form });
    expect(res.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
