import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { guardLoader } from "~/lib/http.server";
import { TASK_STATUS_LABELS, type TaskStatusCode } from "~/lib/task-status";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { listTasksFor } from "~/services/task-queries.server";

export const meta: MetaFunction = () => [{ title: "Báo cáo · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "reports:view");
    const tasks = await listTasksFor(user, { scope: "all", limit: 100_000 });
    const counts = Object.fromEntries(Object.keys(TASK_STATUS_LABELS).map((k) => [k, 0])) as Record<TaskStatusCode, number>;
    for (const t of tasks) counts[t.status.code]++;
    const dueSoon = tasks.filter((t) => t.status.dueSoon).length;
    return json({ total: tasks.length, counts, dueSoon });
  });
}

export default function Reports() {
  const { total, counts, dueSoon } = useLoaderData<typeof loader>();
  const done = counts.done_on_time + counts.done_late;
  const withDeadlineDone = done || 1;
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <PageHeader title="Báo cáo tình hình thực hiện nhiệm vụ" description="Tổng hợp toàn thành phố theo cách tính của báo cáo hành chính." />
      <p className="mb-4 rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        Bản tổng hợp nhanh. Bảng điều khiển theo kỳ, theo đơn vị, biểu đồ và xuất Excel sẽ có ở bản cập nhật tiếp theo.
      </p>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {(["done_on_time", "done_late", "open_on_time", "open_overdue", "no_deadline"] as const).map((code) => (
          <Link key={code} to={`/tasks?scope=all&status=${code}`} className="card p-4 hover:border-brand-300">
            <div className="text-sm text-slate-600">{TASK_STATUS_LABELS[code].vi}</div>
            <div className="text-3xl font-bold text-brand-900">{counts[code]}</div>
          </Link>
        ))}
        <Link to="/tasks?scope=all&status=due_soon" className="card p-4 hover:border-brand-300">
          <div className="text-sm text-slate-600">Sắp đến hạn (3 ngày)</div>
          <div className="text-3xl font-bold text-amber-700">{dueSoon}</div>
        </Link>
        <div className="card p-4">
          <div className="text-sm text-slate-600">Tỷ lệ hoàn thành đúng hạn</div>
          <div className="text-3xl font-bold text-green-700">{done ? Math.round((counts.done_on_time / withDeadlineDone) * 100) : 0}%</div>
        </div>
        <div className="card p-4">
          <div className="text-sm text-slate-600">Tổng số nhiệm vụ</div>
          <div className="text-3xl font-bold">{total}</div>
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
