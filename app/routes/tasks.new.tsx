import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage, PageHeader } from "~/components/form";
import { TaskForm } from "~/components/task/task-form";
import { formatDate } from "~/lib/dates";
import { clientIp, failure, guardLoader, parseWith, readForm, type ActionFailure } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { optionalId } from "~/schemas/common";
import { newTaskSchema, taskSourceSchema } from "~/schemas/task";
import { createTasks, taskFormOptions } from "~/services/tasks.server";
import { z } from "zod";

export const meta: MetaFunction = () => [{ title: "Giao nhiệm vụ · Phòng Họp Số" }];

/** ?directiveId, ?meetingId, ?minutesAnchor (a passage selected in the minutes), ?parentId. */
const querySchema = taskSourceSchema.extend({ parentId: optionalId() }).catch({ directiveId: null, meetingId: null, minutesAnchor: null, parentId: null });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "task:assign");
    const source = parseWith(querySchema, Object.fromEntries(new URL(request.url).searchParams));
    const options = await taskFormOptions(user, source);
    return json({ options, source: { ...source, directiveId: options.directive?.id ?? null, meetingId: options.meeting?.id ?? null } });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const form = await readForm(request);
    const input = parseWith(newTaskSchema, form);
    const { directiveId, meetingId, minutesAnchor, ...row } = input;
    const [task] = await createTasks({ actor: user, source: { directiveId, meetingId, minutesAnchor }, rows: [row], ip: clientIp(request) });
    return redirect(`/tasks/${task.id}?created=1`);
  } catch (e) {
    return failure(e);
  }
}

export default function NewTask() {
  const { options, source } = useLoaderData<typeof loader>();
  const result = useActionData<ActionFailure>();
  const back = options.meeting ? `/meetings/${options.meeting.id}` : options.directive ? `/directives/${options.directive.id}` : "/tasks";
  return (
    <div className="mx-auto max-w-4xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to={back} className="link">← Quay lại</Link></nav>
      <PageHeader title="Giao nhiệm vụ" description="Rõ người, rõ việc, rõ trách nhiệm, rõ thời hạn." />
      <div className="card p-4 sm:p-6">
        {(options.directive || options.meeting || source.minutesAnchor) && (
          <div className="mb-4 rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
            {options.directive && <p>Theo văn bản <strong>{options.directive.label}</strong> ngày {formatDate(options.directive.issuedOn)}: {options.directive.summary}</p>}
            {options.meeting && <p>Từ cuộc họp <strong>{options.meeting.title}</strong></p>}
            {source.minutesAnchor && <blockquote className="mt-1 border-l-4 border-brand-200 pl-3 italic">“{source.minutesAnchor}”</blockquote>}
          </div>
        )}
        <FormMessage result={result} />
        <TaskForm
          options={options}
          values={{ content: source.minutesAnchor ?? "", parentId: source.parentId }}
          errors={result?.fields}
          hidden={{ directiveId: source.directiveId, meetingId: source.meetingId, minutesAnchor: source.minutesAnchor, parentId: source.parentId }}
          submitLabel="Giao nhiệm vụ"
        />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
