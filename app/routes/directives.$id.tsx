import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Badge, TaskStatusBadge } from "~/components/status-badge";
import { formatDate } from "~/lib/dates";
import { guardLoader, parseIdParam } from "~/lib/http.server";
import { CONFIDENTIALITY_LABELS, DIRECTIVE_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { getDirectiveFor } from "~/services/directive-queries.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.directive.label ?? "Văn bản"} · Phòng Họp Số` }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy văn bản.");
    return json({ directive: await getDirectiveFor(user, id) });
  });
}

export default function DirectivePage() {
  const { directive: d } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-6xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to="/directives" className="link">← Văn bản chỉ đạo</Link></nav>
      <p className="text-sm text-slate-500">{d.issuer} · Số {d.label} · ngày {formatDate(d.issuedOn)}</p>
      <h1 className="page-title max-w-4xl">{d.summary}</h1>
      <div className="mt-2 flex flex-wrap gap-1">
        <Badge tone={d.status === "active" ? "green" : "slate"}>{DIRECTIVE_STATUS_LABELS[d.status]}</Badge>
        {d.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[d.confidentiality]}</Badge>}
      </div>
      <p className="mt-2 text-sm text-slate-600">
        {d.signer && <>Người ký: {d.signer}. </>}
        {d.sourceMeeting && <>Từ cuộc họp: <Link className="link" to={`/meetings/${d.sourceMeeting.id}`}>{d.sourceMeeting.title}</Link></>}
      </p>
      <section className="card mt-6 overflow-x-auto">
        <div className="card-header"><h2 className="card-title">Nhiệm vụ được giao ({d.tasks.length})</h2></div>
        <table className="table">
          <thead>
            <tr><th scope="col">STT</th><th scope="col">Nội dung nhiệm vụ</th><th scope="col">Chủ trì</th><th scope="col" className="hidden md:table-cell">Phối hợp</th><th scope="col">Thời hạn</th><th scope="col">Tình trạng</th></tr>
          </thead>
          <tbody>
            {d.tasks.map((t, i) => (
              <tr key={t.id}>
                <td>{i + 1}</td>
                <td className="min-w-[16rem]">{t.starred && <span className="mr-1 text-amber-500" aria-label="Trọng tâm">★</span>}<Link className="hover:underline" to={`/tasks/${t.id}`}>{t.content}</Link></td>
                <td>{t.leadUnitName}</td>
                <td className="hidden md:table-cell">{t.coordinating.join(", ") || "—"}</td>
                <td className="whitespace-nowrap">{t.deadline ? formatDate(t.deadline) : "Không thời hạn"}</td>
                <td><TaskStatusBadge status={t.status} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
