import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { DirectiveForm } from "~/components/directive-form";
import { GeneralErrorBoundary } from "~/components/error-page";
import { FormMessage, PageHeader } from "~/components/form";
import { todayInHanoi } from "~/lib/dates";
import { clientIp, failure, guardLoader, parseIdParam, parseWith, readForm, type ActionFailure } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { editDirectiveSchema } from "~/schemas/directive";
import { directiveFormOptions, directiveFormValues } from "~/services/directive-queries.server";
import { updateDirective } from "~/services/directives.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Sửa ${data?.values.number ?? "văn bản"} · Phòng Họp Số` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy văn bản.");
    const values = await directiveFormValues(user, id);
    authorize(user, "directive:edit");
    return json({ values, options: await directiveFormOptions(user, { excludeId: id, includeMeetingId: values.sourceMeetingId }), today: todayInHanoi() });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const id = parseIdParam(params.id, "Không tìm thấy văn bản.");
    const { version, ...input } = parseWith(editDirectiveSchema, await readForm(request));
    await updateDirective({ actor: user, directiveId: id, input, version, ip: clientIp(request) });
    return redirect(`/directives/${id}?updated=1`);
  } catch (e) {
    return failure(e);
  }
}

export default function EditDirective() {
  const { values, options, today } = useLoaderData<typeof loader>();
  const result = useActionData<ActionFailure>();
  return (
    <div className="mx-auto max-w-5xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to={`/directives/${values.id}`} className="link">← {values.number}</Link></nav>
      <PageHeader title="Sửa văn bản chỉ đạo" description="Nhiệm vụ của văn bản được sửa trên trang của từng nhiệm vụ." />
      <div className="card p-4 sm:p-6">
        <FormMessage result={result} />
        {result?.errorId === "conflict" && (
          <p className="-mt-2 mb-4 text-sm">
            <Link className="link" to={`/directives/${values.id}/edit`} reloadDocument>Tải lại biểu mẫu với nội dung mới nhất</Link>
          </p>
        )}
        <DirectiveForm mode="edit" options={options} values={values} errors={result?.fields} today={today} />
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
