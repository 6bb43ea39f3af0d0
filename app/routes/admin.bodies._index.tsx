import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActiveBadge } from "~/components/admin-ui";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { guardLoader } from "~/lib/http.server";
import { BODY_KIND_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { listBodies } from "~/services/bodies.server";

export const meta: MetaFunction = () => [{ title: "Cơ quan họp · Quản trị · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "body:manage");
    return json({ bodies: await listBodies({ actor: user }) });
  });
}

export default function AdminBodies() {
  const { bodies } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Cơ quan họp"
        description="UBND Thành phố, Ban Cán sự Đảng UBND Thành phố và các hội đồng, ban chỉ đạo."
        actions={
          <Link to="/admin/bodies/new" className="btn-primary">
            + Thêm cơ quan họp
          </Link>
        }
      />
      <section className="card overflow-hidden" aria-labelledby="bodies-title">
        <div className="card-header">
          <h2 id="bodies-title" className="card-title">Danh sách</h2>
          <span className="text-sm text-slate-600">{bodies.length} cơ quan họp</span>
        </div>
        {bodies.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-600">Chưa có cơ quan họp nào.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Tên</th>
                  <th scope="col" className="hidden md:table-cell">Loại</th>
                  <th scope="col" className="whitespace-nowrap text-right">Thành viên</th>
                  <th scope="col" className="hidden sm:table-cell">Tỷ lệ tối thiểu</th>
                  <th scope="col" className="hidden lg:table-cell">Trạng thái</th>
                </tr>
              </thead>
              <tbody>
                {bodies.map((b) => (
                  <tr key={b.id} className={b.active ? "" : "bg-slate-50"}>
                    <td>
                      <Link to={`/admin/bodies/${b.id}`} className="link">
                        {b.name}
                      </Link>
                      <div className="text-xs text-slate-600">
                        <span className="font-mono">{b.code}</span>
                        {b.hostUnitName ? ` · ${b.hostUnitName}` : ""}
                        <span className="md:hidden"> · {BODY_KIND_LABELS[b.kind] ?? b.kind}</span>
                      </div>
                      {!b.active && (
                        <div className="mt-1 lg:hidden">
                          <ActiveBadge active={false} />
                        </div>
                      )}
                    </td>
                    <td className="hidden md:table-cell">
                      <span className={`badge ${b.kind === "party" ? "bg-red-100 text-red-800" : "bg-blue-100 text-blue-800"}`}>{BODY_KIND_LABELS[b.kind] ?? b.kind}</span>
                    </td>
                    <td className="text-right tabular-nums">{b.memberCount}</td>
                    <td className="hidden whitespace-nowrap sm:table-cell">
                      {b.quorumNumerator}/{b.quorumDenominator}
                      <span className="text-xs text-slate-600"> (cần {b.quorum} người)</span>
                    </td>
                    <td className="hidden lg:table-cell">
                      <ActiveBadge active={b.active} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
