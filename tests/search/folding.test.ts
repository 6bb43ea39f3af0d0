// Folding, query words, highlights and excerpts, and the search query schema:
// pure functions, no database.
import { fold, foldedWords } from "../../app/lib/fold";
import { searchQuerySchema } from "../../app/schemas/search";
import { cleanText, directiveEntry, foldedOf, htmlToText, taskEntry } from "../../app/services/search-index.server";
import { excerptOf, foldWithOffsets, likePattern, marked, matchRanges, searchWords } from "../../app/services/search.server";

const marks = (m: { text: string; marks: Array<[number, number]> }) => m.marks.map(([a, b]) => m.text.slice(a, b));

describe("fold", () => {
  test("drops every Vietnamese diacritic, đ→d, lower case", () => {
    expect(fold("Chỉ thị 24-CT/TU về tăng cường kỷ luật, kỷ cương")).toBe("chi thi 24-ct/tu ve tang cuong ky luat, ky cuong");
    expect(fold("ĐẢNG ỦY đường Đê La Thành")).toBe("dang uy duong de la thanh");
    expect(fold("Ặ ẵ Ờ ợ Ữ ự Ỳ ỹ Ẩ ẫ Ề ệ Ổ ộ")).toBe("a a o o u u y y a a e e o o");
  });

  test("keeps the length of NFC Vietnamese text (offsets found on the folded text apply to the original)", () => {
    const text = "Nghị quyết số 06/NQ-HĐND về phát triển đô thị Hà Nội, giải phóng mặt bằng đường Vành đai 4";
    expect(fold(text)).toHaveLength(text.length);
    expect(foldWithOffsets(text).offsets).toBeNull();
  });

  test("text that does not fold letter for letter still maps back to the original", () => {
    // a Hangul syllable decomposes into several letters: the offsets are per character then
    const text = "Đoàn 한국 thăm Đà Nẵng";
    const { folded, offsets } = foldWithOffsets(text);
    expect(folded.length).toBeGreaterThan(text.length);
    expect(offsets).not.toBeNull();
    expect(marks(marked(text, ["da", "nang", "tham"]))).toEqual(["thăm", "Đà", "Nẵng"]);
  });

  test("query words: letters and digits only, each once, at most 8", () => {
    expect(foldedWords("Chỉ thị 24-CT/TU")).toEqual(["chi", "thi", "24", "ct", "tu"]);
    expect(searchWords("  đảng   Đảng dang ")).toEqual(["dang"]);
    expect(searchWords("%_%  \\ ' \" -- ; <script>")).toEqual(["script"]);
    expect(searchWords("%%__")).toEqual([]);
    expect(searchWords("a b c d e f g h i j k")).toHaveLength(8);
  });

  test("LIKE patterns escape their wildcards", () => {
    expect(likePattern("ab")).toBe("%ab%");
    expect(likePattern("50%_!")).toBe("%50!%!_!!%");
  });
});

describe("highlights and excerpts", () => {
  test("«chi thi 24 ky cuong» marks the original words, with their diacritics", () => {
    const title = "Chỉ thị 24-CT/TU về tăng cường kỷ luật, kỷ cương và trách nhiệm";
    expect(marks(marked(title, searchWords("chi thi 24 ky cuong")))).toEqual(["Chỉ", "thị", "24", "cường", "kỷ", "kỷ", "cương"]);
  });

  test("«d» finds đ; a word is marked where a word starts, inside words only when it never starts one", () => {
    expect(marks(marked("Đảng ủy và đoàn đại biểu", ["d"]))).toEqual(["Đ", "đ", "đ"]);
    expect(marks(marked("Năm 2024, 24 nhiệm vụ", ["24"]))).toEqual(["24"]);
    expect(marks(marked("Năm 2024", ["24"]))).toEqual(["24"]);
  });

  test("the whole word is marked where it stands alone; a prefix only when it never does", () => {
    expect(marks(marked("hệ thống chính trị, Chỉ thị", ["chi"]))).toEqual(["Chỉ"]);
    expect(marks(marked("hệ thống chính trị", ["chi"]))).toEqual(["chí"]);
    expect(marks(marked("tăng cường kỷ cương", ["cuon"]))).toEqual(["cườn", "cươn"]);
  });

  test("an excerpt is a passage around the matches, cut at spaces, with its marks relative to it", () => {
    const text = `${"Mở đầu biên bản. ".repeat(40)}Đồng chí Chủ tịch kết luận: giải phóng mặt bằng đường Vành đai 4 trước quý III. ${"Phần cuối. ".repeat(40)}`;
    const e = excerptOf(text, searchWords("giai phong mat bang"))!;
    expect(e.text.startsWith("…")).toBe(true);
    expect(e.text.endsWith("…")).toBe(true);
    expect(e.text.length).toBeLessThanOrEqual(224);
    expect(marks(e)).toEqual(["giải", "phóng", "mặt", "bằng"]);
    expect(excerptOf("   ", ["x"])).toBeNull();
    expect(excerptOf("Không có từ khóa", ["zzz"])).toEqual({ text: "Không có từ khóa", marks: [] });
  });

  test("matches never overlap (merged) and stay inside the text", () => {
    const m = matchRanges("cường cương", ["cuo", "cuon", "cuong"]);
    for (const [a, b] of m) expect(a < b && b <= "cường cương".length).toBe(true);
    expect(m).toEqual([[0, 5], [6, 11]]);
  });
});

describe("index entries", () => {
  test("a directive's title is its kind and number; the text carries the summary, issuer and toàn văn", () => {
    const e = directiveEntry({ id: 1, kind: "CT", numberFormat: "party", number: "24", symbol: "CT/TU", issuer: "Ban Thường vụ Thành ủy", issuedOn: "2023-08-07", summary: "Về tăng cường kỷ luật, kỷ cương", body: "<p>Ban Thường vụ <strong>yêu cầu</strong>:</p><ol><li>Một</li></ol>" });
    expect(e.title).toBe("Chỉ thị 24-CT/TU");
    expect(e.body).toBe("Về tăng cường kỷ luật, kỷ cương\nBan Thường vụ Thành ủy\nBan Thường vụ yêu cầu:\nMột");
    expect(foldedOf(e)).toContain("chi thi 24-ct/tu");
    expect(e.occurredOn).toBe("2023-08-07");
  });

  test("HTML becomes text (entities decoded, scripts dropped); control characters and long text are cleaned", () => {
    expect(cleanText(htmlToText("<p>A &amp; B &lt;c&gt; &#272;&#x1ea1;i</p><script>alert(1)</script><p>x</p>"))).toBe("A & B <c> Đại\nx");
    expect(cleanText("a\u0000b\u200bc  \n\n\n d")).toBe("a b c\nd");
    expect(cleanText("x".repeat(50), 10)).toHaveLength(10);
    // never half a surrogate pair
    expect(cleanText(`${"x".repeat(9)}😀`, 10)).toBe("x".repeat(9));
  });

  test("a task's title is its content, shortened", () => {
    const e = taskEntry({ id: 3, content: "Rà soát ".repeat(100), deadline: "2030-01-02" });
    expect(e.title.length).toBeLessThanOrEqual(300);
    expect(e.title.endsWith("…")).toBe(true);
    expect(e.occurredOn).toBe("2030-01-02");
  });
});

describe("the search query schema", () => {
  const parse = (input: Record<string, unknown>) => searchQuerySchema.safeParse(input);
  const message = (input: Record<string, unknown>) => {
    const r = parse(input);
    return r.success ? null : r.error.issues[0].message;
  };

  test("trims, squeezes spaces, normalizes to NFC; empty is a valid, empty search", () => {
    expect(parse({ q: "  Chỉ   thị\t24 " })).toEqual({ success: true, data: { q: "Chỉ thị 24", kind: undefined } });
    expect(parse({ q: "Chi\u0309 thi\u0323" }).data?.q).toBe("Chỉ thị");
    expect(parse({}).data).toEqual({ q: "", kind: undefined });
    expect(parse({ q: "   " }).data?.q).toBe("");
  });

  test("refuses 200+ characters, control characters, several q and unknown kinds, with a Vietnamese message", () => {
    expect(parse({ q: "a".repeat(200) }).success).toBe(true);
    expect(message({ q: "a".repeat(201) })).toBe("Từ khóa tìm kiếm tối đa 200 ký tự.");
    expect(message({ q: "chỉ\u0000thị" })).toBe("Từ khóa tìm kiếm có ký tự không hợp lệ (ký tự điều khiển).");
    expect(message({ q: "a\u001bb" })).toMatch(/ký tự điều khiển/);
    expect(message({ q: ["a", "b"] })).toBe("Vui lòng nhập một từ khóa tìm kiếm (chỉ một ô tìm kiếm).");
    expect(message({ q: "x", kind: "user" })).toBe("Loại kết quả không hợp lệ.");
    expect(message({ q: "x", kind: ["task", "meeting"] })).toBe("Loại kết quả không hợp lệ.");
    expect(parse({ q: "x", kind: "" }).data?.kind).toBeUndefined();
    expect(parse({ q: "%_%" }).data?.q).toBe("%_%");
  });
});
