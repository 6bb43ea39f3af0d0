import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useRevalidator, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { useSocketEvent, useSocketRoom } from "~/components/realtime-provider";
import { TrendChart, UNITS_CHART_MAX, UnitsChart } from "~/components/report/charts";
import { formatDateOnly, formatTime } from "~/lib/dates";
import { guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { formatRate, TASK_STATUS_LABELS } from "~/lib/task-status";
import { reportQuerySchema, reportSearchParams, type ReportQuery } from "~/schemas/report";
import { taskListHref } from "~/schemas/task-list";
import { dashboardReportFor, reportFormOptions } from "~/services/reports.server";

export const meta: MetaFunction = () => [{ title: "Báo cáo · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const q = parseWith(reportQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
    const [report, options] = await Promise.all([dashboardReportFor(user, q), reportFormOptions(user, q)]);
    return json({ q, report, options });
  });
}

const num = (n: number) => n.toLocaleString("vi-VN");

/** A count that opens the tasks behind it; a zero opens nothing (an empty list says nothing more). */
function CountLink({ n, to, className }: { n: number; to: string; className: string }) {
  return n ? <Link className={className} to={to}>{num(n)}</Link> : <>0</>;
}

const CARDS = [
  ["done_on_time", "text-green-700"],
  ["done_late", "text-amber-700"],
  ["open_on_time", "text-blue-700"],
  ["open_overdue", "text-red-700"],
  ["no_deadline", "text-slate-700"],
] as const;

type SortKey = "onTimeRate" | "updateRate" | "total";
/** The ranking opens on its first rows (a city has dozens of units); the rest are one click away. */
const RANKING_FIRST_ROWS = 20;

export default function Reports() {
  const { q, report, options } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const navigate = useNavigate();
  const submit = useSubmit();
  const [sort, setSort] = useState<SortKey>("onTimeRate");
  const [allUnits, setAllUnits] = useState(false);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Live: any task change anywhere may move a number; refresh at most once a second.
  useSocketRoom("tasks:all");
  useSocketEvent("task:changed", () => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      revalidator.revalidate();
    }, 1000);
  });
  // Numbers shown while the current ones are still being counted: ask again shortly.
  useEffect(() => {
    if (report.fresh) return;
    const again = setTimeout(() => revalidator.revalidate(), 1000);
    return () => clearTimeout(again);
  }, [report.fresh, report.computedAt]); // eslint-disable-line react-hooks/exhaustive-deps

  const query = q as ReportQuery;
  const drill = (status?: string, over: Partial<ReportQuery> = {}) => taskListHref({ scope: "all", status, report: { ...query, ...over } });
  const unitQuery = (unitId: number, includesSubunits: boolean): Partial<ReportQuery> => ({ scope: "unit", unitId, subunits: includesSubunits, bodyId: undefined, directiveId: undefined });
  const t = report.totals;
  const ranked = [...report.units].sort((a, b) => (b[sort] ?? -1) - (a[sort] ?? -1) || b.total - a.total);
  const units = allUnits ? ranked : ranked.slice(0, RANKING_FIRST_ROWS);
  const exportHref = (format: "xlsx" | "csv") => `/reports/export/${format}?${reportSearchParams(query)}`;

  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <PageHeader
        title="Báo cáo tình hình thực hiện nhiệm vụ"
        description={
          <>
            {`${report.period.label} · ${report.scope} · số liệu tính đến ngày ${formatDateOnly(report.period.asOf)}`}
            {!report.fresh && (
              <span className="ml-2 inline-block rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900" role="status">
                Đang cập nhật số liệu mới — đang hiển thị số liệu lúc {formatTime(report.computedAt)}
              </span>
            )}
          </>
        }
        actions={
          <>
            <a className="btn-secondary" href={exportHref("xlsx")} download>Xuất Excel</a>
            <a className="btn-secondary" href={exportHref("csv")} download>Xuất CSV</a>
          </>
        }
      />

      <Form method="get" className="card mb-6 grid gap-3 p-4 sm:grid-cols-2 lg:grid-cols-6" onChange={(e) => submit(e.currentTarget, { replace: true })} aria-label="Bộ lọc báo cáo">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Kỳ báo cáo</span>
          <select name="period" defaultValue={query.period} className="input w-full">
            <option value="month">Tháng</option>
            <option value="quarter">Quý</option>
            <option value="year">Năm</option>
            <option value="custom">Tùy chọn</option>
          </select>
        </label>
        {query.period !== "custom" ? (
          <label className="text-sm">
            <span className="mb-1 block font-medium">Năm</span>
            <input name="year" type="number" min={2000} max={2100} defaultValue={report.period.from.slice(0, 4)} className="input w-full" />
          </label>
        ) : null}
        {query.period === "month" && (
          <label className="text-sm">
            <span className="mb-1 block font-medium">Tháng</span>
            <select name="month" defaultValue={Number(report.period.from.slice(5, 7))} className="input w-full">
              {Array.from({ length: 12 }, (_, i) => <option key={i} value={i + 1}>Tháng {i + 1}</option>)}
            </select>
          </label>
        )}
        {query.period === "quarter" && (
          <label className="text-sm">
            <span className="mb-1 block font-medium">Quý</span>
            <select name="quarter" defaultValue={Math.floor((Number(report.period.from.slice(5, 7)) - 1) / 3) + 1} className="input w-full">
              {["I", "II", "III", "IV"].map((r, i) => <option key={r} value={i + 1}>Quý {r}</option>)}
            </select>
          </label>
        )}
        {query.period === "custom" && (
          <>
            <label className="text-sm">
              <span className="mb-1 block font-medium">Từ ngày</span>
              <input name="from" type="date" defaultValue={report.period.from} className="input w-full" />
            </label>
            <label className="text-sm">
              <span className="mb-1 block font-medium">Đến ngày</span>
              <input name="to" type="date" defaultValue={report.period.to} className="input w-full" />
            </label>
          </>
        )}
        <label className="text-sm">
          <span className="mb-1 block font-medium">Phạm vi</span>
          <select name="scope" defaultValue={query.scope} className="input w-full">
            <option value="city">Toàn thành phố</option>
            <option value="body">Theo cơ quan</option>
            <option value="directive">Theo văn bản</option>
            <option value="unit">Theo đơn vị</option>
          </select>
        </label>
        {query.scope === "body" && (
          <label className="text-sm lg:col-span-2">
            <span className="mb-1 block font-medium">Cơ quan</span>
            <select name="bodyId" defaultValue={query.bodyId ?? ""} className="input w-full">
              {options.bodies.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
            </select>
          </label>
        )}
        {query.scope === "directive" && (
          <label className="text-sm lg:col-span-2">
            <span className="mb-1 block font-medium">Văn bản</span>
            <select name="directiveId" defaultValue={query.directiveId ?? ""} className="input w-full">
              {options.directives.map((d) => <option key={d.id} value={d.id}>{d.label}</option>)}
            </select>
          </label>
        )}
        {query.scope === "unit" && (
          <>
            <label className="text-sm lg:col-span-2">
              <span className="mb-1 block font-medium">Đơn vị</span>
              <select name="unitId" defaultValue={query.unitId ?? ""} className="input w-full">
                {options.units.map((u) => <option key={u.id} value={u.id}>{"\u00a0\u00a0".repeat(u.depth)}{u.name}</option>)}
              </select>
            </label>
            <label className="flex items-center gap-2 self-end pb-2 text-sm">
              <input type="checkbox" name="subunits" value="1" defaultChecked={query.subunits} /> Gồm đơn vị trực thuộc
            </label>
          </>
        )}
        <noscript><button className="btn-primary">Xem báo cáo</button></noscript>
      </Form>

      <section aria-labelledby="totals" className="mb-6">
        <h2 id="totals" className="sr-only">Tổng hợp</h2>
        <div className="grid gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Link to={drill()} className="card p-4 hover:border-brand-300" data-testid="card-total">
            <div className="text-sm text-slate-600">Tổng số nhiệm vụ</div>
            <div className="text-4xl font-bold text-slate-900">{num(t.total)}</div>
          </Link>
          {CARDS.map(([code, tone]) => (
            <div key={code} className="card p-4" data-testid={`card-${code}`}>
              <Link to={drill(code)} className="block hover:underline">
                <div className="text-sm text-slate-600">{TASK_STATUS_LABELS[code].vi}</div>
                <div className={`text-4xl font-bold ${tone}`}>{num(t[code])}</div>
              </Link>
              {code === "no_deadline" && t.done_no_deadline > 0 && (
                <Link to={drill("done_no_deadline")} className="text-xs text-slate-500 hover:underline">+ {num(t.done_no_deadline)} đã hoàn thành (không thời hạn)</Link>
              )}
            </div>
          ))}
        </div>
        <div className="mt-3 grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
          <div className="card p-4" data-testid="card-on-time-rate">
            <div className="text-sm text-slate-600" title="Đã hoàn thành đúng hạn ÷ (đã hoàn thành có thời hạn + chưa hoàn thành quá hạn)">Tỷ lệ hoàn thành đúng hạn</div>
            <div className="text-4xl font-bold text-green-700">{formatRate(t.onTimeRate)}</div>
          </div>
          <div className="card p-4" data-testid="card-update-rate">
            <div className="text-sm text-slate-600" title="Nhiệm vụ chưa hoàn thành có báo cáo tiến độ trong 30 ngày gần nhất">Tỷ lệ cập nhật tiến độ (30 ngày)</div>
            <div className="text-4xl font-bold text-brand-800">{formatRate(t.updateRate)}</div>
            <div className="text-xs text-slate-500">{num(t.updated)}/{num(t.open)} nhiệm vụ đang thực hiện</div>
          </div>
          <Link to={drill("due_soon")} className="card p-4 hover:border-brand-300" data-testid="card-due-soon">
            <div className="text-sm text-slate-600">Sắp đến hạn (3 ngày)</div>
            <div className="text-4xl font-bold text-amber-700">{num(t.dueSoon)}</div>
          </Link>
          <div className="card p-4" data-testid="card-meetings">
            <div className="text-sm text-slate-600">Cuộc họp đã tổ chức · biên bản đã duyệt</div>
            <div className="text-4xl font-bold text-slate-900">
              {num(report.meetings.held)} <span className="text-2xl text-slate-500">· {num(report.meetings.minutesApproved)}</span>
            </div>
          </div>
        </div>
      </section>

      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <section className="card p-4" aria-labelledby="by-unit">
          <h2 id="by-unit" className="mb-2 text-lg font-semibold">
            Theo đơn vị chủ trì{report.units.length > UNITS_CHART_MAX && <span className="text-sm font-normal text-slate-500"> · {UNITS_CHART_MAX} đơn vị nhiều nhiệm vụ nhất</span>}
          </h2>
          {units.length ? (
            <UnitsChart
              units={report.units}
              onSelect={(i, status) => {
                const u = report.units[i];
                if (u) navigate(drill(status, unitQuery(u.unitId, u.includesSubunits)));
              }}
            />
          ) : (
            <p className="text-sm text-slate-500">Không có nhiệm vụ trong kỳ.</p>
          )}
        </section>
        <section className="card p-4" aria-labelledby="trend">
          <h2 id="trend" className="mb-2 text-lg font-semibold">Xu hướng theo tháng giao</h2>
          <TrendChart points={report.trend} />
        </section>
      </div>

      <section className="card mb-6 overflow-x-auto" aria-labelledby="ranking">
        <div className="flex flex-wrap items-center justify-between gap-2 px-4 pt-4">
          <h2 id="ranking" className="text-lg font-semibold">Xếp hạng đơn vị</h2>
          <div className="flex gap-2 text-sm" role="group" aria-label="Xếp theo">
            {([["onTimeRate", "Tỷ lệ đúng hạn"], ["updateRate", "Tỷ lệ cập nhật"], ["total", "Số nhiệm vụ"]] as const).map(([k, l]) => (
              <button key={k} type="button" className={sort === k ? "btn-primary btn-sm" : "btn-secondary btn-sm"} aria-pressed={sort === k} onClick={() => setSort(k)}>{l}</button>
            ))}
          </div>
        </div>
        <table className="table mt-2" data-testid="unit-ranking">
          <thead>
            <tr>
              <th scope="col">STT</th>
              <th scope="col">Đơn vị</th>
              <th scope="col" className="text-right">Tổng số</th>
              <th scope="col" className="text-right">Đúng hạn</th>
              <th scope="col" className="text-right">Quá hạn (đã xong)</th>
              <th scope="col" className="text-right">Trong hạn</th>
              <th scope="col" className="text-right">Quá hạn</th>
              <th scope="col" className="text-right">Không thời hạn</th>
              <th scope="col" className="text-right">Tỷ lệ đúng hạn</th>
              <th scope="col" className="text-right">Tỷ lệ cập nhật</th>
            </tr>
          </thead>
          <tbody>
            {units.map((u, i) => {
              const uq = unitQuery(u.unitId, u.includesSubunits);
              return (
                <tr key={`${u.unitId}-${u.includesSubunits}`}>
                  <td>{i + 1}</td>
                  <td>
                    {u.includesSubunits ? (
                      <Link className="link" to={`/reports?${reportSearchParams({ ...query, ...uq })}`} title="Xem báo cáo của đơn vị">{u.name}</Link>
                    ) : (
                      u.name
                    )}
                  </td>
                  <td className="text-right"><CountLink className="link" n={u.total} to={drill(undefined, uq)} /></td>
                  <td className="text-right"><CountLink className="link" n={u.done_on_time} to={drill("done_on_time", uq)} /></td>
                  <td className="text-right"><CountLink className="link" n={u.done_late} to={drill("done_late", uq)} /></td>
                  <td className="text-right"><CountLink className="link" n={u.open_on_time} to={drill("open_on_time", uq)} /></td>
                  <td className="text-right"><CountLink className="link font-semibold text-red-700" n={u.open_overdue} to={drill("open_overdue", uq)} /></td>
                  <td className="text-right">{num(u.no_deadline + u.done_no_deadline)}</td>
                  <td className="text-right">{formatRate(u.onTimeRate)}</td>
                  <td className="text-right">{formatRate(u.updateRate)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {ranked.length > RANKING_FIRST_ROWS && (
          <div className="px-4 pb-4">
            <button type="button" className="btn-secondary btn-sm" aria-expanded={allUnits} onClick={() => setAllUnits(!allUnits)}>
              {allUnits ? `Thu gọn (${RANKING_FIRST_ROWS} đơn vị đầu)` : `Xem tất cả ${num(ranked.length)} đơn vị`}
            </button>
          </div>
        )}
      </section>

      <section className="card overflow-x-auto" aria-labelledby="overdue">
        <div className="flex items-center justify-between px-4 pt-4">
          <h2 id="overdue" className="text-lg font-semibold">Nhiệm vụ quá hạn ({num(report.overdue.total)})</h2>
          {report.overdue.total > report.overdue.rows.length && <Link className="link text-sm" to={drill("open_overdue")}>Xem tất cả</Link>}
        </div>
        {report.overdue.rows.length ? (
          <table className="table mt-2" data-testid="overdue-list">
            <thead>
              <tr>
                <th scope="col">STT</th>
                <th scope="col">Nội dung nhiệm vụ</th>
                <th scope="col" className="hidden md:table-cell">Văn bản giao</th>
                <th scope="col">Đơn vị chủ trì</th>
                <th scope="col">Thời hạn</th>
                <th scope="col" className="text-right">Số ngày quá hạn</th>
              </tr>
            </thead>
            <tbody>
              {report.overdue.rows.map((r, i) => (
                <tr key={r.id}>
                  <td>{i + 1}</td>
                  <td className="min-w-[16rem] max-w-xl"><Link className="hover:underline" to={`/tasks/${r.id}`}>{r.content}</Link></td>
                  <td className="hidden whitespace-nowrap md:table-cell">{r.directive ? <Link className="link" to={`/directives/${r.directive.id}`}>{r.directive.label}</Link> : "—"}</td>
                  <td>{r.leadUnitName}</td>
                  <td className="whitespace-nowrap">{formatDateOnly(r.deadline)}</td>
                  <td className="text-right font-semibold text-red-700">{num(r.daysOverdue)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="px-4 py-6 text-sm text-slate-500">Không có nhiệm vụ quá hạn.</p>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
