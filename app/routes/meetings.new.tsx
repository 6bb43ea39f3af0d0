import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage, PageHeader } from "~/components/form";
import { MeetingForm } from "~/components/meeting-form";
import { failure, guardLoader, parseForm, type ActionFailure } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { meetingFormSchema } from "~/schemas/meeting";
import { meetingFormOptions, scheduleMeeting } from "~/services/meetings.server";

export const meta: MetaFunction = () => [{ title: "Lên lịch họp · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "meeting:schedule");
    const date = new URL(request.url).searchParams.get("date");
    return json({ options: await meetingFormOptions(user), date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const input = await parseForm(request, meetingFormSchema);
    const meeting = await scheduleMeeting({ actor: user, input });
    return redirect(`/meetings/${meeting.id}?created=1`);
  } catch (e) {
    return failure(e);
  }
}

export default function NewMeeting() {
  const { options, date } = useLoaderData<typeof loader>();
  const result = useActionData<ActionFailure>();
  return (
    <div className="mx-auto max-w-4xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to="/meetings" className="link">← Lịch họp</Link></nav>
      <PageHeader title="Lên lịch họp" description="Cuộc họp được tạo ở trạng thái nháp; giấy mời chỉ gửi đi khi Văn phòng bấm «Triệu tập»." />
      <div className="card p-4 sm:p-6">
        <FormMessage result={result} />
        <MeetingForm mode="new" options={options} values={{ date }} errors={result?.fields} warnings={result?.warnings} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
