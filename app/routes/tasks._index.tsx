import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useRef } from "react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { useSocketEvent, useSocketRoom } from "~/components/realtime-provider";
import { TaskStatusBadge } from "~/components/status-badge";
import { formatDate, formatDateOnly } from "~/lib/dates";
import { guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { can } from "~/policies";
import { reportSearchParams, resolvePeriod } from "~/schemas/report";
import { taskListHref, taskListQuerySchema } from "~/schemas/task-list";
import { reportScopeLabel } from "~/services/reports.server";
import { listTasksFor, resolveTaskScope, taskScopesFor } from "~/services/task-queries.server";

export const meta: MetaFunction = () => [{ title: "Nhiệm vụ · Phòng Họp Số" }];

const STATUS_FILTERS = [
  ["", "Tất cả tình trạng"],
  ["open", "Chưa hoàn thành"],
  ["open_on_time", "Chưa hoàn thành – trong hạn"],
  ["due_soon", "Sắp đến hạn"],
  ["open_overdue", "Chưa hoàn thành – quá hạn"],
  ["done_on_time", "Đã hoàn thành đúng hạn"],
  ["done_late", "Đã hoàn thành quá hạn"],
  ["no_deadline", "Không thời hạn"],
  ["done_no_deadline", "Đã hoàn thành (không thời hạn)"],
  ["awaiting", "Chờ nghiệm thu"],
] as const;
const SCOPE_LABELS = { mine: "Nhiệm vụ của tôi", unit: "Của đơn vị", all: "Toàn bộ" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const q = parseWith(taskListQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const scopes = taskScopesFor(user);
    const scope = resolveTaskScope(user, q.scope, Boolean(q.report));
    const list = await listTasksFor(user, { scope, status: q.status, starred: q.starred, page: q.page, report: q.report });
    const report = q.report ? { query: q.report, period: resolvePeriod(q.report), scope: await reportScopeLabel(q.report, user) } : null;
    return json({ scope, scopes, status: q.status ?? "", starred: Boolean(q.starred), canAssign: can(user, "task:assign"), list, report });
  });
}

export default function Tasks() {
  const { scope, scopes, status, starred, list, canAssign, report } = useLoaderData<typeof loader>();
  const tasks = list.rows;
  const hrefWith = (over: { page?: number }) => taskListHref({ scope, status, starred, report: report?.query, ...over });
  const exportHref = (format: "xlsx" | "csv") => taskListHref({ scope, status, starred, report: report?.query }, `/tasks/export/${format}`);
  const revalidator = useRevalidator();
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The user's and unit's rooms are joined at connection; the whole-city list listens to every task.
  useSocketRoom(scope === "all" ? "tasks:all" : null);
  useSocketEvent("task:changed", () => {
    // A bulk assignment sends one event per task: refresh once.
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      revalidator.revalidate();
    }, 300);
  });
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <PageHeader
        title="Nhiệm vụ"
        description="Rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ hiệu quả."
        actions={canAssign ? <Link to="/tasks/new" className="btn-primary">+ Giao nhiệm vụ</Link> : undefined}
      />
      {report && (
        <div className="mb-4 rounded-md border border-brand-200 bg-brand-50 px-3 py-2 text-sm text-brand-900">
          Số liệu báo cáo <strong>{report.period.label}</strong> · {report.scope} · tính đến ngày {formatDateOnly(report.period.asOf)}
          {status ? <> · {STATUS_FILTERS.find(([v]) => v === status)?.[1]}</> : null}.{" "}
          <Link className="link" to={`/reports?${reportSearchParams(report.query)}`}>Quay lại báo cáo</Link>
        </div>
      )}
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        {report && <input type="hidden" name="report" value={reportSearchParams(report.query).toString()} />}
        <div className={report ? "hidden" : "flex gap-2"} role="group" aria-label="Phạm vi">
          {scopes.map((s) => (
            <Link key={s} to={`?scope=${s}${status ? `&status=${status}` : ""}${starred ? "&starred=1" : ""}`} className={s === scope ? "btn-primary btn-sm" : "btn-secondary btn-sm"} aria-current={s === scope ? "page" : undefined}>
              {SCOPE_LABELS[s]}
            </Link>
          ))}
        </div>
        <input type="hidden" name="scope" value={scope} />
        <label className="text-sm">
          <span className="sr-only">Tình trạng</span>
          <select name="status" defaultValue={status} className="input py-1.5" onChange={(e) => e.currentTarget.form?.requestSubmit()}>
            {STATUS_FILTERS.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="starred" value="1" defaultChecked={starred} onChange={(e) => e.currentTarget.form?.requestSubmit()} /> Chỉ nhiệm vụ trọng tâm
        </label>
        <noscript><button className="btn-secondary btn-sm">Lọc</button></noscript>
        <div className="ml-auto flex items-center gap-2 text-sm">
          <span className="text-slate-600" data-testid="task-total">
            {list.totalIsCapped ? `Hơn ${list.total.toLocaleString("vi-VN")}` : list.total.toLocaleString("vi-VN")} nhiệm vụ
          </span>
          <a className="btn-secondary btn-sm" href={exportHref("xlsx")} download>Xuất Excel</a>
          <a className="btn-secondary btn-sm" href={exportHref("csv")} download>CSV</a>
        </div>
      </Form>
      <div className="card overflow-x-auto">
        {tasks.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">Không có nhiệm vụ nào.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">STT</th>
                <th scope="col">Nội dung nhiệm vụ</th>
                <th scope="col" className="hidden md:table-cell">Văn bản giao</th>
                <th scope="col" className="hidden sm:table-cell">Đơn vị chủ trì</th>
                <th scope="col">Thời hạn</th>
                <th scope="col" className="hidden sm:table-cell">Tiến độ</th>
                <th scope="col">Tình trạng</th>
              </tr>
            </thead>
            <tbody>
              {tasks.map((t, i) => (
                <tr key={t.id} data-testid="task-row">
                  <td>{(list.page - 1) * list.perPage + i + 1}</td>
                  <td className="min-w-[16rem] max-w-xl">
                    {t.starred && <span className="mr-1 text-amber-500" title="Nhiệm vụ trọng tâm" aria-label="Trọng tâm">★</span>}
                    <Link to={`/tasks/${t.id}`} className="hover:underline">{t.content}</Link>
                    <div className="text-xs text-slate-500">
                      <span className="sm:hidden">{t.leadUnitName}{t.ownerName ? " · " : ""}</span>
                      {t.ownerName && <>Phụ trách: {t.ownerName}</>}
                    </div>
                  </td>
                  <td className="hidden whitespace-nowrap md:table-cell">{t.directive ? <Link className="link" to={`/directives/${t.directive.id}`}>{t.directive.label}</Link> : "—"}</td>
                  <td className="hidden sm:table-cell">{t.leadUnitName}</td>
                  <td className="whitespace-nowrap">
                    {t.deadline ? formatDate(t.deadline) : "Không thời hạn"}
                    {t.originalDeadline && t.originalDeadline !== t.deadline && <div className="text-xs text-slate-500">Hạn ban đầu: {formatDate(t.originalDeadline)}</div>}
                  </td>
                  <td className="hidden sm:table-cell">
                    <div className="h-2 w-20 rounded bg-slate-200" aria-hidden="true"><div className="h-2 rounded bg-brand-600" style={{ width: `${t.progress}%` }} /></div>
                    <span className="text-xs">{t.progress}%</span>
                  </td>
                  <td>
                    <TaskStatusBadge status={t.status} />
                    {t.awaitingAcceptance && <div className="mt-1 text-xs text-amber-800">Chờ nghiệm thu</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      {list.pageCount > 1 && (
        <nav className="mt-4 flex items-center justify-center gap-3 text-sm" aria-label="Phân trang">
          {list.page > 1 ? <Link className="btn-secondary btn-sm" to={hrefWith({ page: list.page - 1 })}>‹ Trang trước</Link> : <span className="btn-secondary btn-sm opacity-50">‹ Trang trước</span>}
          <span>
            Trang {list.page}/{list.pageCount}
            {list.totalIsCapped ? "+" : ""}
          </span>
          {list.page < list.pageCount ? <Link className="btn-secondary btn-sm" to={hrefWith({ page: list.page + 1 })}>Trang sau ›</Link> : <span className="btn-secondary btn-sm opacity-50">Trang sau ›</span>}
        </nav>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
