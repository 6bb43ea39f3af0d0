import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage, PageHeader } from "~/components/form";
import { formatDateTime } from "~/lib/dates";
import { failure, guardLoader, parseForm, parseIdParam, type ActionFailure } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { idField } from "~/schemas/common";
import { getMeetingFor } from "~/services/meeting-queries.server";
import { diffMinutesVersion, getMinutesVersion, listMinutesVersions, minutesRights, restoreMinutesVersion } from "~/services/minutes.server";

export const meta: MetaFunction = () => [{ title: "Phiên bản biên bản · Phòng Họp Số" }];

const REASONS: Record<string, string> = { finalize: "Hoàn thiện", approve: "Duyệt", periodic: "Tự động (10 phút)", restore: "Sau khôi phục", manual: "Lưu thủ công" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const meeting = await getMeetingFor(user, id);
    const versions = await listMinutesVersions(user, id);
    const v = new URL(request.url).searchParams.get("v");
    const selectedId = v && /^\d+$/.test(v) ? Number(v) : versions[0]?.id;
    const selected = selectedId ? await getMinutesVersion(user, id, selectedId) : null;
    const diff = selected ? await diffMinutesVersion(user, id, selected.id) : [];
    const rights = await minutesRights(user, id);
    return json({ meeting: { id: meeting.id, title: meeting.title }, versions, selected, diff, canRestore: rights.canManage && rights.status === "draft" });
  });
}

const restoreSchema = z.object({ versionId: idField("Phiên bản không hợp lệ.") });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const id = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const { versionId } = await parseForm(request, restoreSchema);
    await restoreMinutesVersion({ actor: user, meetingId: id, versionId });
    return redirect(`/meetings/${id}?restored=${versionId}`);
  } catch (e) {
    return failure(e);
  }
}

export default function MinutesVersions() {
  const { meeting, versions, selected, diff, canRestore } = useLoaderData<typeof loader>();
  const result = useActionData<ActionFailure>();
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to={`/meetings/${meeting.id}`} className="link">← {meeting.title}</Link></nav>
      <PageHeader title="Phiên bản biên bản" description="Bản chụp khi hoàn thiện, khi duyệt và 10 phút một lần trong lúc soạn. Khôi phục là một lần sửa mới mà mọi người đều thấy." />
      <FormMessage result={result} />
      <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
        <nav aria-label="Danh sách phiên bản" className="card self-start">
          {versions.length === 0 ? (
            <p className="p-4 text-sm text-slate-500">Chưa có phiên bản nào.</p>
          ) : (
            <ul className="divide-y divide-slate-100 text-sm">
              {versions.map((v) => (
                <li key={v.id}>
                  <Link to={`?v=${v.id}`} aria-current={selected?.id === v.id ? "page" : undefined} className={`block px-4 py-2 hover:bg-slate-50 ${selected?.id === v.id ? "bg-brand-50 font-semibold" : ""}`}>
                    {formatDateTime(v.createdAt)}
                    <span className="block text-xs text-slate-500">{REASONS[v.reason] ?? v.reason}{v.createdBy ? ` · ${v.createdBy}` : ""}</span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </nav>
        {selected && (
          <div className="space-y-6">
            <section className="card" aria-labelledby="diff-title">
              <div className="card-header">
                <h2 id="diff-title" className="card-title">Khác biệt so với hiện tại</h2>
                {canRestore && (
                  <Form method="post" onSubmit={(e) => { if (!confirm("Khôi phục phiên bản này? Nội dung hiện tại sẽ được thay thế (vẫn hoàn tác được).")) e.preventDefault(); }}>
                    <input type="hidden" name="versionId" value={selected.id} />
                    <button className="btn-primary btn-sm" type="submit">Khôi phục phiên bản này</button>
                  </Form>
                )}
              </div>
              <pre className="max-h-[50vh] overflow-auto whitespace-pre-wrap p-4 font-sans text-sm" data-testid="minutes-diff">
                {diff.map((part, i) => (
                  <span key={i} className={part.added ? "bg-green-100 text-green-900" : part.removed ? "bg-red-100 text-red-900 line-through" : "text-slate-600"}>
                    {part.value}
                  </span>
                ))}
              </pre>
              <p className="border-t border-slate-200 px-4 py-2 text-xs text-slate-500">
                <span className="bg-red-100 px-1 line-through">Gạch đỏ</span>: có trong phiên bản, đã bị bỏ · <span className="bg-green-100 px-1">Nền xanh</span>: thêm sau phiên bản này
              </p>
            </section>
            <section className="card" aria-labelledby="snapshot-title">
              <div className="card-header"><h2 id="snapshot-title" className="card-title">Nội dung phiên bản {formatDateTime(selected.createdAt)}</h2></div>
              <div className="minutes-doc px-4 py-3 sm:px-8" dangerouslySetInnerHTML={{ __html: selected.html }} />
            </section>
          </div>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
