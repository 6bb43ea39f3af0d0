import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { TaskStatusBadge } from "~/components/status-badge";
import { formatDate, formatDateTime } from "~/lib/dates";
import { guardLoader, parseIdParam } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getTaskFor } from "~/services/task-queries.server";

export const meta: MetaFunction = () => [{ title: "Nhiệm vụ · Phòng Họp Số" }];

const REPORT_KIND: Record<string, string> = { progress: "Báo cáo tiến độ", completion: "Báo cáo hoàn thành", accepted: "Đã nghiệm thu", returned: "Trả lại" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy nhiệm vụ.");
    return json({ task: await getTaskFor(user, id) });
  });
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 border-b border-slate-100 px-4 py-3 sm:grid-cols-[11rem_1fr]">
      <dt className="text-sm font-semibold text-slate-600">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

export default function TaskPage() {
  const { task: t } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to="/tasks" className="link">← Nhiệm vụ</Link></nav>
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <h1 className="page-title max-w-3xl">{t.starred && <span className="mr-1 text-amber-500" aria-label="Trọng tâm">★</span>}{t.content}</h1>
        <TaskStatusBadge status={t.status} />
      </div>
      <dl className="card">
        <Row label="Rõ người">{t.leadUnit?.name}{t.owner && <> · Phụ trách: {t.owner.fullName}{t.owner.title ? `, ${t.owner.title}` : ""}</>}</Row>
        <Row label="Rõ việc">
          {t.content}
          {t.directive && <div className="mt-1 text-slate-600">Theo <Link className="link" to={`/directives/${t.directive.id}`}>{t.directive.label}</Link> ngày {formatDate(t.directive.issuedOn)}: {t.directive.summary}</div>}
          {t.meeting && <div className="mt-1 text-slate-600">Từ cuộc họp <Link className="link" to={`/meetings/${t.meeting.id}`}>{t.meeting.title}</Link></div>}
          {t.parent && <div className="mt-1 text-slate-600">Thuộc nhiệm vụ <Link className="link" to={`/tasks/${t.parent.id}`}>{t.parent.content}</Link></div>}
        </Row>
        <Row label="Rõ trách nhiệm">
          Chủ trì: <strong>{t.leadUnit?.name}</strong>
          {t.coordinatingUnits.length > 0 && <> · Phối hợp: {t.coordinatingUnits.map((u) => u.name).join(", ")}</>}
          {t.assignedBy && <div className="text-slate-600">Người giao: {t.assignedBy.fullName}{t.assignedBy.title ? `, ${t.assignedBy.title}` : ""}</div>}
        </Row>
        <Row label="Rõ tiến độ">
          <div className="flex items-center gap-3">
            <div className="h-2.5 w-40 rounded bg-slate-200" aria-hidden="true"><div className="h-2.5 rounded bg-brand-600" style={{ width: `${t.progress}%` }} /></div>
            <span>{t.progress}%</span>
          </div>
          <div className="mt-1 text-slate-600">
            Thời hạn: {t.deadline ? formatDate(t.deadline) : "Không thời hạn"}
            {t.originalDeadline && t.originalDeadline !== t.deadline && <> (hạn ban đầu {formatDate(t.originalDeadline)})</>}
            {t.lastReportAt && <> · Báo cáo gần nhất: {formatDateTime(t.lastReportAt)}</>}
          </div>
        </Row>
        <Row label="Rõ hiệu quả">{t.completedOn ? <>Hoàn thành ngày {formatDate(t.completedOn)}. {t.result}</> : t.result || "Chưa có kết quả."}</Row>
      </dl>

      {t.children.length > 0 && (
        <section className="card mt-6">
          <div className="card-header"><h2 className="card-title">Nhiệm vụ con</h2></div>
          <ul className="divide-y divide-slate-100">
            {t.children.map((c) => (
              <li key={c.id} className="flex items-center justify-between gap-3 px-4 py-2 text-sm">
                <Link to={`/tasks/${c.id}`} className="hover:underline">{c.content}</Link>
                <span className="flex items-center gap-2"><span>{c.progress}%</span><TaskStatusBadge status={c.status} /></span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card mt-6">
        <div className="card-header"><h2 className="card-title">Quá trình thực hiện</h2></div>
        {t.reports.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">Chưa có báo cáo tiến độ.</p>
        ) : (
          <ol className="space-y-0 divide-y divide-slate-100">
            {t.reports.map((r) => (
              <li key={r.id} className="px-4 py-3 text-sm">
                <p><strong>{REPORT_KIND[r.kind] ?? r.kind}</strong>{r.progress != null && ` · ${r.progress}%`} — {r.author}, {formatDateTime(r.createdAt)}</p>
                {r.note && <p className="mt-1 whitespace-pre-line text-slate-700">{r.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
