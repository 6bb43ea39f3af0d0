import { endOfMonth, format } from "date-fns";
import { z } from "zod";
import { todayInHanoi } from "../lib/dates";

/**
 * What a report (and the task list behind any of its numbers) is about: the
 * tasks assigned in a period, within a scope, their status words counted as
 * of the report day ("tính đến ngày"): the end of the period, or today if the
 * period is not over yet. The same query string drives /reports, the drill
 * down into /tasks and the Excel/CSV exports.
 */
export const PERIOD_KINDS = ["month", "quarter", "year", "custom"] as const;
export const REPORT_SCOPES = ["city", "body", "directive", "unit"] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export type ReportScope = (typeof REPORT_SCOPES)[number];

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const validYmd = (s: string) => YMD.test(s) && !Number.isNaN(new Date(`${s}T00:00:00Z`).getTime()) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

const int = (min: number, max: number, message: string) =>
  z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number({ invalid_type_error: message }).int(message).min(min, message).max(max, message).optional());
const ymd = (message: string) =>
  z.preprocess((v) => (v === "" || v == null ? undefined : v), z.string().refine(validYmd, message).optional());
const flag = z.preprocess((v) => v === "1" || v === "true" || v === "on" || v === true, z.boolean());

export const reportQuerySchema = z
  .object({
    period: z.enum(PERIOD_KINDS, { errorMap: () => ({ message: "Kỳ báo cáo không hợp lệ." }) }).default("year"),
    year: int(2000, 2100, "Năm không hợp lệ."),
    month: int(1, 12, "Tháng phải từ 1 đến 12."),
    quarter: int(1, 4, "Quý phải từ 1 đến 4."),
    from: ymd("Ngày bắt đầu không hợp lệ."),
    to: ymd("Ngày kết thúc không hợp lệ."),
    scope: z.enum(REPORT_SCOPES, { errorMap: () => ({ message: "Phạm vi báo cáo không hợp lệ." }) }).default("city"),
    bodyId: int(1, 2_147_483_647, "Cơ quan không hợp lệ."),
    directiveId: int(1, 2_147_483_647, "Văn bản không hợp lệ."),
    unitId: int(1, 2_147_483_647, "Đơn vị không hợp lệ."),
    subunits: flag.default(false),
  })
  .superRefine((q, ctx) => {
    if (q.period === "custom") {
      if (!q.from) ctx.addIssue({ code: "custom", path: ["from"], message: "Vui lòng chọn ngày bắt đầu." });
      if (!q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "Vui lòng chọn ngày kết thúc." });
      if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "Ngày kết thúc phải sau ngày bắt đầu." });
    }
    if (q.scope === "body" && !q.bodyId) ctx.addIssue({ code: "custom", path: ["bodyId"], message: "Vui lòng chọn cơ quan." });
    if (q.scope === "directive" && !q.directiveId) ctx.addIssue({ code: "custom", path: ["directiveId"], message: "Vui lòng chọn văn bản." });
    if (q.scope === "unit" && !q.unitId) ctx.addIssue({ code: "custom", path: ["unitId"], message: "Vui lòng chọn đơn vị." });
  });

export type ReportQuery = z.infer<typeof reportQuerySchema>;

/** The resolved period: the first and last assignment day counted, and the day statuses are counted at. */
export type ReportPeriod = { kind: PeriodKind; from: string; to: string; asOf: string; label: string };

const ROMAN = ["I", "II", "III", "IV"];

export function resolvePeriod(q: Pick<ReportQuery, "period" | "year" | "month" | "quarter" | "from" | "to">, today = todayInHanoi()): ReportPeriod {
  const [ty, tm] = today.split("-").map(Number);
  const year = q.year ?? ty;
  const day = (y: number, m: number, d: number) => format(new Date(y, m - 1, d), "yyyy-MM-dd");
  const lastDay = (y: number, m: number) => format(endOfMonth(new Date(y, m - 1, 1)), "yyyy-MM-dd");
  let from: string, to: string, label: string;
  if (q.period === "month") {
    const month = q.month ?? tm;
    from = day(year, month, 1);
    to = lastDay(year, month);
    label = `Tháng ${String(month).padStart(2, "0")}/${year}`;
  } else if (q.period === "quarter") {
    const quarter = q.quarter ?? Math.floor((tm - 1) / 3) + 1;
    from = day(year, quarter * 3 - 2, 1);
    to = lastDay(year, quarter * 3);
    label = `Quý ${ROMAN[quarter - 1]}/${year}`;
  } else if (q.period === "custom") {
    from = q.from!;
    to = q.to!;
    const [fy, fm, fd] = from.split("-");
    const [ey, em, ed] = to.split("-");
    label = `Từ ngày ${fd}/${fm}/${fy} đến ngày ${ed}/${em}/${ey}`;
  } else {
    from = day(year, 1, 1);
    to = day(year, 12, 31);
    label = `Năm ${year}`;
  }
  return { kind: q.period, from, to, asOf: to < today ? to : today, label };
}

/** The query string of a report (for links between the dashboard, the drill-down lists and the exports). */
export function reportSearchParams(q: Partial<ReportQuery>): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === false || v === "") continue;
    p.set(k, v === true ? "1" : String(v));
  }
  return p;
}

/** The file formats of the exports (/reports/export/:format, /tasks/export/:format). */
export const exportFormatSchema = z.enum(["xlsx", "csv"], { errorMap: () => ({ message: "Định dạng xuất không hợp lệ (xlsx hoặc csv)." }) });
