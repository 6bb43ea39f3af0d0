import { formatDate, formatTime, weekdayName } from "../dates";

/** What the template needs to know about the meeting (a plain object, no models). */
export type MinutesTemplateInput = {
  bodyName: string;
  bodyKind: "state" | "party";
  title: string;
  startsAt: string;
  endsAt: string;
  place: string;
  chair: { fullName: string; title: string | null } | null;
  secretary: { fullName: string; title: string | null } | null;
  present: { fullName: string; title: string | null; note?: string }[];
  absent: { fullName: string; title: string | null; reason: string | null }[];
  agenda: { id: number; title: string; presenter: string }[];
};

type Node = { type: string; attrs?: Record<string, unknown>; content?: Node[]; marks?: { type: string }[]; text?: string };

const text = (t: string, marks: string[] = []): Node => ({ type: "text", text: t, ...(marks.length ? { marks: marks.map((type) => ({ type })) } : {}) });
/** ProseMirror refuses empty text nodes: an empty name becomes an empty paragraph. */
const isEmptyText = (c: Node | string) => (typeof c === "string" ? c === "" : c.type === "text" && !c.text);
const p = (content: (Node | string)[] = [], align: "left" | "center" | "right" | "justify" = "justify"): Node => ({
  type: "paragraph",
  attrs: { textAlign: align },
  content: content.filter((c) => !isEmptyText(c)).map((c) => (typeof c === "string" ? text(c) : c)),
});
const bold = (t: string) => text(t, ["bold"]);
const italic = (t: string) => text(t, ["italic"]);
const heading = (level: number, t: string, attrs: Record<string, unknown> = {}): Node => ({ type: "heading", attrs: { level, textAlign: "left", ...attrs }, content: [text(t)] });
const cell = (content: Node[]): Node => ({ type: "tableCell", attrs: { colspan: 1, rowspan: 1 }, content });
const table = (rows: Node[][][]): Node => ({ type: "table", content: rows.map((r) => ({ type: "tableRow", content: r.map(cell) })) });
const person = (x: { fullName: string; title: string | null }) => (x.title ? `${x.fullName}, ${x.title}` : x.fullName);

/**
 * A biên bản in the layout of form 1.9, Appendix III of Decree 30/2020/NĐ-CP
 * (for the Party body, the Party's header per Hướng dẫn 36-HD/VPTW): national
 * title and motto, issuing body, number line, "BIÊN BẢN", time and place,
 * chair, secretary, who is present and absent, one section per agenda item,
 * the conclusions, the end time and the signature blocks.
 */
export function buildMinutesTemplate(m: MinutesTemplateInput): { type: "doc"; content: Node[] } {
  const start = new Date(m.startsAt);
  const party = m.bodyKind === "party";
  const leftHeader = party
    ? [p([bold("ĐẢNG BỘ THÀNH PHỐ HÀ NỘI")], "center"), p([bold(m.bodyName.toUpperCase())], "center"), p(["*"], "center"), p(["Số: ......-BB/BCSĐ"], "center")]
    : [p([bold(m.bodyName.toUpperCase())], "center"), p(["Số: ......../BB-UBND"], "center")];
  const rightHeader = party
    ? [p([bold("ĐẢNG CỘNG SẢN VIỆT NAM")], "center"), p([italic(`Hà Nội, ngày ${formatDate(start).replace(/\//g, " tháng ").replace(/ tháng (\d{4})$/, " năm $1")}`)], "center")]
    : [
        p([bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")], "center"),
        p([bold("Độc lập - Tự do - Hạnh phúc")], "center"),
        p([italic(`Hà Nội, ngày ${formatDate(start).replace(/\//g, " tháng ").replace(/ tháng (\d{4})$/, " năm $1")}`)], "center"),
      ];

  const content: Node[] = [
    table([[leftHeader, rightHeader]]),
    heading(1, "BIÊN BẢN", { textAlign: "center" }),
    p([bold(m.title)], "center"),
    p([bold("Thời gian bắt đầu: "), `${formatTime(start)}, ${weekdayName(start)}, ngày ${formatDate(start)}`]),
    p([bold("Địa điểm: "), m.place || "..."]),
    p([bold("Chủ trì (chủ tọa): "), m.chair ? person(m.chair) : "..."]),
    p([bold("Thư ký (người ghi biên bản): "), m.secretary ? person(m.secretary) : "..."]),
    p([bold(`Thành phần tham dự (${m.present.length}): `)]),
    ...(m.present.length
      ? [{ type: "bulletList", content: m.present.map((x) => ({ type: "listItem", content: [p([person(x) + (x.note ? ` (${x.note})` : "")], "left")] })) }]
      : [p(["..."])]),
    p([bold(`Vắng mặt (${m.absent.length}): `), m.absent.length ? "" : "không"]),
    ...(m.absent.length
      ? [{ type: "bulletList", content: m.absent.map((x) => ({ type: "listItem", content: [p([person(x) + (x.reason ? ` – lý do: ${x.reason}` : "")], "left")] })) }]
      : []),
    heading(2, "NỘI DUNG CUỘC HỌP", { section: "content" }),
    ...m.agenda.flatMap((a, i) => [
      heading(3, `${i + 1}. ${a.title}`, { agendaItemId: String(a.id) }),
      ...(a.presenter ? [p([italic(`Trình bày: ${a.presenter}`)], "left")] : []),
      p([]),
    ]),
    heading(2, "KẾT LUẬN CỦA CHỦ TRÌ", { section: "conclusions" }),
    p([]),
    p([`Cuộc họp kết thúc vào ${formatTime(m.endsAt)} cùng ngày. Biên bản được lập xong vào hồi ... giờ ..., ngày ... tháng ... năm ..., đã thông qua các thành viên dự họp và nhất trí với nội dung biên bản.`]),
    table([
      [
        [p([bold("THƯ KÝ")], "center"), p([italic("(Ký, ghi rõ họ tên)")], "center"), p([], "center"), p([], "center"), p([bold(m.secretary?.fullName ?? "")], "center")],
        [p([bold(party ? "T/M BAN CÁN SỰ ĐẢNG" : "CHỦ TỌA")], "center"), p([italic("(Ký, ghi rõ họ tên)")], "center"), p([], "center"), p([], "center"), p([bold(m.chair?.fullName ?? "")], "center")],
      ],
    ]),
  ];
  return { type: "doc", content };
}
