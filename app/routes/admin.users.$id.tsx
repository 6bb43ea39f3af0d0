import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ActiveBadge, AdminFormMessage, fieldErrors, IntentButton, type AdminActionResult } from "~/components/admin-ui";
import { PasswordFields, UserProfileFields } from "~/components/admin-user-form";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { formatDate, formatDateTime } from "~/lib/dates";
import { failure, guardLoader, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { formToRecord, requireId, userActiveSchema, userIntentSchema, userPasswordSchema, userUpdateSchema } from "~/schemas/admin";
import { listUnitOptions } from "~/services/units.server";
import { getUserForAdmin, resetUserPassword, setUserActive, updateUser } from "~/services/users.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.user.fullName ?? "Người dùng"} · Quản trị · Phòng Họp Số` }];

const NOT_FOUND = "Không tìm thấy người dùng.";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "user:manage");
    const userId = requireId(params.id, NOT_FOUND);
    const [detail, units] = await Promise.all([getUserForAdmin({ actor: user, userId }), listUnitOptions()]);
    return json({ user: detail, units });
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  try {
    authorize(actor, "user:manage");
    const userId = requireId(params.id, NOT_FOUND);
    const form = formToRecord(await request.formData());
    const { intent } = parseWith(userIntentSchema, form);
    if (intent === "update") {
      const input = parseWith(userUpdateSchema, form);
      await updateUser({ actor, userId, input });
      return json<AdminActionResult>({ ok: true, message: "Đã lưu thông tin người dùng.", savedAt: Date.now() });
    }
    if (intent === "set_active") {
      const { active } = parseWith(userActiveSchema, form);
      await setUserActive({ actor, userId, active });
      return json<AdminActionResult>({ ok: true, message: active ? "Đã mở khóa tài khoản." : "Đã khóa tài khoản; mọi phiên đăng nhập của người này đã bị đăng xuất." });
    }
    const { password } = parseWith(userPasswordSchema, form);
    await resetUserPassword({ actor, userId, newPassword: password });
    return json<AdminActionResult>({ ok: true, message: "Đã đặt lại mật khẩu; người dùng cần đăng nhập lại bằng mật khẩu mới.", savedAt: Date.now() });
  } catch (e) {
    return failure(e);
  }
}

export default function EditUser() {
  const { user, units } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as AdminActionResult | undefined;
  const nav = useNavigation();
  const submittingIntent = nav.state === "submitting" ? nav.formData?.get("intent") : null;
  const [search] = useSearchParams();
  const errors = fieldErrors(result);
  const created = search.get("created") === "1" && !result;
  const savedAt = result?.ok ? result.savedAt ?? 0 : 0;

  return (
    <>
      <PageHeader
        title={user.fullName}
        description={`Tên đăng nhập: ${user.username}${user.unitName ? ` · ${user.unitName}` : ""}`}
        actions={
          <Link to="/admin/users" className="btn-secondary">
            ← Danh sách người dùng
          </Link>
        }
      />
      {created && (
        <div role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Đã tạo tài khoản “{user.username}”.
        </div>
      )}
      <AdminFormMessage result={result} />

      <div className="grid items-start gap-6 xl:grid-cols-[minmax(0,1fr)_20rem]">
        <section className="card p-4 sm:p-6" aria-labelledby="profile-title">
          <h2 id="profile-title" className="card-title mb-4">Thông tin tài khoản</h2>
          <Form method="post" className="space-y-4" noValidate key={`profile-${savedAt}`}>
            <input type="hidden" name="intent" value="update" />
            <UserProfileFields values={user} errors={errors} units={units} />
            <button type="submit" className="btn-primary" disabled={submittingIntent === "update"}>
              {submittingIntent === "update" ? "Đang lưu…" : "Lưu thay đổi"}
            </button>
          </Form>
        </section>

        <div className="space-y-6">
          <section className="card p-4" aria-labelledby="status-title">
            <h2 id="status-title" className="card-title mb-3">Trạng thái</h2>
            <dl className="mb-4 grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-sm">
              <dt className="text-slate-600">Tài khoản</dt>
              <dd>{user.active ? <ActiveBadge active /> : <span className="badge bg-slate-200 text-slate-700">Đã khóa</span>}</dd>
              <dt className="text-slate-600">Ngày tạo</dt>
              <dd>{formatDate(user.createdAt)}</dd>
              <dt className="text-slate-600">Đăng nhập gần nhất</dt>
              <dd>{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Chưa đăng nhập"}</dd>
              <dt className="text-slate-600">Đổi mật khẩu</dt>
              <dd>{user.passwordChangedAt ? formatDate(user.passwordChangedAt) : "—"}</dd>
            </dl>
            {user.isSelf ? (
              <p className="text-sm text-slate-600">Đây là tài khoản của bạn; bạn không thể tự khóa.</p>
            ) : (
              <IntentButton
                intent="set_active"
                values={{ active: user.active ? "false" : "true" }}
                label={user.active ? "Khóa tài khoản" : "Mở khóa tài khoản"}
                className={user.active ? "btn-danger" : "btn-primary"}
                confirm={user.active ? `Khóa tài khoản “${user.username}”? Người này sẽ bị đăng xuất ngay.` : undefined}
              />
            )}
          </section>

          <section className="card p-4" aria-labelledby="password-title">
            <h2 id="password-title" className="card-title mb-1">Đặt lại mật khẩu</h2>
            <p className="mb-3 text-sm text-slate-600">Mọi phiên đăng nhập hiện có của người dùng sẽ bị đăng xuất.</p>
            <Form method="post" className="space-y-3" noValidate key={`password-${savedAt}`}>
              <input type="hidden" name="intent" value="reset_password" />
              <PasswordFields errors={errors} label="Mật khẩu mới" stacked />
              <button type="submit" className="btn-secondary" disabled={submittingIntent === "reset_password"}>
                Đặt lại mật khẩu
              </button>
            </Form>
          </section>
        </div>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
