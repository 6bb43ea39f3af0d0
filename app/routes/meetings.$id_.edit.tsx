import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage, PageHeader } from "~/components/form";
import { MeetingForm } from "~/components/meeting-form";
import { toDateInputValue, toTimeInputValue } from "~/lib/dates";
import { ForbiddenError } from "~/lib/errors";
import { failure, guardLoader, parseForm, parseIdParam, type ActionFailure } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { meetingFormSchema } from "~/schemas/meeting";
import { getMeetingFor } from "~/services/meeting-queries.server";
import { meetingFormOptions, updateMeetingDetails } from "~/services/meetings.server";

export const meta: MetaFunction = () => [{ title: "Sửa cuộc họp · Phòng Họp Số" }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const m = await getMeetingFor(user, id);
    if (!m.viewer.canManage) throw new ForbiddenError();
    return json({
      id: m.id,
      options: await meetingFormOptions(user),
      values: {
        bodyId: m.bodyId,
        title: m.title,
        kind: m.kind,
        date: toDateInputValue(m.startsAt),
        startTime: toTimeInputValue(m.startsAt),
        endTime: toTimeInputValue(m.endsAt),
        roomId: m.roomId,
        onlineUrl: m.onlineUrl,
        chairId: m.chairId,
        secretaryId: m.secretaryId,
        confidentiality: m.confidentiality,
        notes: m.notes,
        version: m.version,
      },
    });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const id = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const input = await parseForm(request, meetingFormSchema);
    await updateMeetingDetails({ actor: user, meetingId: id, input });
    return redirect(`/meetings/${id}`);
  } catch (e) {
    return failure(e);
  }
}

export default function EditMeeting() {
  const { id, options, values } = useLoaderData<typeof loader>();
  const result = useActionData<ActionFailure>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to={`/meetings/${id}`} className="link">← Cuộc họp</Link></nav>
      <PageHeader title="Sửa thông tin cuộc họp" description="Người được mời sẽ nhận thông báo về thay đổi; lịch của họ được cập nhật." />
      <div className="card p-4 sm:p-6">
        <FormMessage result={result} />
        <MeetingForm mode="edit" options={options} values={values} errors={result?.fields} warnings={result?.warnings} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
