// The report query as the URL gives it: strings in, a typed query out, bad
// input refused with Vietnamese messages on the right field; and the period
// it resolves to (first and last assignment day, the report day, the label).
import { reportQuerySchema, resolvePeriod } from "../../app/schemas/report";

function issues(input: Record<string, unknown>) {
  const r = reportQuerySchema.safeParse(input);
  expect(r.success).toBe(false);
  if (r.success) return {};
  const out: Record<string, string[]> = {};
  for (const i of r.error.issues) (out[i.path.join(".") || "_"] ??= []).push(i.message);
  return out;
}

describe("reportQuerySchema accepts what the form sends", () => {
  test("defaults: this year, the whole city, no sub-units", () => {
    expect(reportQuerySchema.parse({})).toEqual({ period: "year", scope: "city", subunits: false });
  });

  test("strings become numbers and flags; empty fields are absent", () => {
    expect(reportQuerySchema.parse({ period: "quarter", year: "2026", quarter: "2", scope: "unit", unitId: "17", subunits: "1", bodyId: "", from: "", month: "" })).toEqual({
      period: "quarter",
      year: 2026,
      quarter: 2,
      scope: "unit",
      unitId: 17,
      subunits: true,
    });
    for (const on of ["1", "true", "on"]) expect(reportQuerySchema.parse({ subunits: on }).subunits).toBe(true);
    for (const off of ["0", "false", "", "yes"]) expect(reportQuerySchema.parse({ subunits: off }).subunits).toBe(false);
    expect(reportQuerySchema.parse({ period: "custom", from: "2025-11-10", to: "2026-02-20" })).toMatchObject({ from: "2025-11-10", to: "2026-02-20" });
    expect(reportQuerySchema.parse({ period: "custom", from: "2026-02-20", to: "2026-02-20" })).toMatchObject({ from: "2026-02-20", to: "2026-02-20" });
    expect(reportQuerySchema.parse({ period: "month", year: "2028", month: "02" })).toMatchObject({ year: 2028, month: 2 });
  });
});

describe("reportQuerySchema refuses bad input in Vietnamese", () => {
  test.each<[string, Record<string, unknown>, Record<string, string[]>]>([
    ["month 13", { period: "month", month: "13" }, { month: ["Tháng phải từ 1 đến 12."] }],
    ["month 0", { period: "month", month: "0" }, { month: ["Tháng phải từ 1 đến 12."] }],
    ["month 1.5", { period: "month", month: "1.5" }, { month: ["Tháng phải từ 1 đến 12."] }],
    ["month 'abc'", { period: "month", month: "abc" }, { month: ["Tháng phải từ 1 đến 12."] }],
    ["quarter 5", { period: "quarter", quarter: "5" }, { quarter: ["Quý phải từ 1 đến 4."] }],
    ["year 1999", { year: "1999" }, { year: ["Năm không hợp lệ."] }],
    ["year 'năm nay'", { year: "năm nay" }, { year: ["Năm không hợp lệ."] }],
    ["year with SQL", { year: "2026; DROP TABLE tasks" }, { year: ["Năm không hợp lệ."] }],
    ["an unknown period", { period: "week" }, { period: ["Kỳ báo cáo không hợp lệ."] }],
    ["an unknown scope", { scope: "galaxy" }, { scope: ["Phạm vi báo cáo không hợp lệ."] }],
    ["custom without dates", { period: "custom" }, { from: ["Vui lòng chọn ngày bắt đầu."], to: ["Vui lòng chọn ngày kết thúc."] }],
    ["custom without the end", { period: "custom", from: "2026-01-01" }, { to: ["Vui lòng chọn ngày kết thúc."] }],
    ["from after to", { period: "custom", from: "2026-03-01", to: "2026-02-28" }, { to: ["Ngày kết thúc phải sau ngày bắt đầu."] }],
    ["30 February", { period: "custom", from: "2026-02-30", to: "2026-03-31" }, { from: ["Ngày bắt đầu không hợp lệ."] }],
    ["a Vietnamese-format date", { period: "custom", from: "2026-01-01", to: "31/12/2026" }, { to: ["Ngày kết thúc không hợp lệ."] }],
    ["a date with SQL", { period: "custom", from: "2026-01-01' OR '1'='1", to: "2026-12-31" }, { from: ["Ngày bắt đầu không hợp lệ."] }],
    ["scope unit without unitId", { scope: "unit" }, { unitId: ["Vui lòng chọn đơn vị."] }],
    ["scope body without bodyId", { scope: "body", bodyId: "" }, { bodyId: ["Vui lòng chọn cơ quan."] }],
    ["scope directive without directiveId", { scope: "directive" }, { directiveId: ["Vui lòng chọn văn bản."] }],
    ["unitId -1", { scope: "unit", unitId: "-1" }, { unitId: ["Đơn vị không hợp lệ."] }],
    ["unitId 'x'", { scope: "unit", unitId: "x" }, { unitId: ["Đơn vị không hợp lệ."] }],
    ["bodyId beyond INT", { scope: "body", bodyId: "99999999999" }, { bodyId: ["Cơ quan không hợp lệ."] }],
    ["directiveId 1.5", { scope: "directive", directiveId: "1.5" }, { directiveId: ["Văn bản không hợp lệ."] }],
  ])("%s", (_name, input, expected) => {
    expect(issues(input)).toEqual(expected);
  });

  test("several mistakes at once: every field gets its message", () => {
    expect(issues({ period: "custom", from: "hôm qua", to: "2026-13-01", scope: "unit", month: "13", quarter: "0", year: "20xx" })).toEqual({
      year: ["Năm không hợp lệ."],
      month: ["Tháng phải từ 1 đến 12."],
      quarter: ["Quý phải từ 1 đến 4."],
      from: ["Ngày bắt đầu không hợp lệ."],
      to: ["Ngày kết thúc không hợp lệ."],
    });
  });
});

describe("resolvePeriod", () => {
  const p = (input: Record<string, string>, today: string) => resolvePeriod(reportQuerySchema.parse(input), today);
  test.each<[Record<string, string>, string, object]>([
    [{}, "2026-06-15", { kind: "year", from: "2026-01-01", to: "2026-12-31", asOf: "2026-06-15", label: "Năm 2026" }],
    [{ period: "quarter" }, "2026-06-15", { from: "2026-04-01", to: "2026-06-30", asOf: "2026-06-15", label: "Quý II/2026" }],
    [{ period: "quarter" }, "2026-10-01", { from: "2026-10-01", to: "2026-12-31", asOf: "2026-10-01", label: "Quý IV/2026" }],
    [{ period: "month" }, "2026-06-15", { from: "2026-06-01", to: "2026-06-30", asOf: "2026-06-15", label: "Tháng 06/2026" }],
    [{ period: "month", year: "2028", month: "2" }, "2030-01-01", { from: "2028-02-01", to: "2028-02-29", asOf: "2028-02-29", label: "Tháng 02/2028" }],
    [{ period: "month", month: "12" }, "2026-12-31", { from: "2026-12-01", to: "2026-12-31", asOf: "2026-12-31" }],
    [{ period: "year", year: "2027" }, "2026-06-15", { from: "2027-01-01", to: "2027-12-31", asOf: "2026-06-15" }],
    [{ period: "custom", from: "2025-11-10", to: "2026-02-20" }, "2026-06-15", { from: "2025-11-10", to: "2026-02-20", asOf: "2026-02-20", label: "Từ ngày 10/11/2025 đến ngày 20/02/2026" }],
    [{ period: "custom", from: "2026-06-01", to: "2026-06-15" }, "2026-06-15", { asOf: "2026-06-15" }],
  ])("%o on %s", (input, today, expected) => {
    expect(p(input, today)).toMatchObject(expected);
  });
});
