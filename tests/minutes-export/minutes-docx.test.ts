// minutesToDocx on its own: the ProseMirror JSON of the minutes schema in, the
// WordprocessingML that Word and LibreOffice read out. No database needed.
import { buildMinutesTemplate } from "../../app/lib/minutes/template";
import { isLayoutTable, minutesToDocx } from "../../app/services/minutes-docx.server";
import { attachmentDisposition, minutesFileNames } from "../../app/services/minutes-export.server";
import { tablesOf, textOfXml, unzipDocx } from "./fixtures";

type Node = { type: string; attrs?: Record<string, unknown>; content?: Node[]; marks?: { type: string }[]; text?: string };
const t = (text: string, ...marks: string[]): Node => ({ type: "text", text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
const p = (align: string | null, ...content: Node[]): Node => ({ type: "paragraph", attrs: { textAlign: align }, content });
const li = (...content: Node[]): Node => ({ type: "listItem", content });
const doc = (...content: Node[]) => ({ type: "doc", content });
const meta = { title: "Phiên họp thử nghiệm về chuyển đổi số", bodyName: "UBND Thành phố Hà Nội", meetingDate: "02/06/2025" };

/** The <w:p> elements of document.xml that contain `text`. */
function paragraphsWith(xml: string, text: string) {
  return (xml.match(/<w:p>[\s\S]*?<\/w:p>|<w:p [\s\S]*?<\/w:p>/g) ?? []).filter((x) => textOfXml(x).includes(text));
}

async function render(json: { type: string; content: Node[] }) {
  return unzipDocx(await minutesToDocx(json, meta));
}

const template = () =>
  buildMinutesTemplate({
    bodyName: "UBND Thành phố Hà Nội",
    bodyKind: "state",
    title: meta.title,
    startsAt: "2025-06-02T01:00:00.000Z",
    endsAt: "2025-06-02T04:30:00.000Z",
    place: "Phòng họp số 1",
    chair: { fullName: "Nguyễn Văn Minh", title: "Chủ tịch UBND Thành phố" },
    secretary: { fullName: "Trần Thu Hà", title: null },
    present: [{ fullName: "Lê Thị Hồng Nhung", title: "Giám đốc Sở Nội vụ" }],
    absent: [],
    agenda: [{ id: 7, title: "Báo cáo chỉ số PAR Index", presenter: "Sở Nội vụ" }],
  }) as { type: string; content: Node[] };

describe("minutesToDocx", () => {
  test("the template: page setup, header without number on page 1 and centred PAGE from page 2, core properties", async () => {
    const parts = await render(template());
    const xml = parts["word/document.xml"];
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(xml).toMatch(/<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/);
    expect(xml).toContain("<w:titlePg/>");
    const refs = [...xml.matchAll(/<w:headerReference w:type="(\w+)" r:id="(\w+)"\/>/g)].map((m) => [m[1], m[2]]);
    expect(refs.map((r) => r[0]).sort()).toEqual(["default", "first"]);
    const rels = parts["word/_rels/document.xml.rels"];
    const headerXml = (id: string) => parts["word/" + new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!.slice(1).find(Boolean)!];
    const byType = Object.fromEntries(refs.map(([type, id]) => [type, headerXml(id)]));
    expect(byType.default).toContain("PAGE");
    expect(byType.default).toContain('<w:jc w:val="center"/>');
    expect(byType.first).not.toContain("PAGE");

    const core = parts["docProps/core.xml"];
    expect(core).toContain(`<dc:title>${meta.title}</dc:title>`);
    expect(core).toContain("<dc:creator>Phòng Họp Số</dc:creator>");

    const styles = parts["word/styles.xml"];
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*w:ascii="Times New Roman"[\s\S]*<w:sz w:val="28"\/>[\s\S]*<\/w:docDefaults>/);
    expect(styles).toMatch(/<w:docDefaults>[\s\S]*<w:spacing w:after="120" w:line="276"\/>[\s\S]*<\/w:docDefaults>/);
  });

  test("headings, alignment and the first-line indent follow the JSON", async () => {
    const xml = (await render(template()))["word/document.xml"];
    const [title] = paragraphsWith(xml, "BIÊN BẢN");
    expect(title).toContain('<w:pStyle w:val="Heading1"/>');
    expect(title).toContain('<w:jc w:val="center"/>');
    expect(title).toContain("<w:b/>");
    const [h2] = paragraphsWith(xml, "NỘI DUNG CUỘC HỌP");
    expect(h2).toContain('<w:pStyle w:val="Heading2"/>');
    expect(h2).toContain("<w:b/>");
    const [h3] = paragraphsWith(xml, "1. Báo cáo chỉ số PAR Index");
    expect(h3).toContain('<w:pStyle w:val="Heading3"/>');
    for (const h of [title, h2, h3]) expect(h).not.toContain("w:firstLine");

    // the meeting's name: centred, no indent; body lines: justified with a 1 cm first-line indent
    const [name] = paragraphsWith(xml, meta.title);
    expect(name).toContain('<w:jc w:val="center"/>');
    expect(name).not.toContain("w:firstLine");
    const [place] = paragraphsWith(xml, "Địa điểm: ");
    expect(place).toContain('<w:jc w:val="both"/>');
    expect(place).toContain('w:firstLine="567"');
    // list items are indented by their numbering, not by a first-line indent
    const [member] = paragraphsWith(xml, "Lê Thị Hồng Nhung");
    expect(member).toContain("<w:numPr>");
    expect(member).not.toContain("w:firstLine");
    // cells of the layout tables are centred, unindented and tight
    const [motto] = paragraphsWith(xml, "Độc lập - Tự do - Hạnh phúc");
    expect(motto).toContain('<w:jc w:val="center"/>');
    expect(motto).not.toContain("w:firstLine");
    expect(motto).toContain('w:after="0"');
    // the empty lines of the signature blocks are double, to leave room to sign
    const signatures = tablesOf(xml)[1];
    expect(signatures.match(/<w:p><w:pPr><w:spacing w:after="0" w:before="0" w:line="480"\/><w:jc w:val="center"\/><\/w:pPr><\/w:p>/g)).toHaveLength(4);
    // Decree 30: in the header, the national title and the issuing body 12–13 pt (12), the motto,
    // number and date 13–14 pt (13); the signatures 14 pt
    for (const s of ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND THÀNH PHỐ HÀ NỘI"]) expect(paragraphsWith(xml, s)[0]).toContain('<w:sz w:val="24"/>');
    for (const s of ["Độc lập - Tự do - Hạnh phúc", "Số: ......../BB-UBND", "Hà Nội, ngày 02 tháng 06 năm 2025"]) expect(paragraphsWith(xml, s)[0]).toContain('<w:sz w:val="26"/>');
    expect(paragraphsWith(xml, "CHỦ TỌA")[0]).toContain('<w:sz w:val="28"/>');
  });

  test("a level-1 heading is written in capitals; marks become run properties; Vietnamese survives", async () => {
    const xml = (
      await render(
        doc(
          { type: "heading", attrs: { level: 1, textAlign: null }, content: [t("biên bản họp")] },
          p(null, t("đậm", "bold"), t(" "), t("nghiêng", "italic"), t(" "), t("gạch chân", "underline"), t(" "), t("gạch ngang", "strike"), t(" "), t("mã", "code"), { type: "hardBreak" }, t("dòng hai")),
          p("right", t("Căn phải")),
          p("left", t("Căn trái")),
        ),
      )
    )["word/document.xml"];
    const [h1] = paragraphsWith(xml, "BIÊN BẢN HỌP");
    expect(h1).toContain('<w:jc w:val="center"/>');
    const run = (text: string) => new RegExp(`<w:r><w:rPr>((?:(?!</w:rPr>).)*)</w:rPr><w:t xml:space="preserve">${text}</w:t></w:r>`).exec(xml)![1];
    expect(run("đậm")).toContain("<w:b/>");
    expect(run("nghiêng")).toContain("<w:i/>");
    expect(run("gạch chân")).toContain('<w:u w:val="single"/>');
    expect(run("gạch ngang")).toContain("<w:strike/>");
    expect(run("mã")).toContain('w:ascii="Courier New"');
    expect(run("dòng hai")).not.toContain("<w:b/>");
    expect(xml).toContain("<w:br/>");
    const [right] = paragraphsWith(xml, "Căn phải");
    expect(right).toContain('<w:jc w:val="right"/>');
    expect(right).not.toContain("w:firstLine");
    const [left] = paragraphsWith(xml, "Căn trái");
    expect(left).toContain('<w:jc w:val="left"/>');
    expect(left).toContain('w:firstLine="567"');
  });

  test("bullet and numbered lists: Vietnamese markers, nesting, and each numbered list counting from its start", async () => {
    const parts = await render(
      doc(
        { type: "orderedList", attrs: { start: 1 }, content: [li(p(null, t("Một")), { type: "bulletList", content: [li(p(null, t("Ý con")))] }), li(p(null, t("Hai")))] },
        p(null, t("Đoạn giữa")),
        { type: "orderedList", attrs: { start: 1 }, content: [li(p(null, t("Lại một")))] },
        { type: "orderedList", attrs: { start: 3 }, content: [li(p(null, t("Ba")))] },
        { type: "bulletList", content: [li(p(null, t("Gạch đầu dòng")), p(null, t("đoạn thứ hai của mục")))] },
      ),
    );
    const xml = parts["word/document.xml"];
    const num = (text: string) => {
      const m = /<w:numPr><w:ilvl w:val="(\d)"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/.exec(paragraphsWith(xml, text)[0]);
      return m ? { level: Number(m[1]), id: m[2] } : null;
    };
    expect(num("Một")).toEqual({ level: 0, id: num("Hai")!.id });
    expect(num("Ý con")!.level).toBe(1);
    expect(num("Lại một")!.id).not.toBe(num("Một")!.id);
    expect(num("Ba")).not.toBeNull();
    expect(num("đoạn thứ hai của mục")).toBeNull();
    expect(paragraphsWith(xml, "đoạn thứ hai của mục")[0]).toMatch(/<w:ind w:left="567"\/>/);

    const numbering = parts["word/numbering.xml"];
    expect(numbering).toMatch(/<w:lvl w:ilvl="0"[^>]*>(?:(?!<\/w:lvl>).)*<w:numFmt w:val="bullet"\/>(?:(?!<\/w:lvl>).)*<w:lvlText w:val="-"\/>/);
    expect(numbering).toMatch(/<w:lvl w:ilvl="1"[^>]*>(?:(?!<\/w:lvl>).)*<w:lvlText w:val="\+"\/>/);
    expect(numbering).toMatch(/<w:lvl w:ilvl="0"[^>]*><w:start w:val="1"\/><w:numFmt w:val="decimal"\/><w:lvlText w:val="%1."\/>/);
    expect(numbering).toMatch(/<w:lvl w:ilvl="0"[^>]*><w:start w:val="3"\/><w:numFmt w:val="decimal"\/>/);
    expect(numbering).toMatch(/<w:lvl w:ilvl="1"[^>]*><w:start w:val="1"\/><w:numFmt w:val="lowerLetter"\/><w:lvlText w:val="%2\)"\/>/);
    // "Lại một" is its own w:num (a new instance), so Word counts it from 1 again
    const numIds = new Set([num("Một")!.id, num("Lại một")!.id, num("Ba")!.id]);
    expect(numIds.size).toBe(3);
    for (const id of numIds) expect(numbering).toContain(`<w:num w:numId="${id}">`);
  });

  test("tables: layout tables (only centred paragraphs) without borders, data tables with borders, widths split evenly", async () => {
    const data: Node = {
      type: "table",
      content: [
        { type: "tableRow", content: ["STT", "Nội dung", "Đơn vị"].map((h) => ({ type: "tableHeader", attrs: { colspan: 1, rowspan: 1 }, content: [p(null, t(h))] })) },
        { type: "tableRow", content: [{ type: "tableCell", attrs: { colspan: 2, rowspan: 1 }, content: [p(null, t("Gộp hai cột"))] }, { type: "tableCell", attrs: { colspan: 1, rowspan: 1 }, content: [] }] },
      ],
    };
    const json = template();
    json.content.push(data);
    expect(isLayoutTable(json.content[0])).toBe(true);
    expect(isLayoutTable(data)).toBe(false);
    const xml = (await render(json))["word/document.xml"];
    const [header, signatures, table] = tablesOf(xml);
    for (const layout of [header, signatures]) {
      expect(layout).toMatch(/<w:tblBorders>(<w:(top|left|bottom|right|insideH|insideV) w:val="none"[^>]*\/>){6}<\/w:tblBorders>/);
      expect(layout).not.toContain('w:val="single"');
    }
    // the document header shares the width by its longest lines (so the national title fits one line), the signatures evenly
    const [left, right] = [...header.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
    expect(left + right).toBe(9355);
    expect(left / 9355).toBeGreaterThan(0.35);
    expect(left / 9355).toBeLessThan(0.42);
    expect(header).toContain(`<w:tcW w:type="dxa" w:w="${right}"/>`);
    expect(signatures).toContain('<w:tblGrid><w:gridCol w:w="4677"/><w:gridCol w:w="4677"/></w:tblGrid>');
    expect(table).toMatch(/<w:tblBorders>(<w:(top|left|bottom|right|insideH|insideV) w:val="single" w:color="000000" w:sz="4"\/>){6}<\/w:tblBorders>/);
    expect(table.match(/<w:gridCol w:w="3118"\/>/g)).toHaveLength(3);
    expect(table).toContain('<w:gridSpan w:val="2"/>');
    expect(table).toContain('<w:tcW w:type="dxa" w:w="6236"/>');
    // the header row repeats on every page and is bold
    expect(table).toContain("<w:tblHeader/>");
    expect(paragraphsWith(table, "Nội dung")[0]).toContain("<w:b/>");
    // an empty cell still ends with a paragraph (Word refuses a cell without one)
    expect(table).toMatch(/<w:tc>(?:(?!<\/w:tc>).)*<w:tcW w:type="dxa" w:w="3118"\/>(?:(?!<\/w:tc>).)*<w:p>/);
  });

  test("unknown nodes are unwrapped, empty text is skipped, and an empty document is still a document", async () => {
    const xml = (await render(doc({ type: "details", content: [p(null, t("Nội dung ẩn"))] }, p(null, t("")), { type: "blockquote", content: [p(null, t("Trích dẫn"))] })))["word/document.xml"];
    expect(textOfXml(xml)).toContain("Nội dung ẩn");
    expect(paragraphsWith(xml, "Trích dẫn")[0]).toContain('w:left="567"');
    const empty = (await render(doc()))["word/document.xml"];
    expect(empty).toContain("<w:body><w:p/>");
  });

  test("file names: the Vietnamese title, and an ASCII slug for old clients", () => {
    const names = minutesFileNames("Giao ban tiến độ thực hiện Chỉ thị số 24-CT/TU: \"đợt 2\"");
    expect(names.fileName).toBe("Biên bản – Giao ban tiến độ thực hiện Chỉ thị số 24-CT-TU- -đợt 2-.docx");
    expect(names.asciiFileName).toBe("Bien-ban-giao-ban-tien-do-thuc-hien-chi-thi-so-24-ct-tu-dot-2.docx");
    const header = attachmentDisposition(names);
    expect(header).toMatch(/^attachment; filename="Bien-ban-[a-z0-9-]+\.docx"; filename\*=UTF-8''[A-Za-z0-9%._~-]+$/);
    expect(decodeURIComponent(header.split("UTF-8''")[1])).toBe(names.fileName);
  });
});
