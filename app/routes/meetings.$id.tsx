import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-page";
import { Badge } from "~/components/status-badge";
import { formatDate, formatTime, weekdayName } from "~/lib/dates";
import { guardLoader, parseWith } from "~/lib/http.server";
import { CONFIDENTIALITY_LABELS, MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { getMeetingFor } from "~/services/meeting-queries.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? "Cuộc họp"} · Phòng Họp Số` }];

const paramsSchema = z.object({ id: z.coerce.number({ invalid_type_error: "Mã cuộc họp không hợp lệ." }).int().positive("Mã cuộc họp không hợp lệ.") });

const AGENDA_STATUS: Record<string, { label: string; tone: "slate" | "blue" | "green" | "amber" }> = {
  pending: { label: "Chưa thảo luận", tone: "slate" },
  discussing: { label: "Đang thảo luận", tone: "blue" },
  done: { label: "Đã xong", tone: "green" },
  postponed: { label: "Hoãn", tone: "amber" },
};
const RSVP: Record<string, string> = { pending: "Chờ trả lời", attending: "Tham dự", absent: "Vắng", delegated: "Cử người dự thay" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const { id } = parseWith(paramsSchema, params);
    return json({ meeting: await getMeetingFor(user, id) });
  });
}

export default function MeetingPage() {
  const { meeting: m } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <nav className="mb-2 text-sm"><Link to="/meetings" className="link">← Lịch họp</Link></nav>
      <div className="mb-4">
        <p className="text-sm text-slate-500">{m.body.name} · Họp {MEETING_KIND_LABELS[m.kind]?.toLowerCase()}</p>
        <h1 className="page-title">{m.title}</h1>
        <div className="mt-2 flex flex-wrap gap-1">
          <Badge tone="blue">{MEETING_STATUS_LABELS[m.status]}</Badge>
          {m.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[m.confidentiality]}</Badge>}
        </div>
        {m.statusReason && <p className="mt-2 text-sm text-amber-800">Lý do: {m.statusReason}</p>}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <section className="card lg:col-span-2" aria-labelledby="agenda-title">
          <div className="card-header"><h2 id="agenda-title" className="card-title">Chương trình họp</h2></div>
          {m.agenda.length === 0 ? (
            <p className="px-4 py-6 text-sm text-slate-500">Chưa có nội dung.</p>
          ) : (
            <ol className="divide-y divide-slate-100">
              {m.agenda.map((a, i) => (
                <li key={a.id} className="flex gap-3 px-4 py-3">
                  <span className="w-14 shrink-0 text-sm font-semibold text-brand-800">{formatTime(a.startsAt)}</span>
                  <div className="min-w-0 flex-1">
                    <p className="font-medium">{i + 1}. {a.title}</p>
                    {a.presenter && <p className="text-sm text-slate-600">Trình bày: {a.presenter}</p>}
                    {a.description && <p className="mt-1 text-sm text-slate-600">{a.description}</p>}
                    <p className="text-xs text-slate-500">{a.durationMinutes} phút</p>
                  </div>
                  <span className="shrink-0 self-start whitespace-nowrap"><Badge tone={AGENDA_STATUS[a.status]?.tone}>{AGENDA_STATUS[a.status]?.label}</Badge></span>
                </li>
              ))}
            </ol>
          )}
        </section>
        <div className="space-y-6">
          <section className="card p-4" aria-labelledby="info-title">
            <h2 id="info-title" className="card-title mb-3">Thông tin</h2>
            <dl className="grid grid-cols-[6.5rem_1fr] gap-y-2 text-sm">
              <dt className="text-slate-500">Thời gian</dt>
              <dd>{weekdayName(m.startsAt)}, {formatDate(m.startsAt)}, {formatTime(m.startsAt)}–{formatTime(m.endsAt)}</dd>
              <dt className="text-slate-500">Địa điểm</dt>
              <dd>{m.room ? `${m.room.name}${m.room.location ? `, ${m.room.location}` : ""}` : "—"}{m.onlineUrl && <> · <a className="link" href={m.onlineUrl}>Trực tuyến</a></>}</dd>
              <dt className="text-slate-500">Chủ trì</dt><dd>{m.chair ? `${m.chair.fullName}${m.chair.title ? `, ${m.chair.title}` : ""}` : "—"}</dd>
              <dt className="text-slate-500">Thư ký</dt><dd>{m.secretary?.fullName ?? "—"}</dd>
            </dl>
            {m.notes && <p className="mt-3 whitespace-pre-line text-sm text-slate-700">{m.notes}</p>}
          </section>
          <section className="card" aria-labelledby="invitees-title">
            <div className="card-header"><h2 id="invitees-title" className="card-title">Thành phần ({m.invitations.length})</h2></div>
            <ul className="divide-y divide-slate-100 text-sm">
              {m.invitations.map((i) => (
                <li key={i.id} className="flex items-start justify-between gap-2 px-4 py-2">
                  <span>
                    <span className="font-medium">{i.name}</span>
                    {i.title && <span className="block text-xs text-slate-500">{i.title}</span>}
                    {i.delegate && <span className="block text-xs text-slate-500">Dự thay: {i.delegate}</span>}
                  </span>
                  <span className="shrink-0 whitespace-nowrap"><Badge tone={i.rsvp === "attending" ? "green" : i.rsvp === "absent" ? "red" : i.rsvp === "delegated" ? "amber" : "slate"}>{RSVP[i.rsvp]}</Badge></span>
                </li>
              ))}
            </ul>
          </section>
        </div>
      </div>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
