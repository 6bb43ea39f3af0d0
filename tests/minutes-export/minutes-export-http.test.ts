import fs from "node:fs";
import path from "node:path";
import { getDb } from "../../models";
import { get, signInAs, startTestServer, type TestServer } from "../helpers/server";
import { RICH, demoMeeting, richMinutesJson, storeMinutes, tablesOf, textOfXml, unzipDocx } from "./fixtures";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const THEMATIC = "Phiên họp UBND Thành phố chuyên đề về cải cách hành chính";
const PARTY_RESTRICTED = "Hội nghị Ban Cán sự Đảng UBND Thành phố cho ý kiến về kế hoạch kiểm tra";
const NO_MINUTES = "Giao ban tiến độ thực hiện Chỉ thị số 24-CT/TU";
const PAST_REGULAR = "Phiên họp UBND Thành phố thường kỳ tháng"; // the seeded, approved minutes

/** The UTF-8 file name of a Content-Disposition header (RFC 5987 filename*). */
function utf8FileName(disposition: string | null) {
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? "");
  return m ? decodeURIComponent(m[1]) : null;
}

describe("minutes export over HTTP", () => {
  let server: TestServer;
  let vanphong: string;
  let thanhvien: string;
  let chuyenvien: string;
  let thematic: { id: number; title: string };
  let party: { id: number; title: string };

  beforeAll(async () => {
    server = await startTestServer();
    [vanphong, thanhvien, chuyenvien] = await Promise.all(["vanphong", "thanhvien", "chuyenvien"].map((u) => signInAs(server.baseUrl, u)));
    thematic = await demoMeeting(THEMATIC);
    party = await demoMeeting(PARTY_RESTRICTED);
    await storeMinutes(thematic.id, await richMinutesJson(thematic.id));
    await storeMinutes(party.id, await richMinutesJson(party.id));
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("GET /meetings/:id/minutes.docx: a Decree 30 document with the template, the agenda and the rich text", async () => {
    const res = await get(server.baseUrl, `/meetings/${thematic.id}/minutes.docx`, vanphong);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe(DOCX);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const disposition = res.headers.get("content-disposition");
    expect(disposition).toMatch(/^attachment; filename="Bien-ban-phien-hop-ubnd-thanh-pho-chuyen-de-ve-cai-cach-hanh-chinh[a-z0-9-]*\.docx"; filename\*=UTF-8''/);
    expect(utf8FileName(disposition)).toBe(`Biên bản – ${thematic.title}.docx`);

    const bytes = await res.arrayBuffer();
    // kept to open in Word/LibreOffice (tmp/ is not in git)
    fs.mkdirSync(path.resolve(__dirname, "../../tmp/minutes-export"), { recursive: true });
    fs.writeFileSync(path.resolve(__dirname, "../../tmp/minutes-export/minutes.docx"), Buffer.from(bytes));
    expect(Number(res.headers.get("content-length"))).toBe(bytes.byteLength);
    const parts = unzipDocx(bytes);
    const xml = parts["word/document.xml"];
    const text = textOfXml(xml);
    for (const s of ["BIÊN BẢN", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "NỘI DUNG CUỘC HỌP", "KẾT LUẬN CỦA CHỦ TRÌ", thematic.title]) expect(text).toContain(s);
    const agenda = await getDb().AgendaItem.findAll({ where: { meetingId: thematic.id } });
    expect(agenda.length).toBeGreaterThan(2);
    for (const a of agenda) expect(text).toContain(a.title);
    // what the secretary typed: marks, a numbered list with a nested bullet, a bullet list
    for (const s of [RICH.bold, RICH.italic, RICH.underline, RICH.strike, ...RICH.listItems, RICH.nested, ...RICH.bullets]) expect(text).toContain(s);
    expect(xml).toMatch(new RegExp(`<w:b/>(?:(?!</w:r>).)*<w:t xml:space="preserve">${RICH.bold}</w:t>`));
    expect(xml).toMatch(new RegExp(`<w:i/>(?:(?!</w:r>).)*<w:t xml:space="preserve">${RICH.italic}</w:t>`));
    expect(xml.match(/<w:numPr>/g)!.length).toBeGreaterThanOrEqual(RICH.listItems.length + RICH.bullets.length + 1);

    // A4 portrait; margins top/bottom 20 mm, left 30 mm, right 15 mm, in twips
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    // Times New Roman 14 pt on the runs and as the document default
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).toContain('<w:sz w:val="28"/>');
    expect(parts["word/styles.xml"]).toMatch(/<w:docDefaults>[\s\S]*Times New Roman[\s\S]*<w:sz w:val="28"\/>/);

    // Layout tables (header, signatures) have no borders; the task table has single 4-pt ones.
    const tables = tablesOf(xml);
    expect(tables).toHaveLength(3);
    const [header, data, signatures] = tables;
    expect(textOfXml(header)).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(textOfXml(signatures)).toContain("THƯ KÝ");
    for (const layout of [header, signatures]) {
      const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(layout)![1];
      expect(borders).not.toMatch(/w:val="single"/);
      expect(borders.match(/w:val="(none|nil)"/g)).toHaveLength(6);
      expect(layout).not.toMatch(/w:val="single"/);
    }
    expect(textOfXml(data)).toContain("Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính");
    expect(/<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(data)![1].match(/w:val="single" w:color="000000" w:sz="4"/g)).toHaveLength(6);

    // Vietnamese survives exactly, and the core properties name the meeting
    expect(parts["docProps/core.xml"]).toContain(`<dc:title>${thematic.title}</dc:title>`);
    expect(parts["docProps/core.xml"]).toContain("<dc:creator>Phòng Họp Số</dc:creator>");
  });

  test("a restricted Party meeting's minutes: 404 for a staff member who may not see it, 200 for a member of the body", async () => {
    for (const path of [`/meetings/${party.id}/minutes.docx`, `/meetings/${party.id}/minutes/print`]) {
      const denied = await get(server.baseUrl, path, chuyenvien);
      expect(denied.status).toBe(404);
      const body = await denied.text();
      expect(body).not.toContain(party.title);
      expect(body).not.toContain("Dự thảo Kế hoạch kiểm tra");

      const allowed = await get(server.baseUrl, path, thanhvien);
      expect(allowed.status).toBe(200);
    }
    const docx = await get(server.baseUrl, `/meetings/${party.id}/minutes.docx`, thanhvien);
    const text = textOfXml(unzipDocx(await docx.arrayBuffer())["word/document.xml"]);
    // the Party's header (Hướng dẫn 36-HD/VPTW)
    expect(text).toContain("ĐẢNG CỘNG SẢN VIỆT NAM");
    expect(text).toContain("Dự thảo Kế hoạch kiểm tra, giám sát của Ban Cán sự Đảng");
  });

  test("a meeting without minutes, an unknown meeting and a malformed id are 404", async () => {
    const none = await demoMeeting(NO_MINUTES);
    const docx = await get(server.baseUrl, `/meetings/${none.id}/minutes.docx`, vanphong);
    expect(docx.status).toBe(404);
    expect(docx.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await docx.text()).toContain("Chưa có biên bản.");
    const print = await get(server.baseUrl, `/meetings/${none.id}/minutes/print`, vanphong);
    expect(print.status).toBe(404);
    expect(await print.text()).toContain("Chưa có biên bản.");

    // a Minutes row whose snapshot is still empty is no minutes either
    const row = await getDb().Minutes.create({ meetingId: none.id, status: "draft" });
    expect((await get(server.baseUrl, `/meetings/${none.id}/minutes.docx`, vanphong)).status).toBe(404);
    expect((await get(server.baseUrl, `/meetings/${none.id}/minutes/print`, vanphong)).status).toBe(404);
    // HTML without the JSON snapshot: printable (sanitized again on the way out), but there is nothing to build a DOCX from
    await row.update({ html: '<p style="text-align:center">Chỉ có HTML</p><img src=x onerror="alert(1)"><script>alert(2)</script>' });
    const htmlOnly = await get(server.baseUrl, `/meetings/${none.id}/minutes/print`, vanphong);
    expect(htmlOnly.status).toBe(200);
    const page = await htmlOnly.text();
    expect(page).toContain('<p style="text-align:center">Chỉ có HTML</p>');
    expect(page).not.toContain("onerror");
    expect(page).not.toContain("alert(2)");
    expect((await get(server.baseUrl, `/meetings/${none.id}/minutes.docx`, vanphong)).status).toBe(404);

    for (const id of ["999999", "abc", "0", "1e3"]) {
      expect((await get(server.baseUrl, `/meetings/${id}/minutes.docx`, vanphong)).status).toBe(404);
      expect((await get(server.baseUrl, `/meetings/${id}/minutes/print`, vanphong)).status).toBe(404);
    }
  });

  test("signed out: both pages redirect to /login and come back", async () => {
    for (const path of [`/meetings/${thematic.id}/minutes.docx`, `/meetings/${thematic.id}/minutes/print`]) {
      const res = await get(server.baseUrl, path);
      expect(res.status).toBe(302);
      expect(res.headers.get("location")).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
  });

  test("GET /meetings/:id/minutes/print: the sanitized minutes HTML, the A4 @page rule, the print rules and the toolbar", async () => {
    const row = await getDb().Minutes.findOne({ where: { meetingId: thematic.id } });
    const res = await get(server.baseUrl, `/meetings/${thematic.id}/minutes/print`, vanphong);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const html = await res.text();
    expect(html).toContain(row!.html!);
    expect(html).toContain("@page { size: A4; margin: 20mm 15mm 20mm 30mm;");
    expect(html).toMatch(/@media print \{\s*header, nav, footer, \[data-print-hide\]/);
    expect(html).toContain('font-family: "Times New Roman"');
    expect(html).toContain("font-size: 14pt");
    expect(html).toContain("In / Lưu PDF");
    expect(html).toContain(`href="/meetings/${thematic.id}/minutes.docx"`);
    expect(html).toMatch(/Trạng thái biên bản: <strong>Nháp<\/strong>/);
    expect(html).toContain(`<title>Biên bản – ${thematic.title}</title>`);
  });

  test("the seeded approved minutes: the print view says who approved them and when, and they export to DOCX", async () => {
    const m = await demoMeeting(PAST_REGULAR);
    const row = (await getDb().Minutes.findOne({ where: { meetingId: m.id } }))!;
    expect(row.status).toBe("approved");

    const print = await get(server.baseUrl, `/meetings/${m.id}/minutes/print`, vanphong);
    expect(print.status).toBe(200);
    const html = await print.text();
    expect(html).toMatch(/Trạng thái biên bản: <strong>Đã duyệt<\/strong>/);
    expect(html).toMatch(/<strong>Đã duyệt<\/strong>(?:<!-- -->)? – duyệt bởi Nguyễn Văn Minh lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}</);
    expect(html).toContain("Sở Tài chính chủ trì, phối hợp Sở Kế hoạch và Đầu tư");

    const docx = await get(server.baseUrl, `/meetings/${m.id}/minutes.docx`, vanphong);
    expect(docx.status).toBe(200);
    const parts = unzipDocx(await docx.arrayBuffer());
    const text = textOfXml(parts["word/document.xml"]);
    expect(text).toContain("BIÊN BẢN");
    expect(text).toContain(m.title);
    expect(text).toContain("UBND quận Hoàn Kiếm hoàn thiện Đề án thành lập Trung tâm Phục vụ hành chính công cấp phường");
    // its conclusions are a numbered list
    expect(parts["word/document.xml"]).toMatch(/<w:numPr><w:ilvl w:val="0"\/><w:numId w:val="\d+"\/><\/w:numPr>/);
  });
});
