import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-page";
import { PageHeader } from "~/components/form";
import { Badge } from "~/components/status-badge";
import { formatDate, formatTime, weekdayName } from "~/lib/dates";
import { parseWith } from "~/lib/http.server";
import { CONFIDENTIALITY_LABELS, MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { listMeetingsFor } from "~/services/meeting-queries.server";

export const meta: MetaFunction = () => [{ title: "Lịch họp · Phòng Họp Số" }];

const querySchema = z.object({ view: z.enum(["upcoming", "past"]).catch("upcoming") });
const DAY = 24 * 3600 * 1000;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { view } = parseWith(querySchema, Object.fromEntries(new URL(request.url).searchParams));
  const now = Date.now();
  const range = view === "past" ? { from: new Date(now - 90 * DAY), to: new Date(now) } : { from: new Date(now - DAY / 2), to: new Date(now + 90 * DAY) };
  const meetings = await listMeetingsFor(user, range);
  return json({ view, meetings: view === "past" ? meetings.reverse() : meetings });
}

export default function Meetings() {
  const { view, meetings } = useLoaderData<typeof loader>();
  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <PageHeader title="Lịch họp" description="Các cuộc họp của UBND Thành phố và Ban Cán sự Đảng UBND Thành phố mà bạn được xem." />
      <div className="mb-4 flex gap-2" role="tablist" aria-label="Khoảng thời gian">
        <Link role="tab" aria-selected={view === "upcoming"} to="?view=upcoming" className={view === "upcoming" ? "btn-primary btn-sm" : "btn-secondary btn-sm"}>Sắp tới</Link>
        <Link role="tab" aria-selected={view === "past"} to="?view=past" className={view === "past" ? "btn-primary btn-sm" : "btn-secondary btn-sm"}>Đã diễn ra (90 ngày)</Link>
      </div>
      <div className="card overflow-x-auto">
        {meetings.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">Không có cuộc họp nào trong khoảng thời gian này.</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Thời gian</th>
                <th scope="col">Cuộc họp</th>
                <th scope="col" className="hidden md:table-cell">Cơ quan</th>
                <th scope="col" className="hidden sm:table-cell">Địa điểm</th>
                <th scope="col">Trạng thái</th>
              </tr>
            </thead>
            <tbody>
              {meetings.map((m) => (
                <tr key={m.id}>
                  <td className="whitespace-nowrap">
                    <div className="font-medium">{weekdayName(m.startsAt)}, {formatDate(m.startsAt)}</div>
                    <div className="text-slate-500">{formatTime(m.startsAt)}–{formatTime(m.endsAt)}</div>
                  </td>
                  <td className="min-w-[16rem]">
                    <Link to={`/meetings/${m.id}`} className="font-medium hover:underline">{m.title}</Link>
                    <div className="text-xs text-slate-500">Họp {MEETING_KIND_LABELS[m.kind]?.toLowerCase()}{m.chairName ? ` · Chủ trì: ${m.chairName}` : ""}</div>
                  </td>
                  <td className="hidden md:table-cell">{m.bodyName}</td>
                  <td className="hidden sm:table-cell">{m.place}</td>
                  <td>
                    <div className="flex flex-wrap gap-1">
                      <Badge tone={m.status === "cancelled" ? "red" : m.status === "postponed" ? "amber" : m.status === "ended" ? "slate" : "blue"}>{MEETING_STATUS_LABELS[m.status]}</Badge>
                      {m.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[m.confidentiality]}</Badge>}
                    </div>
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
