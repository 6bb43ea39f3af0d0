import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { useSocketEvent, useSocketRoom } from "~/components/realtime-provider";
import { TaskStatusBadge } from "~/components/status-badge";
import { formatDate } from "~/lib/dates";
import { parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { can } from "~/policies";
import { listTasksFor, taskScopesFor } from "~/services/task-queries.server";

export const meta: MetaFunction = () => [{ title: "Nhiệm vụ · Phòng Họp Số" }];

const STATUS_FILTERS = [
  ["", "Tất cả tình trạng"],
  ["open_on_time", "Chưa hoàn thành – trong hạn"],
  ["due_soon", "Sắp đến hạn"],
  ["open_overdue", "Chưa hoàn thành – quá hạn"],
  ["done_on_time", "Đã hoàn thành đúng hạn"],
  ["done_late", "Đã hoàn thành quá hạn"],
  ["no_deadline", "Không thời hạn"],
  ["awaiting", "Chờ nghiệm thu"],
] as const;
const SCOPE_LABELS = { mine: "Nhiệm vụ của tôi", unit: "Của đơn vị", all: "Toàn bộ" } as const;

const querySchema = z.object({
  scope: z.enum(["mine", "unit", "all"]).optional(),
  status: z.enum(["open_on_time", "due_soon", "open_overdue", "done_on_time", "done_late", "no_deadline", "done_no_deadline", "awaiting"]).optional().catch(undefined),
  starred: z.literal("1").optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const q = parseWith(querySchema.catch({}), Object.fromEntries(new URL(request.url).searchParams));
  const scopes = taskScopesFor(user);
  const scope = q.scope && scopes.includes(q.scope) ? q.scope : scopes.includes("unit") ? "unit" : "mine";
  const starred = q.starred === "1";
  return json({ scope, scopes, status: q.status ?? "", starred, canAssign: can(user, "task:assign"), tasks: await listTasksFor(user, { scope, status: q.status, starred }) });
}

export default function Tasks() {
  const { scope, scopes, status, starred, tasks, canAssign } = useLoaderData<typeof loader>();
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
      <Form method="get" className="mb-4 flex flex-wrap items-end gap-3">
        <div className="flex gap-2" role="group" aria-label="Phạm vi">
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
                  <td>{i + 1}</td>
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
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
