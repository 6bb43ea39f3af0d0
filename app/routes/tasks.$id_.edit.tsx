import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage, PageHeader } from "~/components/form";
import { TaskForm } from "~/components/task/task-form";
import { formatDate } from "~/lib/dates";
import { ForbiddenError } from "~/lib/errors";
import { clientIp, failure, guardLoader, parseForm, parseIdParam, type ActionFailure } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { editTaskSchema } from "~/schemas/task";
import { getTaskFor } from "~/services/task-queries.server";
import { taskFormOptions, updateTask } from "~/services/tasks.server";

export const meta: MetaFunction = () => [{ title: "Sửa nhiệm vụ · Phòng Họp Số" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy nhiệm vụ.");
    const t = await getTaskFor(user, id);
    if (!t.viewer.canEdit) throw new ForbiddenError("Chỉ người giao nhiệm vụ hoặc Văn phòng được sửa nhiệm vụ này.");
    return json({
      id: t.id,
      originalDeadline: t.originalDeadline,
      options: await taskFormOptions(user),
      values: {
        content: t.content,
        leadUnitId: t.leadUnitId,
        coordinatingUnitIds: t.coordinatingUnitIds,
        ownerId: t.ownerId,
        deadlineKind: t.deadlineKind,
        deadline: t.deadline,
        recurrence: t.recurrence,
        starred: t.starred,
        parentId: t.parentId,
        version: t.version,
      },
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const taskId = parseIdParam(params.id, "Không tìm thấy nhiệm vụ.");
    const { version, ...input } = await parseForm(request, editTaskSchema);
    await updateTask({ actor: user, taskId, input, version, ip: clientIp(request) });
    return redirect(`/tasks/${taskId}`);
  } catch (e) {
    return failure(e);
  }
}

export default function EditTask() {
  const { id, options, values, originalDeadline } = useLoaderData<typeof loader>();
  const result = useActionData<ActionFailure>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to={`/tasks/${id}`} className="link">← Nhiệm vụ</Link></nav>
      <PageHeader title="Sửa nhiệm vụ" description={originalDeadline ? `Hạn ban đầu ${formatDate(originalDeadline)} luôn được giữ lại để đánh giá đúng hạn.` : undefined} />
      <div className="card p-4 sm:p-6">
        <FormMessage result={result} />
        <TaskForm options={options} values={values} errors={result?.fields} hidden={{ parentId: values.parentId }} submitLabel="Lưu thay đổi" />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
