// Minutes documents for the export tests: the real template of form 1.9
// (Decree 30/2020/NĐ-CP) filled for a demo meeting, plus the rich text a
// secretary adds while the meeting runs (marks, lists, a data table).
import { unzipSync, strFromU8 } from "fflate"; // docx's own zip library (it replaced JSZip in docx 9)
import { getDb } from "../../models";
import { buildMinutesTemplate } from "../../app/lib/minutes/template";
import { renderMinutesJSON } from "../../app/services/minutes-render.server";

type Node = { type: string; attrs?: Record<string, unknown>; content?: Node[]; marks?: { type: string }[]; text?: string };

const t = (text: string, ...marks: string[]): Node => ({ type: "text", text, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
const para = (...content: Node[]): Node => ({ type: "paragraph", attrs: { textAlign: null }, content });
const item = (...content: Node[]): Node => ({ type: "listItem", content });
const cell = (type: "tableCell" | "tableHeader", text: string): Node => ({ type, attrs: { colspan: 1, rowspan: 1, colwidth: null }, content: [para(t(text))] });

export const RICH = {
  bold: "Đồng chí Chủ tịch nhấn mạnh",
  italic: "tinh thần Chỉ thị 24-CT/TU",
  underline: "rõ người, rõ việc",
  strike: "nội dung đã bỏ",
  listItems: ["Sở Nội vụ hoàn thiện báo cáo chỉ số PAR Index", "Sở Thông tin và Truyền thông vận hành hệ thống dùng chung"],
  nested: "Báo cáo trước ngày 15 hằng tháng",
  bullets: ["Ý kiến thứ nhất", "Ý kiến thứ hai"],
  tableHeader: ["STT", "Nhiệm vụ", "Đơn vị chủ trì", "Thời hạn"],
  tableRows: [
    ["1", "Rà soát thủ tục hành chính", "Sở Tư pháp", "30/06/2025"],
    ["2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Thông tin và Truyền thông", "31/12/2025"],
  ],
};

/** The template for `meetingId` with rich text in the first agenda section and a task table in the conclusions. */
export async function richMinutesJson(meetingId: number) {
  const db = getDb();
  const m = await db.Meeting.findByPk(meetingId, {
    include: [
      { model: db.Body, as: "body" },
      { model: db.Room, as: "room" },
      { model: db.User, as: "chair" },
      { model: db.User, as: "secretary" },
      { model: db.AgendaItem, as: "agendaItems", include: [{ model: db.User, as: "presenterUser" }, { model: db.Unit, as: "presenterUnit" }] },
    ],
    order: [[{ model: db.AgendaItem, as: "agendaItems" }, "position", "ASC"]],
  });
  if (!m) throw new Error(`meeting ${meetingId} not found`);
  const who = (u: { fullName: string; title?: string | null } | null | undefined) => (u ? { fullName: u.fullName, title: u.title ?? null } : null);
  const json = buildMinutesTemplate({
    bodyName: m.body!.name,
    bodyKind: m.body!.kind as "state" | "party",
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    place: m.room?.name ?? "",
    chair: who(m.chair),
    // the template writes an empty text node for a missing secretary: give it one
    secretary: who(m.secretary) ?? { fullName: "Trần Thu Hà", title: "Chuyên viên Văn phòng UBND Thành phố" },
    present: [{ fullName: "Lê Thị Hồng Nhung", title: "Giám đốc Sở Nội vụ" }],
    absent: [{ fullName: "Vũ Thị Thu Hằng", title: "Phó Chủ tịch UBND Thành phố", reason: "đi công tác" }],
    agenda: (m.agendaItems ?? []).map((a) => ({ id: a.id, title: a.title, presenter: a.presenterUser?.fullName ?? a.presenterUnit?.name ?? "" })),
  }) as { type: "doc"; content: Node[] };

  const rich: Node[] = [
    para(t(RICH.bold, "bold"), t(" quán triệt "), t(RICH.italic, "italic"), t(": "), t(RICH.underline, "underline"), t("; "), t(RICH.strike, "strike"), t(".")),
    {
      type: "orderedList",
      attrs: { start: 1 },
      content: [
        item(para(t(RICH.listItems[0])), { type: "bulletList", content: [item(para(t(RICH.nested)))] }),
        item(para(t(RICH.listItems[1]))),
      ],
    },
    { type: "bulletList", content: RICH.bullets.map((b) => item(para(t(b)))) },
  ];
  const firstAgenda = json.content.findIndex((n) => n.type === "heading" && n.attrs?.agendaItemId);
  json.content.splice(firstAgenda + 2, 0, ...rich);
  const conclusions = json.content.findIndex((n) => n.type === "heading" && n.attrs?.section === "conclusions");
  json.content.splice(conclusions + 1, 0, {
    type: "table",
    content: [
      { type: "tableRow", content: RICH.tableHeader.map((h) => cell("tableHeader", h)) },
      ...RICH.tableRows.map((r) => ({ type: "tableRow", content: r.map((c) => cell("tableCell", c)) })),
    ],
  });
  return json;
}

/** Stores minutes for a meeting the way the live editor's snapshot does (JSON + sanitized HTML + text). */
export async function storeMinutes(meetingId: number, json: Node, attrs: { status?: "draft" | "final" | "approved"; approvedAt?: Date; approvedById?: number } = {}) {
  const db = getDb();
  const { html, text } = renderMinutesJSON(json);
  await db.Minutes.destroy({ where: { meetingId } });
  return db.Minutes.create({ meetingId, json, html, text, status: attrs.status ?? "draft", approvedAt: attrs.approvedAt ?? null, approvedById: attrs.approvedById ?? null });
}

export async function demoMeeting(titleStart: string) {
  const db = getDb();
  const all = await db.Meeting.findAll({ include: [{ model: db.Body, as: "body" }] });
  const m = all.find((x) => x.title.startsWith(titleStart));
  if (!m) throw new Error(`demo meeting "${titleStart}…" not found`);
  return m;
}

export type DocxParts = Record<string, string>;

/** Unzips a .docx and decodes its XML parts as UTF-8. */
export function unzipDocx(bytes: ArrayBuffer | Uint8Array): DocxParts {
  const files = unzipSync(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const out: DocxParts = {};
  for (const [name, data] of Object.entries(files)) if (/\.(xml|rels)$/.test(name)) out[name] = strFromU8(data);
  return out;
}

/** The top-level <w:tbl> elements of document.xml, in order (the minutes have no nested tables). */
export function tablesOf(documentXml: string): string[] {
  return documentXml.match(/<w:tbl>[\s\S]*?<\/w:tbl>/g) ?? [];
}

/** Plain text of a WordprocessingML part (the runs' w:t joined). */
export function textOfXml(xml: string) {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join("");
}
