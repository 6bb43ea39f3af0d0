import { stringify } from "csv-stringify/sync";
import type ExcelJS from "exceljs";
import { formatDateOnly, formatDateTime } from "../lib/dates";
import { fold } from "../lib/fold";
import { TASK_STATUS_LABELS } from "../lib/task-status";

/**
 * Excel and CSV of a task list or a report, laid out as a Vietnamese report
 * table. Pure: the report service computes the rows and their status words;
 * this module only lays them out.
 */

export type ExportTaskRow = {
  /** nội dung nhiệm vụ */
  content: string;
  /** văn bản giao, e.g. "Chỉ thị số 24-CT/TU ngày 12/06/2023" */
  directive: string | null;
  /** đơn vị chủ trì */
  leadUnit: string;
  coordinatingUnits?: string[];
  /** yyyy-MM-dd, the current (possibly extended) deadline */
  deadline: string | null;
  /** yyyy-MM-dd, the deadline before it was extended */
  originalDeadline?: string | null;
  /** tình trạng, already in words, e.g. "Chưa hoàn thành – quá hạn 12 ngày" */
  status: string;
  /** kết quả */
  result: string | null;
  /** yyyy-MM-dd */
  completedOn?: string | null;
};
/** e.g. "Tổng số nhiệm vụ" 120, "Tỷ lệ đúng hạn" "85,3 %" */
export type ExportSummary = { label: string; value: number | string }[];
/** Rates are 0..1, null when there is nothing to divide by. */
export type ExportUnitRow = {
  unit: string;
  total: number;
  doneOnTime: number;
  doneLate: number;
  openOnTime: number;
  openOverdue: number;
  noDeadline: number;
  onTimeRate: number | null;
  updateRate: number | null;
};
export type ExportTable = {
  /** e.g. "UBND THÀNH PHỐ HÀ NỘI", top left as on an official document */
  issuer: string;
  /** e.g. "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ" */
  title: string;
  /** the scope, e.g. "Đơn vị: Sở Thông tin và Truyền thông (gồm đơn vị trực thuộc)" */
  subtitle?: string;
  /** e.g. "Quý IV/2026" */
  periodLabel: string;
  /** yyyy-MM-dd */
  asOf: string;
  generatedAt: Date;
  summary?: ExportSummary;
  units?: ExportUnitRow[];
  rows: ExportTaskRow[];
};

export const TASK_COLUMNS = [
  "STT",
  "Nội dung nhiệm vụ",
  "Văn bản giao",
  "Đơn vị chủ trì",
  "Thời hạn",
  "Tình trạng",
  "Kết quả",
] as const;
export const UNIT_COLUMNS = [
  "STT",
  "Đơn vị",
  "Tổng số",
  TASK_STATUS_LABELS.done_on_time.vi,
  TASK_STATUS_LABELS.done_late.vi,
  TASK_STATUS_LABELS.open_on_time.vi,
  TASK_STATUS_LABELS.open_overdue.vi,
  TASK_STATUS_LABELS.no_deadline.vi,
  "Tỷ lệ đúng hạn",
  "Tỷ lệ cập nhật",
] as const;
export const SUMMARY_COLUMNS = ["STT", "Chỉ tiêu", "Số liệu"] as const;
export const NO_TASKS = "Không có nhiệm vụ";
export const NO_DEADLINE = TASK_STATUS_LABELS.no_deadline.vi;
export const SHEET_NAMES = { tasks: "Nhiệm vụ", summary: "Tổng hợp", units: "Theo đơn vị" } as const;

// ── Cells ───────────────────────────────────────────────────────────────────

/**
 * A cell starting with = + - @ (or tab/CR) is run as a formula by Excel and
 * LibreOffice when a CSV is opened, or when the text is copied into a sheet;
 * the apostrophe keeps it text (OWASP "CSV injection").
 */
export function neutralizeFormula(s: string): string {
  return /^[=+\-@\t\r]/.test(s) ? "'" + s : s;
}

// XML 1.0 cannot carry these; one pasted from Word would make the .xlsx unreadable.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
/** Excel refuses longer cells. */
const EXCEL_CELL_MAX = 32_767;

function xlsxText(s: string): string {
  // A bare CR would come back as LF anyway (XML line-end normalisation); Excel breaks lines on LF.
  // No apostrophe here: an .xlsx string cell is never evaluated, and tasks often start with "- ".
  return s
    .replace(XML_INVALID, "")
    .replace(/\r\n?/g, "\n")
    .slice(0, EXCEL_CELL_MAX);
}

/** "31/12/2026\n(gia hạn từ 30/11/2026)" */
export function deadlineText(row: Pick<ExportTaskRow, "deadline" | "originalDeadline">): string {
  if (!row.deadline) return NO_DEADLINE;
  const extended = row.originalDeadline && row.originalDeadline !== row.deadline;
  return formatDateOnly(row.deadline) + (extended ? `\n(gia hạn từ ${formatDateOnly(row.originalDeadline)})` : "");
}

/** The six text columns after STT, the same in Excel and CSV. */
export function taskCells(row: ExportTaskRow): [string, string, string, string, string, string] {
  const coordinating = (row.coordinatingUnits ?? []).filter(Boolean);
  const unit = row.leadUnit + (coordinating.length ? `\nPhối hợp: ${coordinating.join(", ")}` : "");
  const completed = row.completedOn ? `Hoàn thành ngày ${formatDateOnly(row.completedOn)}` : "";
  const result = [row.result?.trim() ? row.result : "", completed].filter(Boolean).join("\n");
  return [row.content, row.directive ?? "", unit, deadlineText(row), row.status, result];
}

// ── Excel ───────────────────────────────────────────────────────────────────

const FONT = "Times New Roman";
const SIZE = { body: 12, header: 12, motto: 13, title: 14, line: 13 } as const;
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};
/** Light grey prints legibly in black and white. */
const HEADER_FILL: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
const FOOTER = `&C&"${FONT},Regular"&11Trang &P/&N`;
/** Widths in characters; together about one A4 landscape page at 100 %. */
const TASK_WIDTHS = [6, 44, 26, 24, 15, 22, 34];
const UNIT_WIDTHS = [6, 40, 10, 14, 14, 14, 14, 12, 12, 12];
const SUMMARY_WIDTHS = [6, 56, 20];
const COUNT_FMT = "#,##0";
const RATE_FMT = "0.0%";

/** Margins in inches: 15 mm left, 10 mm right, 15 mm top and bottom. */
const MARGINS = { left: 0.59, right: 0.39, top: 0.59, bottom: 0.59, header: 0.3, footer: 0.3 };

function printSetup(ws: ExcelJS.Worksheet, orientation: "landscape" | "portrait", headerRow: number) {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages tall as it takes
    horizontalCentered: true,
    margins: MARGINS,
    printTitlesRow: `${headerRow}:${headerRow}`,
  };
  ws.headerFooter = { oddFooter: FOOTER, evenFooter: FOOTER };
  ws.views = [{ state: "frozen", ySplit: headerRow, xSplit: 0, topLeftCell: `A${headerRow + 1}` }];
}

/** Merged cells do not grow with their text in Excel: estimate the lines. */
function linesFor(text: string, widthChars: number, sizePt: number, caps = false) {
  const perLine = Math.max(1, (widthChars * 11) / sizePt / (caps ? 1.25 : 1));
  return text.split("\n").reduce((n, line) => n + Math.max(1, Math.ceil(line.length / perLine)), 0);
}

function mergedLine(
  ws: ExcelJS.Worksheet,
  row: number,
  from: number,
  to: number,
  text: string,
  font: Partial<ExcelJS.Font>,
  widths: number[],
) {
  if (to > from) ws.mergeCells(row, from, row, to);
  const cell = ws.getCell(row, from);
  cell.value = xlsxText(text);
  cell.font = { name: FONT, ...font };
  cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  const width = widths.slice(from - 1, to).reduce((a, b) => a + b, 0);
  const lines = linesFor(text, width, font.size ?? SIZE.body, text === text.toUpperCase());
  const height = Math.ceil(lines * (font.size ?? SIZE.body) * 1.35 + 4);
  ws.getRow(row).height = Math.max(ws.getRow(row).height ?? 0, height);
}

/**
 * Title, scope, period and as-of day, centred over the table; returns the
 * next free row.
 */
function titleBlock(ws: ExcelJS.Worksheet, table: ExportTable, first: number, widths: number[]) {
  const last = widths.length;
  let r = first;
  mergedLine(ws, r++, 1, last, table.title, { bold: true, size: SIZE.title }, widths);
  if (table.subtitle) mergedLine(ws, r++, 1, last, table.subtitle, { bold: true, size: SIZE.line }, widths);
  mergedLine(ws, r++, 1, last, `Kỳ báo cáo: ${table.periodLabel}`, { size: SIZE.line }, widths);
  mergedLine(ws, r++, 1, last, `(Số liệu tính đến ngày ${formatDateOnly(table.asOf)})`, { italic: true, size: SIZE.body }, widths);
  return r + 1; // one blank row before the table
}

function headerRow(ws: ExcelJS.Worksheet, r: number, labels: readonly string[]) {
  const row = ws.getRow(r);
  labels.forEach((label, i) => {
    const cell = row.getCell(i + 1);
    cell.value = label;
    cell.font = { name: FONT, size: SIZE.header, bold: true };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = THIN;
    cell.fill = HEADER_FILL;
  });
}

function bodyCell(cell: ExcelJS.Cell, value: string | number | null, align: "left" | "center" | "right" = "left") {
  cell.value = typeof value === "string" ? xlsxText(value) : value;
  cell.font = { name: FONT, size: SIZE.body };
  cell.alignment = { horizontal: align, vertical: "top", wrapText: true };
  cell.border = THIN;
}

function emptyLine(ws: ExcelJS.Worksheet, r: number, columns: number) {
  ws.mergeCells(r, 1, r, columns);
  const cell = ws.getCell(r, 1);
  cell.value = NO_TASKS;
  cell.font = { name: FONT, size: SIZE.body, italic: true };
  cell.alignment = { horizontal: "center", vertical: "middle" };
  for (let c = 1; c <= columns; c++) ws.getCell(r, c).border = THIN;
}

function generatedLine(ws: ExcelJS.Worksheet, r: number, table: ExportTable, columns: number) {
  ws.mergeCells(r, 1, r, columns);
  const cell = ws.getCell(r, 1);
  cell.value = `Xuất từ Phòng Họp Số lúc ${formatDateTime(table.generatedAt)}`;
  cell.font = { name: FONT, size: 10, italic: true };
  cell.alignment = { horizontal: "right" };
}

function setWidths(ws: ExcelJS.Worksheet, widths: number[]) {
  ws.columns = widths.map((width) => ({ width }));
}

function taskSheet(wb: ExcelJS.Workbook, table: ExportTable) {
  const ws = wb.addWorksheet(SHEET_NAMES.tasks);
  const widths = TASK_WIDTHS;
  setWidths(ws, widths);

  // Official header (Decree 30/2020/NĐ-CP): issuing body at the left, national
  // title and motto at the right, both bold, 12–13 pt.
  mergedLine(ws, 1, 1, 3, table.issuer, { bold: true, size: SIZE.header }, widths);
  mergedLine(ws, 1, 4, 7, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { bold: true, size: SIZE.header }, widths);
  mergedLine(ws, 2, 4, 7, "Độc lập - Tự do - Hạnh phúc", { bold: true, size: SIZE.motto, underline: true }, widths);
  ws.getRow(3).height = 8;

  const header = titleBlock(ws, table, 4, widths);
  headerRow(ws, header, TASK_COLUMNS);

  let r = header + 1;
  if (table.rows.length === 0) emptyLine(ws, r++, TASK_COLUMNS.length);
  table.rows.forEach((task, i) => {
    const row = ws.getRow(r++);
    bodyCell(row.getCell(1), i + 1, "center");
    taskCells(task).forEach((text, j) => bodyCell(row.getCell(j + 2), text, j === 3 ? "center" : "left"));
  });
  generatedLine(ws, r + 1, table, TASK_COLUMNS.length);
  printSetup(ws, "landscape", header);
}

function summarySheet(wb: ExcelJS.Workbook, table: ExportTable, summary: ExportSummary) {
  const ws = wb.addWorksheet(SHEET_NAMES.summary);
  setWidths(ws, SUMMARY_WIDTHS);
  const header = titleBlock(ws, table, 1, SUMMARY_WIDTHS);
  headerRow(ws, header, SUMMARY_COLUMNS);
  summary.forEach((item, i) => {
    const row = ws.getRow(header + 1 + i);
    bodyCell(row.getCell(1), i + 1, "center");
    bodyCell(row.getCell(2), item.label);
    const value = row.getCell(3);
    bodyCell(value, item.value, "right");
    if (typeof item.value === "number") value.numFmt = Number.isInteger(item.value) ? COUNT_FMT : "#,##0.0#";
  });
  printSetup(ws, "portrait", header);
}

function unitSheet(wb: ExcelJS.Workbook, table: ExportTable, units: ExportUnitRow[]) {
  const ws = wb.addWorksheet(SHEET_NAMES.units);
  setWidths(ws, UNIT_WIDTHS);
  const header = titleBlock(ws, table, 1, UNIT_WIDTHS);
  headerRow(ws, header, UNIT_COLUMNS);
  units.forEach((u, i) => {
    const row = ws.getRow(header + 1 + i);
    bodyCell(row.getCell(1), i + 1, "center");
    bodyCell(row.getCell(2), u.unit);
    [u.total, u.doneOnTime, u.doneLate, u.openOnTime, u.openOverdue, u.noDeadline].forEach((n, j) => {
      const cell = row.getCell(3 + j);
      bodyCell(cell, n, "right");
      cell.numFmt = COUNT_FMT;
    });
    [u.onTimeRate, u.updateRate].forEach((rate, j) => {
      const cell = row.getCell(9 + j);
      bodyCell(cell, rate, "right");
      cell.numFmt = RATE_FMT;
    });
  });
  printSetup(ws, "landscape", header);
}

export async function taskTableXlsx(table: ExportTable): Promise<Buffer> {
  // Loaded on the first export: exceljs is 8 MB of heap that most processes never need.
  const { Workbook } = (await import("../lib/exceljs.server")).default;
  const wb = new Workbook();
  wb.creator = "Phòng Họp Số";
  wb.title = table.title;
  wb.created = table.generatedAt;
  wb.modified = table.generatedAt;
  taskSheet(wb, table);
  if (table.summary) summarySheet(wb, table, table.summary);
  if (table.units) unitSheet(wb, table, table.units);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ── CSV ─────────────────────────────────────────────────────────────────────

const BOM = "\uFEFF";

/**
 * One line per task under the same Vietnamese column names; no title block,
 * so that it loads as data. UTF-8 with a BOM, or Excel reads it as ANSI and
 * garbles the diacritics; CRLF as RFC 4180 has it.
 */
export function taskTableCsv(table: ExportTable): string {
  const records: (string | number)[][] = table.rows.map((task, i) => [i + 1, ...taskCells(task).map(neutralizeFormula)]);
  if (records.length === 0) records.push(["", NO_TASKS, "", "", "", "", ""]);
  return BOM + stringify([[...TASK_COLUMNS], ...records], { record_delimiter: "windows" });
}

// ── File name ───────────────────────────────────────────────────────────────

/**
 * ASCII-only, so that every browser and mail client keeps it:
 * "Báo cáo nhiệm vụ 2026-12-01" → "bao-cao-nhiem-vu-2026-12-01.xlsx".
 */
export function exportFileName(base: string, ext: "xlsx" | "csv"): string {
  const name = fold(base)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 100)
    .replace(/-+$/, "");
  return `${name || "bao-cao"}.${ext}`;
}
