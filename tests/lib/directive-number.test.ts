// Số, ký hiệu văn bản as people type them: both formats of Decree 30 / Hướng
// dẫn 36, the typing slips we forgive (QD, spaces, dashes, "Số:"), and the
// malformed ones refused with a Vietnamese message.
import { parseDirectiveNumber, type ParsedDirectiveNumber } from "../../app/lib/directive-number";
import type { DirectiveKind } from "../../models/enums";

function ok(input: string, expectedKind?: DirectiveKind) {
  const r = parseDirectiveNumber(input, expectedKind);
  if (!r.ok) throw new Error(`expected «${input}» to parse, got: ${r.error}`);
  return r.value;
}
function error(input: string | null | undefined, expectedKind?: DirectiveKind) {
  const r = parseDirectiveNumber(input, expectedKind);
  if (r.ok) throw new Error(`expected «${input}» to be refused, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe("valid numbers", () => {
  const cases: [string, DirectiveKind | undefined, Partial<ParsedDirectiveNumber>][] = [
    ["24-CT/TU", "CT", { numberFormat: "party", number: "24", symbol: "CT/TU", kindAbbr: "CT", kind: "CT", issuerAbbr: "TU", year: null, display: "24-CT/TU" }],
    ["15-KL/TW", "KL", { numberFormat: "party", number: "15", symbol: "KL/TW", kind: "KL", issuerAbbr: "TW" }],
    ["86-KL/BCSĐ", "KL", { numberFormat: "party", symbol: "KL/BCSĐ", issuerAbbr: "BCSĐ" }],
    ["123-TB/VPTU", "TB", { numberFormat: "party", symbol: "TB/VPTU", kind: "TB" }],
    ["05-NQ/TW", "NQ", { number: "05", symbol: "NQ/TW" }],
    ["45-CV/TU", "CV", { numberFormat: "party", kind: "CV", symbol: "CV/TU" }],
    ["06/QĐ-TTg", "QD", { numberFormat: "state", number: "06", symbol: "QĐ-TTg", kindAbbr: "QĐ", kind: "QD", issuerAbbr: "TTg", display: "06/QĐ-TTg" }],
    ["123/QĐ-UBND", "QD", { numberFormat: "state", number: "123", symbol: "QĐ-UBND" }],
    ["45/KH-UBND", "KH", { numberFormat: "state", symbol: "KH-UBND", kind: "KH" }],
    ["512/TB-VP", "TB", { numberFormat: "state", symbol: "TB-VP", issuerAbbr: "VP" }],
    ["12/2023/NĐ-CP", undefined, { numberFormat: "state", number: "12", symbol: "2023/NĐ-CP", kindAbbr: "NĐ", kind: null, year: 2023, display: "12/2023/NĐ-CP" }],
    ["05/2023/QĐ-UBND", "QD", { numberFormat: "state", symbol: "2023/QĐ-UBND", year: 2023, kind: "QD" }],
    ["1234/UBND-KT", "CV", { numberFormat: "state", symbol: "UBND-KT", kindAbbr: null, kind: "CV", issuerAbbr: "UBND-KT" }],
    ["2345/CV-UBND", "CV", { numberFormat: "state", symbol: "CV-UBND", kindAbbr: "CV", kind: "CV" }],
    ["101/QĐ-UBND-KGVX", "QD", { symbol: "QĐ-UBND-KGVX", issuerAbbr: "UBND-KGVX" }],
    ["24a-CT/TU", "CT", { number: "24a", symbol: "CT/TU" }],
    ["7B/QĐ-UBND", "QD", { number: "07b" }],
  ];
  test.each(cases)("%s", (input, kind, expected) => {
    expect(ok(input, kind)).toMatchObject(expected);
  });

  test("QD typed without Đ becomes QĐ, in both formats", () => {
    expect(ok("06/QD-TTg", "QD")).toMatchObject({ symbol: "QĐ-TTg", kindAbbr: "QĐ", display: "06/QĐ-TTg" });
    expect(ok("10-QD/TU", "QD")).toMatchObject({ symbol: "QĐ/TU", display: "10-QĐ/TU" });
    expect(ok("12/2023/ND-CP")).toMatchObject({ symbol: "2023/NĐ-CP" });
  });

  test("the kind is read case-insensitively and written canonically; the issuer keeps its case (TTg)", () => {
    expect(ok("06/qđ-TTg", "QD").symbol).toBe("QĐ-TTg");
    expect(ok("24-ct/TU", "CT").symbol).toBe("CT/TU");
    expect(ok("33/ttr-UBND").symbol).toBe("TTr-UBND");
  });

  test("spaces, «Số:», en/em dashes, the look-alike Ð and decomposed Unicode are forgiven", () => {
    expect(ok("  24 - CT / TU ", "CT").display).toBe("24-CT/TU");
    expect(ok("Số 24-CT/TU", "CT").display).toBe("24-CT/TU");
    expect(ok("Số: 06/QĐ-TTg", "QD").display).toBe("06/QĐ-TTg");
    expect(ok("số:06/QĐ–TTg", "QD").display).toBe("06/QĐ-TTg");
    expect(ok("24—CT/TU").display).toBe("24-CT/TU");
    expect(ok("06/QÐ-TTg", "QD").symbol).toBe("QĐ-TTg"); // U+00D0
    expect(ok("86-KL/BCS\u0110".normalize("NFD")).symbol).toBe("KL/BCSĐ");
    expect(ok("Số 1-TB/TU".normalize("NFD")).display).toBe("01-TB/TU");
  });

  test("numbers under 10 get their leading zero, extra zeros go: 6, 06 and 006 are one number", () => {
    expect(ok("6/QĐ-TTg").number).toBe("06");
    expect(ok("06/QĐ-TTg").number).toBe("06");
    expect(ok("006/QĐ-TTg").number).toBe("06");
    expect(ok("0024-CT/TU").number).toBe("24");
  });

  test("without an expected kind, the kind is reported from the symbol", () => {
    expect(ok("24-CT/TU").kind).toBe("CT");
    expect(ok("06/QĐ-TTg").kind).toBe("QD");
    expect(ok("15/BC-UBND")).toMatchObject({ kindAbbr: "BC", kind: null });
  });
});

describe("malformed numbers", () => {
  const refused: [string | null | undefined, RegExp][] = [
    ["", /Vui lòng nhập số, ký hiệu/],
    ["   ", /Vui lòng nhập số, ký hiệu/],
    [null, /Vui lòng nhập số, ký hiệu/],
    [undefined, /Vui lòng nhập số, ký hiệu/],
    ["24", /cả ký hiệu/],
    ["CT/TU", /Thiếu số văn bản/],
    ["abc", /không đúng mẫu/],
    ["-CT/TU", /Thiếu số văn bản/],
    ["24-CT", /không đúng mẫu/],
    ["24-/TU", /không đúng mẫu/],
    ["24-CT/", /không đúng mẫu/],
    ["24-CT/TU/X", /không đúng mẫu/],
    ["/QĐ-TTg", /không đúng mẫu/],
    ["06/", /không đúng mẫu/],
    ["06/QĐ-TTg/x/y", /không đúng mẫu/],
    ["0-CT/TU", /Số văn bản «0» không hợp lệ/],
    ["00/QĐ-TTg", /Số văn bản «00» không hợp lệ/],
    ["2x4-CT/TU", /Số văn bản «2x4» không hợp lệ/],
    ["24ab-CT/TU", /Số văn bản «24ab» không hợp lệ/],
    ["1234567-CT/TU", /Số văn bản/],
    ["24-XY/TU", /«XY» không phải chữ viết tắt tên loại văn bản/],
    ["24-CT/T U!", /Chữ viết tắt cơ quan ban hành/],
    ["24-CT/<b>", /Chữ viết tắt cơ quan ban hành/],
    ["06/QĐ-", /Chữ viết tắt cơ quan ban hành|không đúng mẫu/],
    ["12/23/NĐ-CP", /Năm trong số, ký hiệu .* 4 chữ số/],
    ["12/1800/NĐ-CP", /Năm 1800/],
    ["24/CT/TU", /Có phải «24-CT\/TU» \(văn bản của Đảng\) hoặc «24\/CT-TU»/],
    ["24-CT-TU", /Có phải «24-CT\/TU»/],
    ["1".repeat(61), /quá dài/],
  ];
  test.each(refused)("%p is refused", (input, message) => {
    expect(error(input)).toMatch(message);
  });

  test("the kind in the symbol must be the chosen kind", () => {
    expect(error("15-KL/TW", "CT")).toBe("Ký hiệu «KL» là Kết luận (KL), không khớp loại văn bản đã chọn là Chỉ thị (CT).");
    expect(error("06/QĐ-TTg", "NQ")).toMatch(/«QĐ» là Quyết định \(QĐ\).*Nghị quyết \(NQ\)/);
    expect(error("06/QD-TTg", "KH")).toMatch(/«QĐ» là Quyết định/);
    expect(error("15/BC-UBND", "CV")).toMatch(/«BC» không phải loại văn bản được theo dõi trong sổ/);
    expect(error("12/2023/NĐ-CP", "QD")).toMatch(/«NĐ» không phải loại văn bản được theo dõi/);
  });

  test("a State number without a type is only a công văn", () => {
    expect(ok("1234/UBND-KT", "CV").kind).toBe("CV");
    expect(error("1234/UBND-KT", "QD")).toBe("Thiếu chữ viết tắt loại văn bản: Quyết định (QĐ) ghi dạng 1234/QĐ-UBND-KT.");
    expect(error("20/2023/QH15", "CV")).toMatch(/không khớp loại văn bản đã chọn là Công văn/);
  });

  test("every message is Vietnamese and has Vietnamese diacritics", () => {
    for (const [input] of refused) {
      const e = error(input);
      expect(e).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
    }
  });
});
