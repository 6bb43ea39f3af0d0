import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { AdminFormMessage, fieldErrors, type AdminActionResult } from "~/components/admin-ui";
import { PasswordFields, UserProfileFields } from "~/components/admin-user-form";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Field, PageHeader } from "~/components/form";
import { failure, guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { fieldsOf, formToRecord, userCreateFields, userCreateSchema } from "~/schemas/admin";
import { listUnitOptions } from "~/services/units.server";
import { createUser } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Thêm người dùng · Quản trị · Phòng Họp Số" }];

const F = fieldsOf(userCreateFields);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "user:manage");
    return json({ units: await listUnitOptions() });
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    authorize(user, "user:manage");
    const { confirmPassword: _c, ...input } = parseWith(userCreateSchema, formToRecord(await request.formData()));
    const created = await createUser({ actor: user, input });
    return redirect(`/admin/users/${created.id}?created=1`);
  } catch (e) {
    return failure(e);
  }
}

export default function NewUser() {
  const { units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AdminActionResult | undefined;
  const errors = fieldErrors(result);
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <PageHeader title="Thêm người dùng" description="Tạo tài khoản và giao mật khẩu ban đầu; người dùng nên đổi mật khẩu sau lần đăng nhập đầu tiên." />
      <div className="max-w-3xl">
        <AdminFormMessage result={result} />
      </div>
      <Form method="post" className="card max-w-3xl space-y-4 p-4 sm:p-6" noValidate>
        <Field name={F.username} label="Tên đăng nhập" error={errors.username} hint="3–64 ký tự: chữ thường không dấu, số và . _ -">
          {(p) => <input {...p} autoComplete="off" autoCapitalize="none" spellCheck={false} maxLength={64} required />}
        </Field>
        <UserProfileFields errors={errors} units={units} />
        <PasswordFields errors={errors} label="Mật khẩu ban đầu" />
        <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
          <button type="submit" className="btn-primary" disabled={busy}>
            {busy ? "Đang tạo…" : "Tạo tài khoản"}
          </button>
          <Link to="/admin/users" className="btn-secondary">
            Hủy
          </Link>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
