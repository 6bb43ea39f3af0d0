import type { CurrentUser } from "../lib/current-user";
import { formatDateOnly, todayInHanoi } from "../lib/dates";
import { describeTaskStatus, formatRate, TASK_STATUS_LABELS } from "../lib/task-status";
import { resolvePeriod, type ReportQuery } from "../schemas/report";
import type { TaskListQuery } from "../schemas/task-list";
import { exportFileName, taskTableCsv, taskTableXlsx, type ExportTable, type ExportTaskRow } from "./report-export.server";
import { reportScopeLabel, taskReportFor } from "./reports.server";
import { listTasksFor, resolveTaskScope, type TaskListPage } from "./task-queries.server";

/**
 * Builds the report tables the secretariat sends upward (Excel / CSV) from
 * the same queries the pages show, so an export never disagrees with the screen.
 */
const ISSUER = process.env.ORG_NAME_UPPER || "UBND THÀNH PHỐ HÀ NỘI";
/** One file holds at most this many tasks (a whole city's year is a database, not a report). */
export const EXPORT_ROW_CAP = 10_000;


function exportRows(list: TaskListPage): ExportTaskRow[] {
  return list.rows.map((t) => ({
    content: t.content,
    directive: t.directive ? `${t.directive.label}${t.directive.issuedOn ? ` ngày ${formatDateOnly(t.directive.issuedOn)}` : ""}` : null,
    leadUnit: t.leadUnitName,
    deadline: t.deadline,
    originalDeadline: t.originalDeadline,
    status: describeTaskStatus(t.status) + (t.awaitingAcceptance ? " (chờ nghiệm thu)" : ""),
    result: t.result,
    completedOn: t.status.completed ? t.completedOn : null,
  }));
}

const cappedNote = (list: TaskListPage) => (list.total > list.rows.length || list.totalIsCapped ? ` · ${list.rows.length.toLocaleString("vi-VN")} nhiệm vụ đầu tiên theo thời hạn` : "");

/** A task list as shown at /tasks (its filters, or a report's drill-down). */
export async function taskListExport(actor: CurrentUser, q: TaskListQuery) {
  const scope = resolveTaskScope(actor, q.scope, Boolean(q.report));
  const list = await listTasksFor(actor, { scope, status: q.status, starred: q.starred, report: q.report, perPage: EXPORT_ROW_CAP });
  const period = q.report ? resolvePeriod(q.report) : null;
  const statusLabel = q.status && q.status in TASK_STATUS_LABELS ? TASK_STATUS_LABELS[q.status as keyof typeof TASK_STATUS_LABELS].vi : null;
  const table: ExportTable = {
    issuer: ISSUER,
    title: "DANH SÁCH NHIỆM VỤ",
    subtitle: [q.report ? await reportScopeLabel(q.report, actor) : { mine: "Nhiệm vụ của tôi", unit: "Nhiệm vụ của đơn vị", all: "Toàn bộ nhiệm vụ" }[scope], statusLabel].filter(Boolean).join(" · ") + cappedNote(list),
    periodLabel: period?.label ?? `Ngày ${formatDateOnly(todayInHanoi())}`,
    asOf: list.asOf,
    generatedAt: new Date(),
    rows: exportRows(list),
  };
  return table;
}

/** The dashboard as a report: summary, units, and the tasks behind it. */
export async function reportExport(actor: CurrentUser, q: ReportQuery) {
  const report = await taskReportFor(actor, q);
  const list = await listTasksFor(actor, { scope: "all", report: q, perPage: EXPORT_ROW_CAP });
  const t = report.totals;
  const table: ExportTable = {
    issuer: ISSUER,
    title: "BÁO CÁO TÌNH HÌNH THỰC HIỆN NHIỆM VỤ",
    subtitle: report.scope + cappedNote(list),
    periodLabel: report.period.label,
    asOf: report.period.asOf,
    generatedAt: new Date(),
    summary: [
      { label: "Tổng số nhiệm vụ", value: t.total },
      { label: TASK_STATUS_LABELS.done_on_time.vi, value: t.done_on_time },
      { label: TASK_STATUS_LABELS.done_late.vi, value: t.done_late },
      { label: "Đã hoàn thành (không thời hạn)", value: t.done_no_deadline },
      { label: TASK_STATUS_LABELS.open_on_time.vi, value: t.open_on_time },
      { label: TASK_STATUS_LABELS.open_overdue.vi, value: t.open_overdue },
      { label: TASK_STATUS_LABELS.no_deadline.vi, value: t.no_deadline },
      { label: "Tỷ lệ hoàn thành đúng hạn", value: formatRate(t.onTimeRate) },
      { label: "Tỷ lệ cập nhật tiến độ (30 ngày)", value: formatRate(t.updateRate) },
      { label: "Cuộc họp đã tổ chức", value: report.meetings.held },
      { label: "Biên bản đã duyệt", value: report.meetings.minutesApproved },
    ],
    units: report.units.map((u) => ({
      unit: u.name,
      total: u.total,
      doneOnTime: u.done_on_time,
      doneLate: u.done_late,
      openOnTime: u.open_on_time,
      openOverdue: u.open_overdue,
      noDeadline: u.no_deadline + u.done_no_deadline,
      onTimeRate: u.onTimeRate,
      updateRate: u.updateRate,
    })),
    rows: exportRows(list),
  };
  return table;
}

/** The HTTP answer for an export: the file, named for its content and day, as a download. */
export async function exportResponse(table: ExportTable, format: "xlsx" | "csv", base: string) {
  const name = exportFileName(`${base} ${todayInHanoi()}`, format);
  const body = format === "xlsx" ? await taskTableXlsx(table) : Buffer.from(taskTableCsv(table), "utf8");
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": format === "xlsx" ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${name}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

