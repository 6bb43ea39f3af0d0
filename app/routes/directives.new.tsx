import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DirectiveForm, type DirectiveFormValues } from "~/components/directive-form";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage, PageHeader } from "~/components/form";
import { todayInHanoi } from "~/lib/dates";
import { clientIp, failure, guardLoader, readForm, type ActionFailure } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize, can } from "~/policies";
import { directiveFormSchema, parseDirectiveSubmission } from "~/schemas/directive";
import { directiveFormOptions } from "~/services/directive-queries.server";
import { conclusionNoticeDraft, createDirective } from "~/services/directives.server";
import { taskFormOptions } from "~/services/tasks.server";

export const meta: MetaFunction = () => [{ title: "Ghi sổ văn bản chỉ đạo · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "directive:create");
    const fromMeeting = new URL(request.url).searchParams.get("fromMeeting");
    // A malformed ?fromMeeting is a meeting that is not there: the same 404.
    const meetingId = fromMeeting == null ? null : /^\d{1,10}$/.test(fromMeeting) ? Number(fromMeeting) : 0;
    const draft = meetingId === null ? null : await conclusionNoticeDraft({ actor: user, meetingId });
    const [options, taskOptions] = await Promise.all([
      directiveFormOptions(user, { includeMeetingId: draft?.sourceMeetingId }),
      can(user, "task:assign") ? taskFormOptions(user, { directiveId: null, meetingId: null, minutesAnchor: null }) : null,
    ]);
    const values: DirectiveFormValues = draft ?? { kind: "CT", issuedOn: todayInHanoi(), confidentiality: "normal", status: "active" };
    return json({
      values,
      meeting: draft?.meeting ?? null,
      options,
      taskOptions: taskOptions && { units: taskOptions.units, users: taskOptions.users },
      today: todayInHanoi(),
    });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const { input, tasks } = parseDirectiveSubmission(directiveFormSchema, await readForm(request));
    const directive = await createDirective({ actor: user, input, tasks, ip: clientIp(request) });
    return redirect(`/directives/${directive.id}?created=${directive.createdTasks.length}`);
  } catch (e) {
    return failure(e);
  }
}

export default function NewDirective() {
  const { values, meeting, options, taskOptions, today } = useLoaderData<typeof loader>();
  const result = useActionData<ActionFailure>();
  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to="/directives" className="link">← Văn bản chỉ đạo</Link></nav>
      <PageHeader
        title={meeting ? "Tạo thông báo kết luận" : "Ghi sổ văn bản chỉ đạo"}
        description={meeting ? undefined : "Ghi số, ký hiệu, trích yếu và toàn văn; giao luôn các nhiệm vụ của văn bản."}
      />
      {meeting && (
        <div role="status" className="mb-4 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900">
          Từ cuộc họp <Link className="link" to={`/meetings/${meeting.id}`}>{meeting.title}</Link>.{" "}
          {meeting.hasConclusions
            ? "Toàn văn được lấy từ phần «Kết luận của chủ trì» trong biên bản; hãy rà soát trước khi ghi sổ."
            : "Biên bản chưa có phần kết luận; hãy nhập toàn văn thông báo."}
        </div>
      )}
      <div className="card p-4 sm:p-6">
        <FormMessage result={result} />
        <DirectiveForm mode="new" options={options} values={values} errors={result?.fields} taskOptions={taskOptions ?? undefined} today={today} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
