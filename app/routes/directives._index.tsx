import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { Badge } from "~/components/status-badge";
import { formatDate } from "~/lib/dates";
import { DIRECTIVE_KIND_INFO, DIRECTIVE_KIND_OPTIONS } from "~/lib/directive-number";
import { guardLoader } from "~/lib/http.server";
import { CONFIDENTIALITY_LABELS, DIRECTIVE_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { authorize } from "~/policies";
import { directiveFilterSchema } from "~/schemas/directive";
import { listDirectivesFor } from "~/services/directive-queries.server";

export const meta: MetaFunction = () => [{ title: "Văn bản chỉ đạo · Phòng Họp Số" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    authorize(user, "directive:list");
    const filters = directiveFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    return json({ filters, register: await listDirectivesFor(user, filters) });
  });
}

const SORT_LABELS: Record<string, string> = {
  date_desc: "Ngày ban hành: mới nhất trước",
  date_asc: "Ngày ban hành: cũ nhất trước",
  number_asc: "Số văn bản: tăng dần",
  number_desc: "Số văn bản: giảm dần",
};

function statusTone(status: string) {
  return status === "active" ? "green" : status === "replaced" ? "amber" : "slate";
}

export default function Directives() {
  const { filters, register } = useLoaderData<typeof loader>();
  const { directives } = register;
  const [params] = useSearchParams();
  const searching = useNavigation().state === "loading";
  const filtered = Boolean(filters.kind || filters.status || filters.issuer || filters.year || filters.q);
  const pageLink = (page: number) => {
    const next = new URLSearchParams(params);
    next.set("page", String(page));
    return `?${next.toString()}`;
  };

  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <PageHeader
        title="Văn bản chỉ đạo"
        description="Chỉ thị, kết luận, thông báo kết luận, nghị quyết, quyết định, kế hoạch và công văn giao nhiệm vụ."
        actions={register.canCreate ? <Link to="/directives/new" className="btn-primary">+ Ghi sổ văn bản</Link> : undefined}
      />

      <Form method="get" className="card mb-4 grid grid-cols-2 gap-3 p-3 lg:grid-cols-6" role="search" aria-label="Lọc sổ văn bản">
        <div className="col-span-2">
          <label htmlFor="q" className="label">Tìm số, ký hiệu hoặc trích yếu</label>
          <input id="q" name="q" type="search" className="input" defaultValue={filters.q ?? ""} placeholder="Ví dụ: 24-CT/TU, chuyển đổi số" />
        </div>
        <div>
          <label htmlFor="kind" className="label">Loại văn bản</label>
          <select id="kind" name="kind" className="input" defaultValue={filters.kind ?? ""}>
            <option value="">Tất cả</option>
            {DIRECTIVE_KIND_OPTIONS.map((k) => (
              <option key={k.value} value={k.value}>{k.name}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="label">Hiệu lực</label>
          <select id="status" name="status" className="input" defaultValue={filters.status ?? ""}>
            <option value="">Tất cả</option>
            {Object.entries(DIRECTIVE_STATUS_LABELS).map(([v, l]) => (
              <option key={v} value={v}>{l}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="issuer" className="label">Cơ quan ban hành</label>
          <input id="issuer" name="issuer" className="input" defaultValue={filters.issuer ?? ""} placeholder="Ví dụ: Thành ủy" />
        </div>
        <div>
          <label htmlFor="year" className="label">Năm</label>
          <select id="year" name="year" className="input" defaultValue={filters.year ?? ""}>
            <option value="">Tất cả</option>
            {register.years.map((y) => (
              <option key={y} value={y}>{y}</option>
            ))}
          </select>
        </div>
        <div className="col-span-2 lg:col-span-3">
          <label htmlFor="sort" className="label">Sắp xếp</label>
          <select id="sort" name="sort" className="input" defaultValue={filters.sort}>
            {Object.entries(SORT_LABELS).map(([v, l]) => (
              <option key={v} value={v}>{l}</option>
            ))}
          </select>
        </div>
        <div className="col-span-2 flex items-end gap-2 lg:col-span-3 lg:justify-end">
          <button type="submit" className="btn-primary" disabled={searching}>Lọc</button>
          {filtered && <Link to="/directives" className="btn-secondary">Bỏ lọc</Link>}
        </div>
      </Form>

      <p className="mb-2 text-sm text-slate-600" aria-live="polite">
        {register.total === 0 ? "Không có văn bản nào" : `${register.total} văn bản`}
        {filtered ? " phù hợp điều kiện lọc" : ""}
        {register.pages > 1 ? ` · trang ${register.page}/${register.pages}` : ""}
      </p>

      <div className="card overflow-hidden">
        {directives.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">
            {filtered ? "Không tìm thấy văn bản phù hợp. Hãy thử bỏ bớt điều kiện lọc." : "Chưa có văn bản nào trong sổ."}
          </p>
        ) : (
          <>
            <table className="table hidden md:table">
              <thead>
                <tr>
                  <th scope="col" className="whitespace-nowrap">Số, ký hiệu</th>
                  <th scope="col" className="whitespace-nowrap">Ngày ban hành</th>
                  <th scope="col">Trích yếu</th>
                  <th scope="col" className="hidden lg:table-cell">Cơ quan ban hành</th>
                  <th scope="col">Nhiệm vụ</th>
                </tr>
              </thead>
              <tbody>
                {directives.map((d) => (
                  <tr key={d.id}>
                    <td className="whitespace-nowrap">
                      <Link to={`/directives/${d.id}`} className="link font-semibold">{d.label}</Link>
                      <div className="text-xs text-slate-500">{DIRECTIVE_KIND_INFO[d.kind]?.name}</div>
                    </td>
                    <td className="whitespace-nowrap">{formatDate(d.issuedOn)}</td>
                    <td className="min-w-[18rem] max-w-2xl">
                      {d.summary}
                      <div className="mt-1 flex flex-wrap gap-1">
                        <Badge tone={statusTone(d.status)}>{DIRECTIVE_STATUS_LABELS[d.status]}</Badge>
                        {d.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[d.confidentiality]}</Badge>}
                      </div>
                    </td>
                    <td className="hidden lg:table-cell">{d.issuer}</td>
                    <td className="whitespace-nowrap text-sm"><TaskCounts d={d} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
            <ul className="divide-y divide-slate-100 md:hidden">
              {directives.map((d) => (
                <li key={d.id} className="px-4 py-3">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <Link to={`/directives/${d.id}`} className="link font-semibold">{d.label}</Link>
                    <span className="text-xs text-slate-500">{DIRECTIVE_KIND_INFO[d.kind]?.name} · {formatDate(d.issuedOn)}</span>
                  </div>
                  <p className="mt-1 text-sm">{d.summary}</p>
                  <p className="mt-1 text-xs text-slate-500">{d.issuer}</p>
                  <div className="mt-1.5 flex flex-wrap items-center gap-1 text-sm">
                    <Badge tone={statusTone(d.status)}>{DIRECTIVE_STATUS_LABELS[d.status]}</Badge>
                    {d.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[d.confidentiality]}</Badge>}
                    <span className="ml-auto"><TaskCounts d={d} /></span>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      {register.pages > 1 && (
        <nav className="mt-4 flex items-center justify-between text-sm" aria-label="Phân trang">
          {register.page > 1 ? <Link className="btn-secondary btn-sm" to={pageLink(register.page - 1)}>← Trang trước</Link> : <span />}
          <span className="text-slate-600">Trang {register.page}/{register.pages}</span>
          {register.page < register.pages ? <Link className="btn-secondary btn-sm" to={pageLink(register.page + 1)}>Trang sau →</Link> : <span />}
        </nav>
      )}
    </div>
  );
}

function TaskCounts({ d }: { d: { taskCount: number; completedCount: number; overdueCount: number } }) {
  if (d.taskCount === 0) return <span className="text-slate-500">Chưa giao nhiệm vụ</span>;
  return (
    <span>
      {d.completedCount}/{d.taskCount} hoàn thành
      {d.overdueCount > 0 && <span className="block text-flag-700 md:block">{d.overdueCount} quá hạn</span>}
    </span>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
