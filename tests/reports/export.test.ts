// The Excel and CSV builders on their own: a table in, the workbook that
// exceljs reads back and the records that csv-parse reads back. No database.
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import {
  exportFileName,
  taskTableCsv,
  taskTableXlsx,
  type ExportTable,
  type ExportTaskRow,
} from "../../app/services/report-export.server";

const HEADER = ["STT", "Nội dung nhiệm vụ", "Văn bản giao", "Đơn vị chủ trì", "Thời hạn", "Tình trạng", "Kết quả"];

const rows: ExportTaskRow[] = [
  {
    content: "Triển khai Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính",
    directive: "Chỉ thị số 24-CT/TU ngày 12/06/2023",
    leadUnit: "Sở Thông tin và Truyền thông",
    coordinatingUnits: ["Sở Nội vụ", "Văn phòng UBND Thành phố"],
    deadline: "2026-12-31",
    originalDeadline: "2026-11-30",
    status: "Chưa hoàn thành – trong hạn",
    result: null,
  },
  {
    content: 'Báo cáo "Chỉ số PAR Index", gồm số liệu\nquý III và quý IV',
    directive: null,
    leadUnit: "Sở Nội vụ",
    deadline: null,
    status: "Không thời hạn",
    result: "Đã gửi Báo cáo số 45/BC-SNV, kèm phụ lục",
    completedOn: "2026-11-20",
  },
  {
    content: "Đôn đốc giải ngân vốn đầu tư công",
    directive: "Kết luận số 15-KL/TW",
    leadUnit: "Sở Tài chính",
    coordinatingUnits: [],
    deadline: "2026-11-19",
    originalDeadline: "2026-11-19", // not extended: same day
    status: "Chưa hoàn thành – quá hạn 12 ngày",
    result: "",
  },
];

const expected = [
  [
    1,
    "Triển khai Chỉ thị về tăng cường kỷ luật, kỷ cương hành chính",
    "Chỉ thị số 24-CT/TU ngày 12/06/2023",
    "Sở Thông tin và Truyền thông\nPhối hợp: Sở Nội vụ, Văn phòng UBND Thành phố",
    "31/12/2026\n(gia hạn từ 30/11/2026)",
    "Chưa hoàn thành – trong hạn",
    "",
  ],
  [
    2,
    'Báo cáo "Chỉ số PAR Index", gồm số liệu\nquý III và quý IV',
    "",
    "Sở Nội vụ",
    "Không thời hạn",
    "Không thời hạn",
    "Đã gửi Báo cáo số 45/BC-SNV, kèm phụ lục\nHoàn thành ngày 20/11/2026",
  ],
  [3, "Đôn đốc giải ngân vốn đầu tư công", "Kết luận số 15-KL/TW", "Sở Tài chính", "19/11/2026", "Chưa hoàn thành – quá hạn 12 ngày", ""],
];

const base: ExportTable = {
  issuer: "UBND THÀNH PHỐ HÀ NỘI",
  title: "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
  subtitle: "Đơn vị: Sở Thông tin và Truyền thông (gồm đơn vị trực thuộc)",
  periodLabel: "Quý IV/2026",
  asOf: "2026-12-01",
  generatedAt: new Date("2026-12-01T03:04:00Z"), // 10:04 in Hanoi
  rows,
};

async function load(table: ExportTable) {
  const wb = new ExcelJS.Workbook();
  // exceljs's d.ts declares its own global Buffer (extends ArrayBuffer), which Node's no longer matches
  await wb.xlsx.load((await taskTableXlsx(table)) as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/** The header row of a sheet, from its print titles ("9:9" → 9). */
function headerRowOf(ws: ExcelJS.Worksheet) {
  const m = /^(\d+):\1$/.exec(ws.pageSetup.printTitlesRow ?? "");
  if (!m) throw new Error(`no print title row on ${ws.name}: ${ws.pageSetup.printTitlesRow}`);
  return Number(m[1]);
}

/** Cell values of a row, columns 1..n; empty cells as "". */
function values(ws: ExcelJS.Worksheet, r: number, n: number) {
  return Array.from({ length: n }, (_, i) => {
    const v = ws.getCell(r, i + 1).value;
    return v == null ? "" : v;
  });
}

/** The task rows under the header, up to the first row without an STT. */
function taskRows(ws: ExcelJS.Worksheet) {
  const out: unknown[][] = [];
  for (let r = headerRowOf(ws) + 1; typeof ws.getCell(r, 1).value === "number"; r++) out.push(values(ws, r, 7));
  return out;
}

const csvRecords = (csv: string) => parse(csv, { bom: true, relax_column_count: false }) as string[][];

describe("taskTableXlsx: the sheet «Nhiệm vụ»", () => {
  test("official header, merged title, period and as-of day above the table", async () => {
    const ws = (await load(base)).getWorksheet("Nhiệm vụ")!;
    expect(ws.getCell("A1").value).toBe("UBND THÀNH PHỐ HÀ NỘI");
    expect(ws.getCell("D1").value).toBe("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    expect(ws.getCell("D2").value).toBe("Độc lập - Tự do - Hạnh phúc");
    expect(ws.getCell("A4").value).toBe("BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ");
    expect(ws.getCell("A5").value).toBe("Đơn vị: Sở Thông tin và Truyền thông (gồm đơn vị trực thuộc)");
    expect(ws.getCell("A6").value).toBe("Kỳ báo cáo: Quý IV/2026");
    expect(ws.getCell("A7").value).toBe("(Số liệu tính đến ngày 01/12/2026)");
    // merged: the slave cells point at their master
    for (const [master, last] of [["A1", "C1"], ["D1", "G1"], ["D2", "G2"], ["A4", "G4"], ["A5", "G5"], ["A6", "G6"], ["A7", "G7"]]) {
      expect(ws.getCell(last).isMerged).toBe(true);
      expect(ws.getCell(last).master.address).toBe(master);
    }
    const title = ws.getCell("A4");
    expect(title.font).toMatchObject({ name: "Times New Roman", bold: true, size: 14 });
    expect(title.alignment).toMatchObject({ horizontal: "center", wrapText: true });
    expect(ws.getCell("A1").font).toMatchObject({ name: "Times New Roman", bold: true, size: 12 });
    expect(ws.getCell("D2").font).toMatchObject({ bold: true, size: 13, underline: true });
    expect(ws.getCell("A7").font).toMatchObject({ italic: true });
  });

  test("header row and every cell of every task row; dates dd/MM/yyyy, extension shown, STT a number", async () => {
    const ws = (await load(base)).getWorksheet("Nhiệm vụ")!;
    const header = headerRowOf(ws);
    expect(header).toBe(9);
    expect(values(ws, header, 7)).toEqual(HEADER);
    expect(taskRows(ws)).toEqual(expected);
    expect(ws.getCell(header + 1, 1).type).toBe(ExcelJS.ValueType.Number);
    // after the table, one blank row, then when it was made (Hanoi time)
    expect(ws.getCell(header + rows.length + 1, 1).value).toBeNull();
    expect(ws.getCell(header + rows.length + 2, 1).value).toBe("Xuất từ Phòng Họp Số lúc 01/12/2026 10:04");
  });

  test("without subtitle the table moves up one row", async () => {
    const ws = (await load({ ...base, subtitle: undefined })).getWorksheet("Nhiệm vụ")!;
    expect(ws.getCell("A5").value).toBe("Kỳ báo cáo: Quý IV/2026");
    expect(headerRowOf(ws)).toBe(8);
    expect(taskRows(ws)).toEqual(expected);
  });

  test("cell formatting: Times New Roman 12, thin borders, wrapped, grey bold header, column widths", async () => {
    const ws = (await load(base)).getWorksheet("Nhiệm vụ")!;
    const header = headerRowOf(ws);
    for (let c = 1; c <= 7; c++) {
      const h = ws.getCell(header, c);
      expect(h.font).toMatchObject({ name: "Times New Roman", size: 12, bold: true });
      expect(h.fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } });
      for (let r = header; r <= header + rows.length; r++) {
        const cell = ws.getCell(r, c);
        expect(cell.border).toEqual({ top: { style: "thin" }, left: { style: "thin" }, bottom: { style: "thin" }, right: { style: "thin" } });
        expect(cell.alignment.wrapText).toBe(true);
        if (r > header) expect(cell.font).toMatchObject({ name: "Times New Roman", size: 12 });
      }
    }
    expect(ws.getCell(header + 1, 1).alignment.horizontal).toBe("center"); // STT
    expect(ws.getCell(header + 1, 5).alignment.horizontal).toBe("center"); // Thời hạn
    expect(ws.getCell(header + 1, 2).alignment.vertical).toBe("top");
    const widths = ws.columns.map((c) => c.width);
    expect(widths).toEqual([6, 44, 26, 24, 15, 22, 34]);
    // data rows keep no fixed height, so that Excel and LibreOffice grow them with the wrapped text
    expect(ws.getRow(header + 1).height).toBeUndefined();
  });

  test("print setup: A4 landscape, one page wide, header row on every page, margins, page numbers, frozen header", async () => {
    const ws = (await load(base)).getWorksheet("Nhiệm vụ")!;
    expect(ws.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "9:9",
      horizontalCentered: true,
    });
    expect(ws.pageSetup.margins).toEqual({ left: 0.59, right: 0.39, top: 0.59, bottom: 0.59, header: 0.3, footer: 0.3 });
    expect(ws.headerFooter.oddFooter).toContain("Trang &P/&N");
    expect(ws.headerFooter.oddFooter).toContain("Times New Roman");
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 9 });
  });

  test("workbook properties; no other sheets without summary or units", async () => {
    const wb = await load(base);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Nhiệm vụ"]);
    expect(wb.creator).toBe("Phòng Họp Số");
    expect(wb.title).toBe("BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ");
    expect(wb.created.toISOString()).toBe("2026-12-01T03:04:00.000Z");
  });
});

describe("taskTableXlsx: the sheets «Tổng hợp» and «Theo đơn vị»", () => {
  const table: ExportTable = {
    ...base,
    summary: [
      { label: "Tổng số nhiệm vụ", value: 1234 },
      { label: "Đã hoàn thành đúng hạn", value: 980 },
      { label: "Tỷ lệ đúng hạn", value: "85,3 %" },
      { label: "Số ngày quá hạn trung bình", value: 4.5 },
    ],
    units: [
      { unit: "Sở Nội vụ", total: 12, doneOnTime: 6, doneLate: 1, openOnTime: 2, openOverdue: 2, noDeadline: 1, onTimeRate: 0.8571, updateRate: 0.75 },
      { unit: "Sở Tài chính", total: 0, doneOnTime: 0, doneLate: 0, openOnTime: 0, openOverdue: 0, noDeadline: 0, onTimeRate: null, updateRate: null },
    ],
  };

  test("the sheets in order", async () => {
    expect((await load(table)).worksheets.map((w) => w.name)).toEqual(["Nhiệm vụ", "Tổng hợp", "Theo đơn vị"]);
    expect((await load({ ...base, units: [] })).worksheets.map((w) => w.name)).toEqual(["Nhiệm vụ", "Theo đơn vị"]);
  });

  test("Tổng hợp: label and value, numbers as numbers with a number format", async () => {
    const ws = (await load(table)).getWorksheet("Tổng hợp")!;
    expect(ws.getCell("A1").value).toBe("BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ");
    expect(ws.getCell("C1").master.address).toBe("A1");
    expect(ws.getCell("A3").value).toBe("Kỳ báo cáo: Quý IV/2026");
    const h = headerRowOf(ws);
    expect(values(ws, h, 3)).toEqual(["STT", "Chỉ tiêu", "Số liệu"]);
    expect([1, 2, 3, 4].map((i) => values(ws, h + i, 3))).toEqual([
      [1, "Tổng số nhiệm vụ", 1234],
      [2, "Đã hoàn thành đúng hạn", 980],
      [3, "Tỷ lệ đúng hạn", "85,3 %"],
      [4, "Số ngày quá hạn trung bình", 4.5],
    ]);
    expect(ws.getCell(h + 1, 3).numFmt).toBe("#,##0");
    expect(ws.getCell(h + 4, 3).numFmt).toBe("#,##0.0#");
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, orientation: "portrait", fitToWidth: 1, printTitlesRow: `${h}:${h}` });
  });

  test("Theo đơn vị: counts as numbers, rates as percent cells, null rates empty", async () => {
    const ws = (await load(table)).getWorksheet("Theo đơn vị")!;
    const h = headerRowOf(ws);
    expect(values(ws, h, 10)).toEqual([
      "STT",
      "Đơn vị",
      "Tổng số",
      "Đã hoàn thành đúng hạn",
      "Đã hoàn thành quá hạn",
      "Chưa hoàn thành – trong hạn",
      "Chưa hoàn thành – quá hạn",
      "Không thời hạn",
      "Tỷ lệ đúng hạn",
      "Tỷ lệ cập nhật",
    ]);
    expect(values(ws, h + 1, 10)).toEqual([1, "Sở Nội vụ", 12, 6, 1, 2, 2, 1, 0.8571, 0.75]);
    expect(values(ws, h + 2, 10)).toEqual([2, "Sở Tài chính", 0, 0, 0, 0, 0, 0, "", ""]);
    expect(ws.getCell(h + 1, 9).type).toBe(ExcelJS.ValueType.Number);
    expect(ws.getCell(h + 1, 9).numFmt).toBe("0.0%");
    expect(ws.getCell(h + 1, 10).numFmt).toBe("0.0%");
    expect(ws.getCell(h + 1, 3).numFmt).toBe("#,##0");
    expect(ws.getCell(h + 2, 9).border).toMatchObject({ top: { style: "thin" } });
    expect(ws.pageSetup).toMatchObject({ orientation: "landscape", fitToPage: true, fitToWidth: 1, printTitlesRow: `${h}:${h}` });
    expect(ws.headerFooter.oddFooter).toContain("Trang &P/&N");
  });
});

describe("taskTableCsv", () => {
  test("BOM, CRLF, header, one record per task, exactly the cells of the Excel table", () => {
    const csv = taskTableCsv(base);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).startsWith("STT,Nội dung nhiệm vụ,Văn bản giao,Đơn vị chủ trì,Thời hạn,Tình trạng,Kết quả\r\n")).toBe(true);
    expect(csv.endsWith("\r\n")).toBe(true);
    const records = csvRecords(csv);
    expect(records[0]).toEqual(HEADER);
    expect(records.slice(1)).toEqual(expected.map((r) => r.map(String)));
  });

  test("RFC 4180 quoting of commas, quotes and newlines", () => {
    const csv = taskTableCsv(base);
    expect(csv).toContain('"Báo cáo ""Chỉ số PAR Index"", gồm số liệu\nquý III và quý IV"');
    expect(csv).toContain('"Đã gửi Báo cáo số 45/BC-SNV, kèm phụ lục\nHoàn thành ngày 20/11/2026"');
    expect(csv).toContain("\r\n3,Đôn đốc giải ngân vốn đầu tư công,Kết luận số 15-KL/TW,Sở Tài chính,19/11/2026,");
  });
});

describe("formula injection", () => {
  const dangerous = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\tTab", "\rCR"];
  const table: ExportTable = {
    ...base,
    issuer: "=ISSUER()",
    summary: [{ label: "=cmd", value: "+85 %" }],
    units: [{ unit: "@unit", total: 1, doneOnTime: 1, doneLate: 0, openOnTime: 0, openOverdue: 0, noDeadline: 0, onTimeRate: 1, updateRate: 1 }],
    rows: dangerous.map((s) => ({ content: s, directive: s, leadUnit: s, deadline: null, status: s, result: s })),
  };
  const safe = (s: string) => "'" + s;

  test("CSV: each dangerous cell gets a leading apostrophe", () => {
    const records = csvRecords(taskTableCsv(table)).slice(1);
    expect(records).toEqual(dangerous.map((s, i) => [String(i + 1), safe(s), safe(s), safe(s), "Không thời hạn", safe(s), safe(s)]));
  });

  test("XLSX: string cells stay text as written (an .xlsx string cell is never evaluated), never a formula", async () => {
    const wb = await load(table);
    const ws = wb.getWorksheet("Nhiệm vụ")!;
    expect(ws.getCell("A1").value).toBe("=ISSUER()");
    expect(ws.getCell("A1").type).toBe(ExcelJS.ValueType.String);
    // Excel breaks lines on LF: a CR (or CRLF) in the text is stored as LF
    const cell = (s: string) => s.replace(/\r/g, "\n");
    expect(taskRows(ws)).toEqual(dangerous.map((s, i) => [i + 1, cell(s), cell(s), cell(s), "Không thời hạn", cell(s), cell(s)]));
    for (let r = headerRowOf(ws) + 1; r <= headerRowOf(ws) + dangerous.length; r++) {
      for (let c = 1; c <= 7; c++) expect(ws.getCell(r, c).type).not.toBe(ExcelJS.ValueType.Formula);
    }
    const sum = wb.getWorksheet("Tổng hợp")!;
    expect(values(sum, headerRowOf(sum) + 1, 3)).toEqual([1, "=cmd", "+85 %"]);
    expect(sum.getCell(headerRowOf(sum) + 1, 2).type).toBe(ExcelJS.ValueType.String);
    const units = wb.getWorksheet("Theo đơn vị")!;
    expect(values(units, headerRowOf(units) + 1, 3)).toEqual([1, "@unit", 1]);
    // an en dash is not a minus
    expect((await load(base)).getWorksheet("Nhiệm vụ")!.getCell(10, 6).value).toBe("Chưa hoàn thành – trong hạn");
  });

  test("XLSX: control characters XML cannot carry are dropped, the file still opens", async () => {
    const ws = (await load({ ...base, rows: [{ ...rows[0], content: "Nội\u0000dung\u0007 có\u000b ký tự lạ\ttab\r\ndòng 2" }] })).getWorksheet("Nhiệm vụ")!;
    expect(ws.getCell(headerRowOf(ws) + 1, 2).value).toBe("Nộidung có ký tự lạ\ttab\ndòng 2");
  });
});

describe("no rows", () => {
  const empty = { ...base, rows: [] };

  test("XLSX: header row, then «Không có nhiệm vụ» across the table", async () => {
    const ws = (await load(empty)).getWorksheet("Nhiệm vụ")!;
    const h = headerRowOf(ws);
    expect(values(ws, h, 7)).toEqual(HEADER);
    expect(ws.getCell(h + 1, 1).value).toBe("Không có nhiệm vụ");
    expect(ws.getCell(h + 1, 7).master.address).toBe(`A${h + 1}`);
    expect(ws.getCell(h + 1, 1).alignment.horizontal).toBe("center");
    expect(ws.getCell(h + 1, 7).border).toMatchObject({ right: { style: "thin" } });
    expect(ws.getCell(h + 3, 1).value).toBe("Xuất từ Phòng Họp Số lúc 01/12/2026 10:04");
  });

  test("CSV: header, then one record saying so, same number of columns", () => {
    expect(csvRecords(taskTableCsv(empty))).toEqual([HEADER, ["", "Không có nhiệm vụ", "", "", "", "", ""]]);
  });
});

describe("500 rows", () => {
  const many: ExportTaskRow[] = Array.from({ length: 500 }, (_, i) => ({
    content: `Nhiệm vụ số ${i + 1}: rà soát, cập nhật "danh mục" thủ tục hành chính`,
    directive: i % 2 ? `Kế hoạch số ${i}/KH-UBND` : null,
    leadUnit: `Phòng ${i % 7}`,
    coordinatingUnits: i % 3 ? [] : ["Sở Tư pháp"],
    deadline: i % 5 ? `2026-${String((i % 12) + 1).padStart(2, "0")}-15` : null,
    originalDeadline: i % 10 === 1 ? "2026-01-10" : null,
    status: i % 4 ? "Đã hoàn thành đúng hạn" : "Chưa hoàn thành – quá hạn 3 ngày",
    result: i % 4 ? `Kết quả ${i}` : null,
  }));
  const expectedCells = many.map((t, i) => {
    const month = String((i % 12) + 1).padStart(2, "0");
    const deadline = !t.deadline ? "Không thời hạn" : `15/${month}/2026` + (i % 10 === 1 ? "\n(gia hạn từ 10/01/2026)" : "");
    return [
      i + 1,
      t.content,
      t.directive ?? "",
      t.leadUnit + (i % 3 ? "" : "\nPhối hợp: Sở Tư pháp"),
      deadline,
      t.status,
      t.result ?? "",
    ];
  });

  test("XLSX: all 500 read back in order", async () => {
    const ws = (await load({ ...base, rows: many })).getWorksheet("Nhiệm vụ")!;
    const read = taskRows(ws);
    expect(read).toHaveLength(500);
    expect(read).toEqual(expectedCells);
  });

  test("CSV: all 500 read back in order", () => {
    const records = csvRecords(taskTableCsv({ ...base, rows: many }));
    expect(records).toHaveLength(501);
    expect(records.slice(1)).toEqual(expectedCells.map((r) => r.map(String)));
  });
});

describe("exportFileName", () => {
  test.each([
    ["Báo cáo nhiệm vụ 2026-12-01", "xlsx", "bao-cao-nhiem-vu-2026-12-01.xlsx"],
    ["Đơn vị: Sở Thông tin & Truyền thông — Quý IV/2026", "csv", "don-vi-so-thong-tin-truyen-thong-quy-iv-2026.csv"],
    ["  ĐẢNG ỦY   Khối ", "xlsx", "dang-uy-khoi.xlsx"],
    ["Nhiệm vụ \"quá hạn\"; rm -rf /\r\n", "csv", "nhiem-vu-qua-han-rm-rf.csv"],
    ["", "xlsx", "bao-cao.xlsx"],
    ["公文", "csv", "bao-cao.csv"],
  ] as const)("%j → %s", (base, ext, name) => {
    expect(exportFileName(base, ext)).toBe(name);
  });

  test("long names are cut, without a trailing dash", () => {
    const name = exportFileName("Báo cáo tình hình thực hiện nhiệm vụ ".repeat(10), "xlsx");
    expect(name).toMatch(/^[a-z0-9-]{1,100}\.xlsx$/);
    expect(name).not.toMatch(/-\.xlsx$/);
  });
});
