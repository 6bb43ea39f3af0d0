import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { DirectiveStatusField, ReplacementSelect } from "~/components/directive-form";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage } from "~/components/form";
import { useSocketEvent, useSocketRoom } from "~/components/realtime-provider";
import { Badge, TaskStatusBadge } from "~/components/status-badge";
import { TaskRowsFieldset } from "~/components/task-rows-fieldset";
import type { CurrentUser } from "~/lib/current-user";
import { formatDate, todayInHanoi } from "~/lib/dates";
import { DIRECTIVE_KIND_INFO } from "~/lib/directive-number";
import { ValidationError } from "~/lib/errors";
import { clientIp, failure, guardLoader, parseIdParam, parseWith, readForm, type ActionFailure } from "~/lib/http.server";
import { CONFIDENTIALITY_LABELS, DIRECTIVE_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { directiveStatusSchema, parseTaskRowsSubmission } from "~/schemas/directive";
import { directiveFormOptions, getDirectiveFor } from "~/services/directive-queries.server";
import { assignDirectiveTasks, setDirectiveStatus } from "~/services/directives.server";
import { taskFormOptions } from "~/services/tasks.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.directive.label ?? "Văn bản"} · Phòng Họp Số` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy văn bản.");
    const directive = await getDirectiveFor(user, id);
    const [taskOptions, statusOptions] = await Promise.all([
      directive.viewer.canAssign ? taskFormOptions(user, { directiveId: id, meetingId: null, minutesAnchor: null }) : null,
      directive.viewer.canEdit ? directiveFormOptions(user, { excludeId: id }) : null,
    ]);
    return json({
      directive,
      taskOptions: taskOptions && { units: taskOptions.units, users: taskOptions.users },
      replacements: statusOptions?.directives ?? [],
      today: todayInHanoi(),
    });
  });
}

type Form = Record<string, FormDataEntryValue | FormDataEntryValue[]>;

/** One service call per intent; the page refreshes from the live events the services emit. */
const intents: Record<string, (actor: CurrentUser, directiveId: number, form: Form, ip: string | null) => Promise<string>> = {
  assign: async (actor, directiveId, f, ip) => {
    const created = await assignDirectiveTasks({ actor, directiveId, tasks: parseTaskRowsSubmission(f), ip });
    return `Đã giao ${created.length} nhiệm vụ.`;
  },
  status: async (actor, directiveId, f, ip) => {
    const input = parseWith(directiveStatusSchema, f);
    const d = await setDirectiveStatus({ actor, directiveId, ...input, ip });
    return `Đã cập nhật hiệu lực: ${DIRECTIVE_STATUS_LABELS[d.status].toLowerCase()}.`;
  },
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const id = parseIdParam(params.id, "Không tìm thấy văn bản.");
    const form = await readForm(request);
    const run = intents[String(form.intent)];
    if (!run) return failure(new ValidationError({ intent: "Thao tác không hợp lệ." }));
    const message = await run(user, id, form, clientIp(request));
    return json({ ok: true as const, message });
  } catch (e) {
    return failure(e);
  }
}

type Result = ActionFailure | { ok: true; message: string };

function statusTone(status: string) {
  return status === "active" ? "green" : status === "replaced" ? "amber" : "slate";
}

export default function DirectivePage() {
  const { directive: d, taskOptions, replacements, today } = useLoaderData<typeof loader>();
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  useSocketRoom(`directive:${d.id}`);
  useSocketEvent<{ directiveId: number | null }>("task:changed", (p) => {
    if (p.directiveId === d.id) revalidator.revalidate();
  });
  useSocketEvent<{ directiveId: number }>("directive:changed", (p) => {
    if (p.directiveId === d.id) revalidator.revalidate();
  });
  const created = params.get("created");
  const done = d.tasks.filter((t) => t.status.completed).length;
  const overdue = d.tasks.filter((t) => t.status.code === "open_overdue").length;

  return (
    <div className="mx-auto max-w-6xl px-4 py-6">
      <nav className="mb-2 flex flex-wrap justify-between gap-2 text-sm">
        <Link to="/directives" className="link">← Văn bản chỉ đạo</Link>
        <span className="flex gap-4">
          {d.viewer.canViewReport && (
            <Link className="link" to={`/reports?period=custom&from=${d.issuedOn}&to=${todayInHanoi()}&scope=directive&directiveId=${d.id}`}>Báo cáo thực hiện</Link>
          )}
          {d.viewer.canEdit && <Link className="link" to={`/directives/${d.id}/edit`}>Sửa văn bản</Link>}
        </span>
      </nav>
      {created !== null && (
        <div role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Đã ghi sổ văn bản{Number(created) > 0 ? ` và giao ${created} nhiệm vụ` : ""}.
        </div>
      )}
      {params.get("updated") !== null && (
        <div role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">Đã lưu thay đổi.</div>
      )}

      <p className="text-sm text-slate-500">
        {DIRECTIVE_KIND_INFO[d.kind]?.name} · {d.issuer} · Số {d.label} · ngày {formatDate(d.issuedOn)}
      </p>
      <h1 className="page-title max-w-4xl">{d.summary}</h1>
      <div className="mt-2 flex flex-wrap items-center gap-1" data-testid="directive-status">
        <Badge tone={statusTone(d.status)}>{DIRECTIVE_STATUS_LABELS[d.status]}</Badge>
        {d.replacedBy && (
          <span className="text-sm">
            bởi <Link className="link" to={`/directives/${d.replacedBy.id}`}>{d.replacedBy.label}</Link>
          </span>
        )}
        {d.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[d.confidentiality]}</Badge>}
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-3">
        <section className="card p-4 lg:col-span-1" aria-labelledby="info-title">
          <h2 id="info-title" className="card-title mb-3">Thông tin văn bản</h2>
          <dl className="grid grid-cols-[7.5rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">Số, ký hiệu</dt>
            <dd className="font-medium">{d.label}</dd>
            <dt className="text-slate-500">Loại</dt>
            <dd>{DIRECTIVE_KIND_INFO[d.kind]?.name}</dd>
            <dt className="text-slate-500">Ngày ban hành</dt>
            <dd>{formatDate(d.issuedOn)}</dd>
            <dt className="text-slate-500">Cơ quan ban hành</dt>
            <dd>{d.issuer}</dd>
            <dt className="text-slate-500">Người ký</dt>
            <dd>{d.signer ?? "—"}</dd>
            <dt className="text-slate-500">Độ mật</dt>
            <dd>{CONFIDENTIALITY_LABELS[d.confidentiality]}</dd>
            {d.sourceMeeting && (
              <>
                <dt className="text-slate-500">Từ cuộc họp</dt>
                <dd><Link className="link" to={`/meetings/${d.sourceMeeting.id}`}>{d.sourceMeeting.title}</Link></dd>
              </>
            )}
            {d.replaces.length > 0 && (
              <>
                <dt className="text-slate-500">Thay thế</dt>
                <dd className="space-y-1">
                  {d.replaces.map((r) => (
                    <div key={r.id}><Link className="link" to={`/directives/${r.id}`}>{r.label}</Link></div>
                  ))}
                </dd>
              </>
            )}
            {d.createdBy && (
              <>
                <dt className="text-slate-500">Người ghi sổ</dt>
                <dd>{d.createdBy}</dd>
              </>
            )}
          </dl>
          {d.viewer.canEdit && <StatusForm directive={d} replacements={replacements} />}
        </section>
        <section className="card p-4 lg:col-span-2" aria-labelledby="body-title">
          <h2 id="body-title" className="card-title mb-3">Toàn văn</h2>
          {d.body ? (
            <div className="minutes-doc max-w-none" dangerouslySetInnerHTML={{ __html: d.body }} />
          ) : (
            <p className="text-sm text-slate-500">Chưa nhập toàn văn.</p>
          )}
        </section>
      </div>

      <section className="card mt-6" aria-labelledby="tasks-title">
        <div className="card-header flex-wrap">
          <h2 id="tasks-title" className="card-title">Nhiệm vụ được giao ({d.tasks.length})</h2>
          {d.tasks.length > 0 && (
            <p className="text-sm text-slate-600">
              {done}/{d.tasks.length} hoàn thành{overdue > 0 && <span className="text-flag-700"> · {overdue} quá hạn</span>}
            </p>
          )}
        </div>
        {d.tasks.length === 0 ? (
          <p className="px-4 py-4 text-sm text-slate-500">Chưa có nhiệm vụ nào{d.hiddenTaskCount > 0 ? " bạn được xem" : ""}.</p>
        ) : (
          <>
            <div className="hidden overflow-x-auto md:block">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">STT</th>
                    <th scope="col">Nội dung nhiệm vụ</th>
                    <th scope="col">Chủ trì</th>
                    <th scope="col" className="hidden lg:table-cell">Phối hợp</th>
                    <th scope="col">Thời hạn</th>
                    <th scope="col" className="min-w-[11rem]">Tình trạng</th>
                  </tr>
                </thead>
                <tbody>
                  {d.tasks.map((t, i) => (
                    <tr key={t.id}>
                      <td>{i + 1}</td>
                      <td className="min-w-[16rem]">
                        {t.starred && <span className="mr-1 text-amber-500" aria-label="Trọng tâm">★</span>}
                        <Link className="hover:underline" to={`/tasks/${t.id}`}>{t.content}</Link>
                        {t.ownerName && <div className="text-xs text-slate-500">Phụ trách: {t.ownerName}</div>}
                      </td>
                      <td className="min-w-[7rem]">{t.leadUnitName}</td>
                      <td className="hidden min-w-[8rem] lg:table-cell">{t.coordinating.join(", ") || "—"}</td>
                      <td className="whitespace-nowrap"><Deadline t={t} /></td>
                      <td>
                        <TaskStatusBadge status={t.status} />
                        {!t.status.completed && t.progress > 0 && <div className="mt-1 text-xs text-slate-500">Tiến độ {t.progress}%</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ol className="divide-y divide-slate-100 md:hidden">
              {d.tasks.map((t, i) => (
                <li key={t.id} className="px-4 py-3 text-sm">
                  <p>
                    <span className="mr-1 text-slate-500">{i + 1}.</span>
                    {t.starred && <span className="mr-1 text-amber-500" aria-label="Trọng tâm">★</span>}
                    <Link className="hover:underline" to={`/tasks/${t.id}`}>{t.content}</Link>
                  </p>
                  <p className="mt-1 text-slate-600">
                    Chủ trì: {t.leadUnitName}
                    {t.coordinating.length > 0 && <> · Phối hợp: {t.coordinating.join(", ")}</>}
                  </p>
                  <div className="mt-1 flex flex-wrap items-center gap-2">
                    <span className="text-slate-600"><Deadline t={t} /></span>
                    <TaskStatusBadge status={t.status} />
                  </div>
                </li>
              ))}
            </ol>
          </>
        )}
        {d.hiddenTaskCount > 0 && (
          <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
            Văn bản còn {d.hiddenTaskCount} nhiệm vụ của đơn vị khác không hiển thị với bạn.
          </p>
        )}
      </section>

      {taskOptions && d.viewer.canAssign && <AssignForm directiveId={d.id} options={taskOptions} today={today} issuedOn={d.issuedOn} />}
    </div>
  );
}

const RECURRENCE_WORDS: Record<string, string> = { monthly: "Hằng tháng", quarterly: "Hằng quý", yearly: "Hằng năm" };

function Deadline({ t }: { t: { deadlineKind: string; deadline: string | null; recurrence: string | null } }) {
  if (!t.deadline) return <>Không thời hạn</>;
  if (t.deadlineKind === "recurring") return <>{RECURRENCE_WORDS[t.recurrence ?? ""] ?? "Định kỳ"}, kỳ tới {formatDate(t.deadline)}</>;
  return <>{formatDate(t.deadline)}</>;
}

/** Giao nhiệm vụ: several rows in one form, all or nothing. */
function AssignForm({ directiveId, options, today, issuedOn }: { directiveId: number; options: NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["taskOptions"]>; today: string; issuedOn: string }) {
  const fetcher = useFetcher<Result>();
  const [round, setRound] = useState(0);
  const last = useRef<Result | undefined>();
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data && fetcher.data !== last.current) {
      last.current = fetcher.data;
      if (fetcher.data.ok) setRound((r) => r + 1);
    }
  }, [fetcher.state, fetcher.data]);
  const busy = fetcher.state !== "idle";
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (failed) setOpen(true);
  }, [failed]);
  return (
    <details className="card group mt-6" open={open} onToggle={(e) => setOpen(e.currentTarget.open)} data-testid="assign-tasks">
      <summary className="flex cursor-pointer list-none items-center justify-between gap-2 px-4 py-3 sm:px-6">
        <span>
          <span className="card-title">Giao nhiệm vụ</span>
          <span className="block text-sm text-slate-600">Giao thêm một hoặc nhiều nhiệm vụ theo văn bản này.</span>
        </span>
        <span className="btn-secondary btn-sm shrink-0 group-open:hidden">+ Giao nhiệm vụ</span>
        <span className="hidden text-sm text-slate-500 group-open:inline">Thu gọn</span>
      </summary>
      <div className="border-t border-slate-200 px-4 pb-4 pt-4 sm:px-6">
        <FormMessage result={fetcher.state === "idle" ? fetcher.data : undefined} />
        <fetcher.Form method="post" action={`/directives/${directiveId}`} className="space-y-4" noValidate key={round}>
          <input type="hidden" name="intent" value="assign" />
          <TaskRowsFieldset
            options={options}
            errors={failed?.fields}
            minRows={3}
            legend="Các nhiệm vụ"
            hint={`Thời hạn không trước ngày ban hành (${formatDate(issuedOn)}) và không trước hôm nay. Dòng để trống được bỏ qua; có lỗi ở một dòng thì chưa nhiệm vụ nào được giao.`}
            minDeadline={today > issuedOn ? today : issuedOn}
          />
          <button type="submit" className="btn-primary" disabled={busy}>{busy ? "Đang giao…" : "Giao nhiệm vụ"}</button>
        </fetcher.Form>
      </div>
    </details>
  );
}

/** Hết hiệu lực / được thay thế bởi …, with the version the page was loaded at. */
function StatusForm({ directive: d, replacements }: { directive: { id: number; status: string; version: number; replacedBy: { id: number } | null }; replacements: { id: number; label: string; issuer: string; summary: string }[] }) {
  const fetcher = useFetcher<Result>();
  const [status, setStatus] = useState(d.status);
  useEffect(() => setStatus(d.status), [d.status, d.version]);
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  return (
    <fetcher.Form method="post" action={`/directives/${d.id}`} className="mt-4 space-y-3 border-t border-slate-200 pt-4" noValidate>
      <input type="hidden" name="intent" value="status" />
      <input type="hidden" name="version" value={d.version} />
      <FormMessage result={fetcher.state === "idle" ? fetcher.data : undefined} />
      <DirectiveStatusField status={status} onChange={setStatus} error={failed?.fields?.status} />
      {status === "replaced" && <ReplacementSelect directives={replacements} defaultValue={d.replacedBy?.id ?? null} error={failed?.fields?.replacedById} />}
      <button type="submit" className="btn-secondary btn-sm" disabled={fetcher.state !== "idle"}>Cập nhật hiệu lực</button>
    </fetcher.Form>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
