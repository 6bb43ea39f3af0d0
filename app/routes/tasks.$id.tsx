import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { useSocketEvent, useSocketRoom } from "~/components/realtime-provider";
import { Badge, TaskStatusBadge } from "~/components/status-badge";
import { TaskActionForm } from "~/components/task/task-action-form";
import { TaskTimeline } from "~/components/task/task-timeline";
import { formatDate, formatDateTime } from "~/lib/dates";
import { ValidationError } from "~/lib/errors";
import { clientIp, failure, guardLoader, parseIdParam, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { receivePlainForm, receiveUpload, type ReceivedUpload } from "~/lib/uploads.server";
import { completionReportSchema, decisionSchema, extensionDecisionSchema, extensionRequestSchema, progressReportSchema, returnSchema } from "~/schemas/task";
import { getTaskFor } from "~/services/task-queries.server";
import { acceptCompletion, assertTaskAction, decideExtension, reportCompletion, reportProgress, requestExtension, returnCompletion } from "~/services/tasks.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.task.content.slice(0, 60) ?? "Nhiệm vụ"} · Phòng Họp Số` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy nhiệm vụ.");
    return json({ task: await getTaskFor(user, id) });
  });
}

const isMultipart = (request: Request) => /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
const UPLOAD_INTENTS = { progress: "task:report_progress", complete: "task:report_completion" } as const;
const MESSAGES: Record<string, string> = {
  progress: "Đã gửi báo cáo tiến độ.",
  complete: "Đã gửi báo cáo hoàn thành; chờ nghiệm thu.",
  accept: "Đã nghiệm thu hoàn thành nhiệm vụ.",
  return: "Đã trả lại báo cáo hoàn thành.",
  extend: "Đã gửi đề nghị gia hạn.",
  "decide-extension": "Đã xử lý đề nghị gia hạn.",
};

/** One service call per intent; reports with evidence files arrive as multipart. */
export async function action({ request, params }: ActionFunctionArgs) {
  let upload: ReceivedUpload | null = null;
  try {
    const actor = await requireUser(request);
    const taskId = parseIdParam(params.id, "Không tìm thấy nhiệm vụ.");
    const ip = clientIp(request);
    const intent = new URL(request.url).searchParams.get("intent") ?? "";
    if (Object.hasOwn(UPLOAD_INTENTS, intent)) await assertTaskAction(actor, taskId, UPLOAD_INTENTS[intent as keyof typeof UPLOAD_INTENTS]);
    const form = isMultipart(request) ? (upload = await receiveUpload(request, { fileField: "files" })).fields : await receivePlainForm(request);
    const files = upload?.files ?? [];
    const chosen = String(form.intent ?? intent);
    if (files.length && !Object.hasOwn(UPLOAD_INTENTS, chosen)) throw new ValidationError({ files: "Thao tác này không nhận tệp đính kèm." });
    switch (chosen) {
      case "progress":
        await reportProgress({ actor, taskId, ...parseWith(progressReportSchema, form), files, ip });
        break;
      case "complete":
        await reportCompletion({ actor, taskId, ...parseWith(completionReportSchema, form), files, ip });
        break;
      case "accept":
        await acceptCompletion({ actor, taskId, ...parseWith(decisionSchema, form), ip });
        break;
      case "return":
        await returnCompletion({ actor, taskId, ...parseWith(returnSchema, form), ip });
        break;
      case "extend":
        await requestExtension({ actor, taskId, ...parseWith(extensionRequestSchema, form), ip });
        break;
      case "decide-extension":
        await decideExtension({ actor, taskId, ...parseWith(extensionDecisionSchema, form), ip });
        break;
      default:
        throw new ValidationError({ intent: "Thao tác không hợp lệ." }, "Thao tác không hợp lệ.");
    }
    return json({ ok: true as const, message: MESSAGES[chosen] });
  } catch (e) {
    return failure(e);
  } finally {
    await upload?.discard();
  }
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="grid gap-1 border-b border-slate-100 px-4 py-3 last:border-b-0 sm:grid-cols-[11rem_1fr]">
      <dt className="text-sm font-semibold text-slate-600">{label}</dt>
      <dd className="text-sm">{children}</dd>
    </div>
  );
}

function Deadline({ t }: { t: ReturnType<typeof useLoaderData<typeof loader>>["task"] }) {
  if (t.deadlineKind === "none") return <>Không thời hạn</>;
  return (
    <>
      <strong data-testid="task-deadline">{t.deadline ? formatDate(t.deadline) : "—"}</strong>
      {t.recurrenceLabel && <> · Báo cáo {t.recurrenceLabel.toLowerCase()}</>}
      {t.originalDeadline && t.originalDeadline !== t.deadline && t.deadlineKind === "date" && (
        <span className="ml-1 text-slate-600" data-testid="task-original-deadline">(đã gia hạn; hạn ban đầu {formatDate(t.originalDeadline)})</span>
      )}
    </>
  );
}

export default function TaskPage() {
  const { task: t } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  useSocketRoom(`task:${t.id}`);
  useSocketEvent<{ taskId: number }>("task:changed", (p) => {
    if (p.taskId === t.id || t.children.some((c) => c.id === p.taskId)) revalidator.revalidate();
  });
  const v = t.viewer;
  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <nav className="mb-2 flex flex-wrap justify-between gap-2 text-sm">
        <Link to="/tasks" className="link">← Nhiệm vụ</Link>
        <span className="flex gap-3">
          {v.canAssignSubtask && <Link className="link" to={`/tasks/new?parentId=${t.id}${t.directive ? `&directiveId=${t.directive.id}` : ""}`}>+ Giao nhiệm vụ con</Link>}
          {v.canEdit && <Link className="link" to={`/tasks/${t.id}/edit`}>Sửa nhiệm vụ</Link>}
        </span>
      </nav>
      {params.get("created") && <div role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">Đã giao nhiệm vụ; đơn vị chủ trì đã được thông báo.</div>}
      <div className="mb-4 flex flex-wrap items-start justify-between gap-3">
        <h1 className="page-title max-w-3xl">{t.starred && <span className="mr-1 text-amber-500" title="Nhiệm vụ trọng tâm" aria-label="Trọng tâm">★</span>}{t.content}</h1>
        <div className="flex flex-wrap items-center gap-2" data-testid="task-status">
          <TaskStatusBadge status={t.status} />
          {t.state === "reported" && <Badge tone="amber">Chờ nghiệm thu</Badge>}
          {t.pendingExtension && <Badge tone="amber">Chờ duyệt gia hạn</Badge>}
        </div>
      </div>

      <dl className="card">
        <Row label="Rõ người">
          {t.leadUnit?.name}
          {t.owner && <> · Phụ trách: {t.owner.fullName}{t.owner.title ? `, ${t.owner.title}` : ""}</>}
        </Row>
        <Row label="Rõ việc">
          {t.content}
          {t.directive && <div className="mt-1 text-slate-600">Theo <Link className="link" to={`/directives/${t.directive.id}`}>{t.directive.label}</Link> ngày {formatDate(t.directive.issuedOn)}: {t.directive.summary}</div>}
          {t.meeting && <div className="mt-1 text-slate-600">Từ cuộc họp <Link className="link" to={`/meetings/${t.meeting.id}${t.minutesAnchor ? `?quote=${encodeURIComponent(t.minutesAnchor.slice(0, 200))}#bien-ban` : ""}`}>{t.meeting.title}</Link> ngày {formatDate(t.meeting.startsAt)}</div>}
          {t.minutesAnchor && <blockquote className="mt-2 border-l-4 border-brand-200 pl-3 italic text-slate-700" data-testid="minutes-anchor">“{t.minutesAnchor}”</blockquote>}
          {t.parent && <div className="mt-1 text-slate-600">Thuộc nhiệm vụ <Link className="link" to={`/tasks/${t.parent.id}`}>{t.parent.content}</Link></div>}
        </Row>
        <Row label="Rõ trách nhiệm">
          Chủ trì: <strong>{t.leadUnit?.name}</strong>
          {t.coordinatingUnits.length > 0 && <> · Phối hợp: {t.coordinatingUnits.map((u) => u.name).join(", ")}</>}
          {t.assignedBy && <div className="text-slate-600">Người giao: {t.assignedBy.fullName}{t.assignedBy.title ? `, ${t.assignedBy.title}` : ""}</div>}
        </Row>
        <Row label="Rõ tiến độ">
          <div className="flex items-center gap-3">
            <div className="h-2.5 w-40 rounded bg-slate-200" role="progressbar" aria-valuenow={t.progress} aria-valuemin={0} aria-valuemax={100} aria-label="Tiến độ">
              <div className="h-2.5 rounded bg-brand-600" style={{ width: `${t.progress}%` }} />
            </div>
            <span data-testid="task-progress">{t.progress}%</span>
          </div>
          <div className="mt-1 text-slate-600">
            Thời hạn: <Deadline t={t} />
            {t.lastReportAt && <> · Báo cáo gần nhất: {formatDateTime(t.lastReportAt)}</>}
          </div>
        </Row>
        <Row label="Rõ hiệu quả">
          {t.state === "completed" && t.completedOn ? (
            <>
              <p>Hoàn thành ngày <strong>{formatDate(t.completedOn)}</strong> (ngày báo cáo hoàn thành được nghiệm thu).</p>
              {t.result && <p className="mt-1 whitespace-pre-line">{t.result}</p>}
              {t.acceptedEvidence.length > 0 && (
                <ul className="mt-1 list-inside list-disc">{t.acceptedEvidence.map((d) => <li key={d.id}><a className="link" href={`/documents/${d.id}`}>{d.fileName}</a></li>)}</ul>
              )}
            </>
          ) : t.state === "reported" ? (
            <>Đã báo cáo hoàn thành, chờ nghiệm thu. {t.result && <span className="whitespace-pre-line">{t.result}</span>}</>
          ) : (
            "Chưa có kết quả."
          )}
        </Row>
      </dl>

      <div className="mt-6 grid gap-4 md:grid-cols-2">
        {v.canDecideCompletion && t.pendingCompletion && (
          <section className="card border-amber-300 md:col-span-2" aria-labelledby="decide-completion">
            <div className="card-header"><h2 id="decide-completion" className="card-title">Nghiệm thu báo cáo hoàn thành</h2></div>
            <div className="grid gap-4 p-4 md:grid-cols-2">
              <p className="text-sm md:col-span-2">{t.pendingCompletion.author} báo cáo hoàn thành lúc {formatDateTime(t.pendingCompletion.createdAt)}. Nhiệm vụ sẽ được tính hoàn thành vào ngày báo cáo này.</p>
              <TaskActionForm intent="accept" version={t.version} submit="Nghiệm thu">
                {(f) => <textarea {...f("note")} rows={2} placeholder="Ý kiến (không bắt buộc)" aria-label="Ý kiến nghiệm thu" />}
              </TaskActionForm>
              <TaskActionForm intent="return" version={t.version} submit="Trả lại" tone="secondary">
                {(f) => <textarea {...f("note")} rows={2} placeholder="Lý do trả lại (bắt buộc)" aria-label="Lý do trả lại" required />}
              </TaskActionForm>
            </div>
          </section>
        )}
        {v.canDecideExtension && t.pendingExtension && (
          <section className="card border-amber-300 md:col-span-2" aria-labelledby="decide-extension">
            <div className="card-header"><h2 id="decide-extension" className="card-title">Đề nghị gia hạn</h2></div>
            <div className="p-4">
              <p className="mb-3 text-sm">
                {t.pendingExtension.requestedBy} xin gia hạn từ {t.deadline ? formatDate(t.deadline) : "—"} đến <strong>{formatDate(t.pendingExtension.requestedDeadline)}</strong>. Lý do: {t.pendingExtension.reason}
              </p>
              <TaskActionForm intent="decide-extension" version={t.version} hidden={{ requestId: String(t.pendingExtension.id) }} choices={[["approve", "Duyệt gia hạn"], ["refuse", "Không duyệt"]]} choiceName="decision">
                {(f) => <textarea {...f("note")} rows={2} placeholder="Ý kiến (không bắt buộc)" aria-label="Ý kiến về đề nghị gia hạn" />}
              </TaskActionForm>
            </div>
          </section>
        )}
        {v.canReportProgress && (
          <section className="card" aria-labelledby="report-progress">
            <div className="card-header"><h2 id="report-progress" className="card-title">Báo cáo tiến độ</h2></div>
            <div className="p-4">
              <TaskActionForm intent="progress" upload submit="Gửi báo cáo">
                {(f) => (
                  <>
                    <label className="label" htmlFor="progress">Tiến độ (%)</label>
                    <input {...f("progress")} id="progress" type="number" min={0} max={100} step={1} defaultValue={t.progress} inputMode="numeric" />
                    <label className="label mt-3" htmlFor="progress-note">Nội dung đã thực hiện</label>
                    <textarea {...f("note")} id="progress-note" rows={3} required />
                  </>
                )}
              </TaskActionForm>
            </div>
          </section>
        )}
        {v.canReportCompletion && (
          <section className="card" aria-labelledby="report-completion">
            <div className="card-header"><h2 id="report-completion" className="card-title">Báo cáo hoàn thành</h2></div>
            <div className="p-4">
              <TaskActionForm intent="complete" upload version={t.version} submit="Báo cáo hoàn thành">
                {(f) => (
                  <>
                    <label className="label" htmlFor="result">Kết quả thực hiện</label>
                    <textarea {...f("result")} id="result" rows={4} required />
                  </>
                )}
              </TaskActionForm>
            </div>
          </section>
        )}
        {v.canRequestExtension && (
          <section className="card" aria-labelledby="request-extension">
            <div className="card-header"><h2 id="request-extension" className="card-title">Xin gia hạn</h2></div>
            <div className="p-4">
              <TaskActionForm intent="extend" submit="Gửi đề nghị gia hạn" tone="secondary">
                {(f) => (
                  <>
                    <label className="label" htmlFor="requestedDeadline">Thời hạn đề nghị</label>
                    <input {...f("requestedDeadline")} id="requestedDeadline" type="date" required />
                    <label className="label mt-3" htmlFor="extension-reason">Lý do</label>
                    <textarea {...f("reason")} id="extension-reason" rows={2} required />
                  </>
                )}
              </TaskActionForm>
            </div>
          </section>
        )}
      </div>

      {t.occurrences.length > 0 && (
        <section className="card mt-6">
          <div className="card-header"><h2 className="card-title">Các kỳ báo cáo</h2></div>
          <table className="table">
            <thead><tr><th scope="col">Kỳ</th><th scope="col">Hạn</th><th scope="col">Hoàn thành</th><th scope="col">Tình trạng</th></tr></thead>
            <tbody>
              {t.occurrences.map((o) => (
                <tr key={o.id}>
                  <td>{o.periodLabel}</td>
                  <td>{formatDate(o.deadline)}</td>
                  <td>{o.completedOn ? formatDate(o.completedOn) : o.state === "reported" ? "Chờ nghiệm thu" : "—"}</td>
                  <td><TaskStatusBadge status={o.status} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {t.children.length > 0 && (
        <section className="card mt-6">
          <div className="card-header"><h2 className="card-title">Nhiệm vụ con</h2><span className="text-xs text-slate-500">Tiến độ nhiệm vụ này là trung bình của các nhiệm vụ con</span></div>
          <ul className="divide-y divide-slate-100">
            {t.children.map((c) => (
              <li key={c.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-2 text-sm">
                <Link to={`/tasks/${c.id}`} className="hover:underline">{c.content}</Link>
                <span className="flex items-center gap-2"><span>{c.progress}%</span><TaskStatusBadge status={c.status} /></span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <TaskTimeline reports={t.reports} extensions={t.extensions} history={t.history} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
