import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { Badge } from "~/components/status-badge";
import { formatDate } from "~/lib/dates";
import { guardLoader } from "~/lib/http.server";
import { CONFIDENTIALITY_LABELS, DIRECTIVE_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { listDirectivesFor } from "~/services/directive-queries.server";

export const meta: MetaFunction = () => [{ title: "Văn bản chỉ đạo · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "directive:list");
    return json({ directives: await listDirectivesFor(user) });
  });
}

export default function Directives() {
  const { directives } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <PageHeader title="Văn bản chỉ đạo" description="Chỉ thị, kết luận, thông báo kết luận, nghị quyết, quyết định, kế hoạch và công văn giao nhiệm vụ." />
      <div className="card overflow-x-auto">
        {directives.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">Chưa có văn bản nào.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Số, ký hiệu</th>
                <th scope="col">Ngày ban hành</th>
                <th scope="col">Trích yếu</th>
                <th scope="col" className="hidden md:table-cell">Cơ quan ban hành</th>
                <th scope="col">Nhiệm vụ</th>
              </tr>
            </thead>
            <tbody>
              {directives.map((d) => (
                <tr key={d.id}>
                  <td className="whitespace-nowrap font-semibold"><Link to={`/directives/${d.id}`} className="link">{d.label}</Link></td>
                  <td className="whitespace-nowrap">{formatDate(d.issuedOn)}</td>
                  <td className="min-w-[18rem] max-w-2xl">
                    {d.summary}
                    <div className="mt-1 flex flex-wrap gap-1">
                      <Badge tone={d.status === "active" ? "green" : "slate"}>{DIRECTIVE_STATUS_LABELS[d.status]}</Badge>
                      {d.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[d.confidentiality]}</Badge>}
                    </div>
                  </td>
                  <td className="hidden md:table-cell">{d.issuer}</td>
                  <td className="whitespace-nowrap text-sm">
                    {d.completedCount}/{d.taskCount} hoàn thành
                    {d.overdueCount > 0 && <div className="text-flag-700">{d.overdueCount} quá hạn</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
