import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActiveBadge, Pagination, UnitOptions } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { ROLE_VALUES } from "~/lib/current-user";
import { formatDateTime } from "~/lib/dates";
import { guardLoader } from "~/lib/http.server";
import { ROLE_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { fieldsOf, userFilterSchema } from "~/schemas/admin";
import { listUnitOptions } from "~/services/units.server";
import { listUsers } from "~/services/users.server";

export const meta: MetaFunction = () => [{ title: "Người dùng · Quản trị · Phòng Họp Số" }];

const F = fieldsOf(userFilterSchema);

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "user:manage");
    const filter = userFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const [list, units] = await Promise.all([listUsers({ actor: user, filter }), listUnitOptions()]);
    return json({ ...list, filter, units });
  });
}

export default function AdminUsers() {
  const { users, total, page, pageCount, filter, units } = useLoaderData<typeof loader>();
  const [search] = useSearchParams();
  const filtered = Boolean(filter.q || filter.unitId || filter.role || filter.status !== "all");
  return (
    <>
      <PageHeader
        title="Người dùng"
        description="Tài khoản, đơn vị công tác và vai trò trong hệ thống."
        actions={
          <Link to="/admin/users/new" className="btn-primary">
            + Thêm người dùng
          </Link>
        }
      />

      <Form method="get" role="search" aria-label="Tìm người dùng" className="card mb-4 grid grid-cols-2 gap-3 p-4 lg:grid-cols-[minmax(0,2fr)_minmax(0,2fr)_minmax(0,1.3fr)_minmax(0,1.3fr)_auto]">
        <div className="col-span-2 lg:col-span-1">
          <label htmlFor="filter-q" className="label">Tìm theo tên hoặc tên đăng nhập</label>
          <input id="filter-q" name={F.q} type="search" className="input" defaultValue={filter.q} placeholder="Ví dụ: Nguyễn Văn A, nva" />
        </div>
        <div className="col-span-2 lg:col-span-1">
          <label htmlFor="filter-unit" className="label">Đơn vị</label>
          <select id="filter-unit" name={F.unitId} className="input" defaultValue={filter.unitId ?? ""}>
            <option value="">Tất cả đơn vị</option>
            <UnitOptions units={units} />
          </select>
        </div>
        <div>
          <label htmlFor="filter-role" className="label">Vai trò</label>
          <select id="filter-role" name={F.role} className="input" defaultValue={filter.role ?? ""}>
            <option value="">Tất cả vai trò</option>
            {ROLE_VALUES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-status" className="label">Trạng thái</label>
          <select id="filter-status" name={F.status} className="input" defaultValue={filter.status}>
            <option value="all">Tất cả</option>
            <option value="active">Đang hoạt động</option>
            <option value="inactive">Đã khóa</option>
          </select>
        </div>
        <div className="col-span-2 flex items-end gap-2 lg:col-span-1">
          <button type="submit" className="btn-primary">Lọc</button>
          {filtered && (
            <Link to="/admin/users" className="btn-secondary">
              Bỏ lọc
            </Link>
          )}
        </div>
      </Form>

      <section className="card overflow-hidden" aria-labelledby="users-title">
        <div className="card-header">
          <h2 id="users-title" className="card-title">Danh sách người dùng</h2>
          <span className="text-sm text-slate-600" aria-live="polite">
            {filtered ? `Tìm thấy ${total} người dùng` : `${total} người dùng`}
          </span>
        </div>
        {users.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-600">Không có người dùng nào phù hợp với điều kiện lọc.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Họ và tên</th>
                  <th scope="col" className="hidden md:table-cell">Đơn vị</th>
                  <th scope="col" className="hidden lg:table-cell">Vai trò</th>
                  <th scope="col" className="hidden sm:table-cell">Trạng thái</th>
                  <th scope="col" className="hidden whitespace-nowrap xl:table-cell">Đăng nhập gần nhất</th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id} className={u.active ? "" : "bg-slate-50"}>
                    <td>
                      <Link to={`/admin/users/${u.id}`} className="link">
                        {u.fullName}
                      </Link>
                      <div className="text-xs text-slate-600">
                        <span className="font-mono">{u.username}</span>
                        {u.title ? ` · ${u.title}` : ""}
                      </div>
                      <div className="mt-1 space-y-1 text-xs text-slate-600 md:hidden">
                        {u.unitName && <div>{u.unitName}</div>}
                      </div>
                      <div className="mt-1 flex flex-wrap gap-1 lg:hidden">
                        {u.roles.map((r) => (
                          <span key={r} className="badge bg-brand-50 text-brand-800">
                            {ROLE_LABELS[r] ?? r}
                          </span>
                        ))}
                        {!u.active && <span className="badge bg-slate-200 text-slate-700 sm:hidden">Đã khóa</span>}
                      </div>
                    </td>
                    <td className="hidden md:table-cell">{u.unitName ?? <span className="text-slate-500">—</span>}</td>
                    <td className="hidden lg:table-cell">
                      <div className="flex flex-wrap gap-1">
                        {u.roles.map((r) => (
                          <span key={r} className="badge bg-brand-50 text-brand-800">
                            {ROLE_LABELS[r] ?? r}
                          </span>
                        ))}
                      </div>
                    </td>
                    <td className="hidden whitespace-nowrap sm:table-cell">
                      {u.active ? <ActiveBadge active /> : <span className="badge bg-slate-200 text-slate-700">Đã khóa</span>}
                    </td>
                    <td className="hidden whitespace-nowrap text-slate-600 xl:table-cell">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : "Chưa đăng nhập"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageCount={pageCount} search={search} />
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
