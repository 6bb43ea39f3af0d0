import type { JSONContent } from "@tiptap/core";
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlign,
  WidthType,
  type ILevelsOptions,
  type IParagraphOptions,
  type IRunOptions,
} from "docx";
import { formatDate } from "../lib/dates";

// The DOCX writer of the minutes (package docx), loaded by minutes-export.server.ts on the first download.

// ── Page layout of Decree 30/2020/NĐ-CP, Appendix I ────────────────────────
// A4 portrait; margins top/bottom 20–25 mm, left 30–35 mm, right 15–20 mm (we
// take the smallest of each); Times New Roman (a Unicode font, TCVN 6909:2001)
// 13–14 pt; page numbers centred in the header, from the second page.

/** Millimetres to twips (1/1440 in): 20 mm → 1134, 30 mm → 1701, 15 mm → 850. */
const mm = (x: number) => Math.round((x * 1440) / 25.4);

export const DOCX_LAYOUT = {
  pageWidth: 11906,
  pageHeight: 16838,
  margin: { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15), header: mm(10), footer: mm(10) },
  font: "Times New Roman",
  /** half-points: 28 = 14 pt */
  bodySize: 28,
  /**
   * The document header: Decree 30 gives 12–13 pt for the national title and the issuing body
   * (lines in capitals) and 13–14 pt for the motto, the number and the place and date. 12/13 lets
   * "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" fit its column on one line.
   */
  headerCapsSize: 24,
  headerSize: 26,
  /** 240ths of a line: 276 = 1.15 lines */
  line: 276,
  /** twentieths of a point: 120 = 6 pt */
  after: 120,
  firstLineIndent: mm(10),
} as const;

const CONTENT_WIDTH = DOCX_LAYOUT.pageWidth - DOCX_LAYOUT.margin.left - DOCX_LAYOUT.margin.right;
const MONO = "Courier New";

export type MinutesDocxMeta = { title: string; bodyName: string; meetingDate: string | Date };

type PMNode = JSONContent;
type Block = Paragraph | Table;

type ListCtx = { reference: string; level: number; instance: number };
type Ctx = {
  /** inside a table cell: "layout" tables are the template's header and signature blocks */
  table: null | "header" | "layout" | "data";
  headerCell: boolean;
  list: ListCtx | null;
  quote: number;
};

const ALIGN: Record<string, (typeof AlignmentType)[keyof typeof AlignmentType]> = {
  left: AlignmentType.LEFT,
  center: AlignmentType.CENTER,
  right: AlignmentType.RIGHT,
  justify: AlignmentType.JUSTIFIED,
};

/**
 * Converts one minutes document (ProseMirror JSON of the schema in
 * app/lib/minutes/extensions.ts) into a .docx in the layout of Decree 30.
 * Nodes it does not know are unwrapped to their content rather than dropped,
 * so no text the secretary typed goes missing from the export.
 */
export async function minutesToDocx(json: PMNode, meta: MinutesDocxMeta): Promise<Buffer> {
  const conv = new Converter();
  const first = json.content?.[0];
  if (first?.type === "table" && isLayoutTable(first)) conv.documentHeader = first;
  const children = conv.blocks(json.content ?? [], { table: null, headerCell: false, list: null, quote: 0 });
  if (children.length === 0) children.push(new Paragraph({}));

  const run = { font: DOCX_LAYOUT.font, size: DOCX_LAYOUT.bodySize, color: "000000" };
  const headingStyle = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType], before: number) => ({
    run: { ...run, bold: true },
    paragraph: { alignment, spacing: { before, after: DOCX_LAYOUT.after, line: DOCX_LAYOUT.line }, keepNext: true, keepLines: true },
  });
  const meetingDate = typeof meta.meetingDate === "string" ? meta.meetingDate : formatDate(meta.meetingDate);

  const doc = new Document({
    title: meta.title,
    subject: `Biên bản cuộc họp – ${meta.bodyName}`,
    description: `Biên bản: ${meta.title} (${meta.bodyName}, ngày ${meetingDate})`,
    keywords: "biên bản",
    creator: "Phòng Họp Số",
    lastModifiedBy: "Phòng Họp Số",
    styles: {
      default: {
        document: {
          run: { ...run, language: { value: "vi-VN" } },
          paragraph: { spacing: { line: DOCX_LAYOUT.line, after: DOCX_LAYOUT.after } },
        },
        heading1: headingStyle(AlignmentType.CENTER, 240),
        heading2: headingStyle(AlignmentType.LEFT, 120),
        heading3: headingStyle(AlignmentType.LEFT, 120),
      },
    },
    numbering: { config: conv.numberingConfig() },
    sections: [
      {
        properties: {
          // Decree 30: no number on the first page; the first page gets its own (empty) header.
          titlePage: true,
          page: {
            size: { width: DOCX_LAYOUT.pageWidth, height: DOCX_LAYOUT.pageHeight, orientation: PageOrientation.PORTRAIT },
            margin: DOCX_LAYOUT.margin,
          },
        },
        headers: {
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 0 }, children: [new TextRun({ ...run, children: [PageNumber.CURRENT] })] })],
          }),
          first: new Header({ children: [new Paragraph({ spacing: { after: 0 } })] }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A table whose cells hold only centred paragraphs is layout (header, signatures), printed without borders. */
export function isLayoutTable(table: PMNode): boolean {
  const cells = (table.content ?? []).flatMap((r) => r.content ?? []);
  if (cells.length === 0) return false;
  return cells.every((c) => (c.content ?? []).every((b) => b.type === "paragraph" && b.attrs?.textAlign === "center"));
}

function textOf(node: PMNode): string {
  if (node.type === "text") return node.text ?? "";
  return (node.content ?? []).map(textOf).join("");
}

class Converter {
  /** The layout table the document opens with: the header block of form 1.9. */
  documentHeader: PMNode | null = null;
  private instances = 0;
  private orderedStarts = new Set<number>([1]);

  numberingConfig() {
    const indent = (level: number) => ({ left: mm(10) + level * mm(7.5), hanging: mm(6) });
    // Vietnamese administrative lists: "-" then "+" then "•"; numbered "1." then "a)" then "-".
    const bulletText = ["-", "+", "•"];
    const bullets: ILevelsOptions[] = Array.from({ length: 9 }, (_, level) => ({
      level,
      format: LevelFormat.BULLET,
      text: bulletText[level % 3],
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: indent(level) } },
    }));
    const ordered = (start: number): ILevelsOptions[] =>
      Array.from({ length: 9 }, (_, level) => ({
        level,
        format: level % 3 === 0 ? LevelFormat.DECIMAL : level % 3 === 1 ? LevelFormat.LOWER_LETTER : LevelFormat.LOWER_ROMAN,
        text: level % 3 === 0 ? `%${level + 1}.` : `%${level + 1})`,
        start: level === 0 ? start : 1,
        alignment: AlignmentType.LEFT,
        style: { paragraph: { indent: indent(level) } },
      }));
    return [{ reference: "bullet", levels: bullets }, ...[...this.orderedStarts].map((s) => ({ reference: `ordered-${s}`, levels: ordered(s) }))];
  }

  blocks(nodes: PMNode[], ctx: Ctx): Block[] {
    return nodes.flatMap((n) => this.block(n, ctx));
  }

  private block(node: PMNode, ctx: Ctx): Block[] {
    switch (node.type) {
      case "paragraph":
        return [this.paragraph(node, ctx)];
      case "heading":
        return [this.heading(node, ctx)];
      case "bulletList":
      case "orderedList":
        return this.list(node, ctx);
      case "table":
        // Word allows nested tables, but a table inside a list item is not valid there: flatten to paragraphs.
        return ctx.list ? this.blocks((node.content ?? []).flatMap((r) => (r.content ?? []).flatMap((c) => c.content ?? [])), ctx) : [this.table(node)];
      case "blockquote":
        return this.blocks(node.content ?? [], { ...ctx, quote: ctx.quote + 1 });
      case "codeBlock":
        return [this.codeBlock(node, ctx)];
      case "horizontalRule":
        return [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 1 } }, spacing: { after: DOCX_LAYOUT.after } })];
      case "text":
      case "hardBreak":
        return [new Paragraph({ children: this.inline([node], this.runBase(ctx)) })];
      default:
        return this.blocks(node.content ?? [], ctx);
    }
  }

  private runBase(ctx: Ctx): IRunOptions {
    return { font: DOCX_LAYOUT.font, size: ctx.table === "header" ? DOCX_LAYOUT.headerSize : DOCX_LAYOUT.bodySize, ...(ctx.headerCell ? { bold: true } : {}) };
  }

  private inline(nodes: PMNode[], base: IRunOptions): TextRun[] {
    const runs: TextRun[] = [];
    for (const n of nodes) {
      if (n.type === "hardBreak") {
        runs.push(new TextRun({ ...base, break: 1 }));
        continue;
      }
      if (n.type !== "text") {
        runs.push(...this.inline(n.content ?? [], base));
        continue;
      }
      if (!n.text) continue;
      const marks = new Set((n.marks ?? []).map((m) => m.type));
      runs.push(
        new TextRun({
          ...base,
          text: n.text,
          ...(marks.has("bold") ? { bold: true } : {}),
          ...(marks.has("italic") ? { italics: true } : {}),
          ...(marks.has("underline") ? { underline: { type: UnderlineType.SINGLE } } : {}),
          ...(marks.has("strike") ? { strike: true } : {}),
          ...(marks.has("code") ? { font: MONO } : {}),
        }),
      );
    }
    return runs;
  }

  private spacing(ctx: Ctx): { before?: number; after: number; line: number } {
    // 1.15 lines in tables too: at single spacing the stacked Vietnamese diacritics (ễ, ỗ) touch the line above.
    if (ctx.table === "layout" || ctx.table === "header") return { before: 0, after: 0, line: DOCX_LAYOUT.line };
    if (ctx.table === "data") return { before: 40, after: 40, line: DOCX_LAYOUT.line };
    if (ctx.list) return { after: 60, line: DOCX_LAYOUT.line };
    return { after: DOCX_LAYOUT.after, line: DOCX_LAYOUT.line };
  }

  private paragraph(node: PMNode, ctx: Ctx, listFirst = true): Paragraph {
    const explicit = ALIGN[String(node.attrs?.textAlign ?? "")];
    // Body text is justified (the house style of administrative documents); a cell of a data table reads better flush left.
    const alignment = explicit ?? (ctx.table ? AlignmentType.LEFT : AlignmentType.JUSTIFIED);
    const text = textOf(node);
    const caps = ctx.table === "header" && /\p{Lu}/u.test(text) && text === text.toLocaleUpperCase("vi");
    const base: IRunOptions = { ...this.runBase(ctx), ...(caps ? { size: DOCX_LAYOUT.headerCapsSize } : {}) };
    const spacing = this.spacing(ctx);
    // The signature blocks: empty lines leave room to sign (about 2 cm for the two of the template).
    if (ctx.table === "layout" && !text) spacing.line = 480;
    const options: IParagraphOptions = {
      alignment,
      spacing,
      children: this.inline(node.content ?? [], base),
    };
    const quoteIndent = ctx.quote * mm(10);
    if (ctx.list) {
      const indentLeft = mm(10) + ctx.list.level * mm(7.5) + quoteIndent;
      return new Paragraph({
        ...options,
        ...(listFirst
          ? { numbering: { reference: ctx.list.reference, level: ctx.list.level, instance: ctx.list.instance }, ...(quoteIndent ? { indent: { left: indentLeft, hanging: mm(6) } } : {}) }
          : { indent: { left: indentLeft } }),
      });
    }
    const indented = !ctx.table && (alignment === AlignmentType.JUSTIFIED || alignment === AlignmentType.LEFT) && !ctx.quote;
    return new Paragraph({
      ...options,
      ...(indented ? { indent: { firstLine: DOCX_LAYOUT.firstLineIndent } } : quoteIndent ? { indent: { left: quoteIndent } } : {}),
    });
  }

  private heading(node: PMNode, ctx: Ctx): Paragraph {
    const level = Number(node.attrs?.level) || 1;
    const explicit = ALIGN[String(node.attrs?.textAlign ?? "")];
    const base: IRunOptions = { ...this.runBase(ctx), bold: true };
    // The title line "BIÊN BẢN" is written in capitals; the text is upper-cased rather than styled
    // with allCaps, so what one copies out of Word is what one sees.
    const content = level === 1 ? upperCase(node.content ?? []) : (node.content ?? []);
    return new Paragraph({
      heading: level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
      alignment: explicit ?? (level === 1 ? AlignmentType.CENTER : AlignmentType.LEFT),
      spacing: ctx.table ? this.spacing(ctx) : { before: level === 1 ? 240 : 120, after: DOCX_LAYOUT.after, line: DOCX_LAYOUT.line },
      keepNext: true,
      children: this.inline(content, base),
    });
  }

  private list(node: PMNode, ctx: Ctx): Block[] {
    let reference = "bullet";
    if (node.type === "orderedList") {
      const start = Math.max(0, Math.floor(Number(node.attrs?.start ?? 1)) || 1);
      this.orderedStarts.add(start);
      reference = `ordered-${start}`;
    }
    // Every list is its own numbering instance, so each numbered list counts from its start again.
    const list: ListCtx = { reference, level: ctx.list ? Math.min(ctx.list.level + 1, 8) : 0, instance: ++this.instances };
    const out: Block[] = [];
    for (const item of node.content ?? []) {
      let first = true;
      for (const child of item.content ?? []) {
        if (child.type === "paragraph" || child.type === "heading") {
          out.push(this.paragraph(child, { ...ctx, list }, first));
          first = false;
        } else {
          // a nested list (or other block) continues under this item
          out.push(...this.block(child, { ...ctx, list }));
        }
      }
      if (first) out.push(this.paragraph({ type: "paragraph" }, { ...ctx, list }, true));
    }
    return out;
  }

  private codeBlock(node: PMNode, ctx: Ctx): Paragraph {
    const lines = textOf(node).split("\n");
    const base = { ...this.runBase(ctx), font: MONO, size: 24 };
    return new Paragraph({
      alignment: AlignmentType.LEFT,
      spacing: this.spacing(ctx),
      indent: { left: ctx.quote * mm(10) },
      children: lines.map((line, i) => new TextRun({ ...base, text: line, ...(i > 0 ? { break: 1 } : {}) })),
    });
  }

  private table(node: PMNode): Table {
    const layout = isLayoutTable(node);
    const kind: Ctx["table"] = node === this.documentHeader ? "header" : layout ? "layout" : "data";
    const rows = (node.content ?? []).filter((r) => r.type === "tableRow");
    const span = (c: PMNode, key: "colspan" | "rowspan") => Math.max(1, Number(c.attrs?.[key] ?? 1) || 1);
    const columns = Math.max(1, ...rows.map((r) => (r.content ?? []).reduce((n, c) => n + span(c, "colspan"), 0)));
    // Widths are split evenly (the editor's pixel widths mean nothing on paper), except the
    // two-column document header: its columns share the width by their longest line, as
    // Decree 30's forms do (about 2:3 for the State header, so "CỘNG HÒA XÃ HỘI CHỦ NGHĨA
    // VIỆT NAM" fits one line; about even for the Party's).
    const widths = kind === "header" && columns === 2 && rows.length === 1 ? headerWidths(rows[0]) : Array.from({ length: columns }, () => Math.floor(CONTENT_WIDTH / columns));
    const none = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
    const single = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
    const cellBorders = layout ? { top: none, bottom: none, left: none, right: none } : { top: single, bottom: single, left: single, right: single };

    return new Table({
      width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: layout ? TableBorders.NONE : { top: single, bottom: single, left: single, right: single, insideHorizontal: single, insideVertical: single },
      rows: rows.map((r) => {
        const cells = (r.content ?? []).filter((c) => c.type === "tableCell" || c.type === "tableHeader");
        let column = 0;
        return new TableRow({
          ...(layout ? { cantSplit: true } : {}),
          ...(!layout && cells.length > 0 && cells.every((c) => c.type === "tableHeader") ? { tableHeader: true } : {}),
          children: (cells.length ? cells : [{ type: "tableCell" } as PMNode]).map((c) => {
            const ctx: Ctx = { table: kind, headerCell: c.type === "tableHeader", list: null, quote: 0 };
            const children = this.blocks(c.content ?? [], ctx);
            const colspan = span(c, "colspan");
            const width = widths.slice(column, column + colspan).reduce((a, b) => a + b, 0) || widths[0];
            column += colspan;
            return new TableCell({
              children: children.length ? children : [new Paragraph({ spacing: this.spacing(ctx) })],
              width: { size: width, type: WidthType.DXA },
              columnSpan: colspan,
              rowSpan: span(c, "rowspan"),
              borders: cellBorders,
              verticalAlign: layout ? VerticalAlign.TOP : VerticalAlign.CENTER,
              // a signature block keeps 6 pt more from the closing paragraph above it
              margins: kind === "header" ? { top: 0, bottom: 0, left: 57, right: 57 } : layout ? { top: 120, bottom: 0, left: 57, right: 57 } : { top: 40, bottom: 40, left: 100, right: 100 },
              ...(c.type === "tableHeader" ? { shading: { fill: "F2F2F2", color: "auto", type: "clear" as const } } : {}),
            });
          }),
        });
      }),
    });
  }
}

function headerWidths(row: PMNode): number[] {
  const longest = (cell: PMNode | undefined) => Math.max(1, ...(cell?.content ?? []).map((b) => textOf(b).length));
  const [left, right] = [longest(row.content?.[0]), longest(row.content?.[1])];
  const share = Math.min(0.65, Math.max(0.35, left / (left + right)));
  const first = Math.round(CONTENT_WIDTH * share);
  return [first, CONTENT_WIDTH - first];
}

function upperCase(nodes: PMNode[]): PMNode[] {
  return nodes.map((n) => (n.type === "text" ? { ...n, text: (n.text ?? "").toLocaleUpperCase("vi") } : { ...n, content: upperCase(n.content ?? []) }));
}
