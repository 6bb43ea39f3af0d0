import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { BodyFields } from "~/components/admin-body-form";
import { AdminFormMessage, fieldErrors, type AdminActionResult } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { failure, guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { bodySchema, formToRecord } from "~/schemas/admin";
import { createBody } from "~/services/bodies.server";
import { listUnitOptions } from "~/services/units.server";

export const meta: MetaFunction = () => [{ title: "Thêm cơ quan họp · Quản trị · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "body:manage");
    return json({ units: await listUnitOptions() });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    authorize(user, "body:manage");
    const input = parseWith(bodySchema, formToRecord(await request.formData()));
    const created = await createBody({ actor: user, input });
    return redirect(`/admin/bodies/${created.id}?created=1`);
  } catch (e) {
    return failure(e);
  }
}

export default function NewBody() {
  const { units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AdminActionResult | undefined;
  const errors = fieldErrors(result);
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader title="Thêm cơ quan họp" description="Sau khi tạo, bổ sung thành viên ở trang chi tiết." />
      <div className="max-w-3xl">
        <AdminFormMessage result={result} />
      </div>
      <Form method="post" className="card max-w-3xl space-y-4 p-4 sm:p-6" noValidate>
        <BodyFields errors={errors} units={units} />
        <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
          <button type="submit" className="btn-primary" disabled={busy}>
            Tạo cơ quan họp
          </button>
          <Link to="/admin/bodies" className="btn-secondary">
            Hủy
          </Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
