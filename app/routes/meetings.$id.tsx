import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useRef } from "react";
import { Link, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-page";
import { DocumentList } from "~/components/document-list";
import { AgendaPanel } from "~/components/meeting/agenda-panel";
import type { MinutesEditorHandle } from "~/components/minutes/minutes-editor";
import { MinutesPanel } from "~/components/minutes/minutes-panel";
import { AttendancePanel } from "~/components/meeting/attendance-panel";
import { MyInvitation } from "~/components/meeting/my-invitation";
import { StatusActions } from "~/components/meeting/status-actions";
import { useSocketEvent, useSocketRoom } from "~/components/realtime-provider";
import { Badge, TaskStatusBadge } from "~/components/status-badge";
import { formatDate, formatTime, weekdayName } from "~/lib/dates";
import { ValidationError } from "~/lib/errors";
import { failure, guardLoader, parseIdParam, parseWith, readForm } from "~/lib/http.server";
import { CONFIDENTIALITY_LABELS, MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from "~/lib/labels";
import { requireUser } from "~/lib/session.server";
import { can } from "~/policies";
import { idField } from "~/schemas/common";
import {
  agendaItemSchema,
  agendaMoveSchema,
  agendaOrderSchema,
  agendaStatusSchema,
  cancelSchema,
  checkInSchema,
  inviteSchema,
  postponeSchema,
  rsvpSchema,
  transitionSchema,
} from "~/schemas/meeting";
import { addAgendaItem, moveAgendaItem, removeAgendaItem, reorderAgenda, setAgendaItemStatus, updateAgendaItem } from "~/services/agenda.server";
import { listDocumentsFor } from "~/services/documents.server";
import { checkIn, inviteToMeeting, removeInvitation, respondToInvitation } from "~/services/invitations.server";
import { getMeetingFor, meetingPagePickers } from "~/services/meeting-queries.server";
import { listMeetingTasksFor } from "~/services/task-queries.server";
import { cancelMeeting, postponeMeeting, transitionMeeting } from "~/services/meetings.server";
import { approveMinutes, finalizeMinutes, minutesSummary, reopenMinutes, setAttendeesCanEdit } from "~/services/minutes.server";
import type { CurrentUser } from "~/lib/current-user";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? "Cuộc họp"} · Phòng Họp Số` }];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const id = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const meeting = await getMeetingFor(user, id);
    const pickers = await meetingPagePickers(user, { manage: meeting.viewer.canManage });
    const documents = await listDocumentsFor("agenda_item", meeting.agenda.map((a) => a.id));
    const minutes = await minutesSummary(user, id);
    const tasks = await listMeetingTasksFor(user, id);
    return json({ meeting, pickers, documents, minutes, tasks, canAssignTasks: can(user, "task:assign"), canRecordDirective: can(user, "directive:create"), user: { id: user.id, fullName: user.fullName, roles: user.roles }, now: new Date().toISOString() });
  });
}

type Form = Record<string, FormDataEntryValue | FormDataEntryValue[]>;
const itemId = z.object({ itemId: idField("Nội dung không hợp lệ.") });
const invitationId = z.object({ invitationId: idField("Giấy mời không hợp lệ.") });
const reopenSchema = z.object({ reason: z.string().trim().min(3, "Vui lòng nêu lý do mở lại.").max(1000) });
const attendeesSchema = z.object({ allowed: z.enum(["true", "false"]).transform((v) => v === "true") });

/** One service call per intent; the page refreshes from the socket event the service emits. */
const intents: Record<string, (actor: CurrentUser, meetingId: number, form: Form) => Promise<unknown>> = {
  transition: (actor, meetingId, f) => transitionMeeting({ actor, meetingId, ...parseWith(transitionSchema, f) }),
  postpone: (actor, meetingId, f) => postponeMeeting({ actor, meetingId, ...parseWith(postponeSchema, f) }),
  cancel: (actor, meetingId, f) => cancelMeeting({ actor, meetingId, ...parseWith(cancelSchema, f) }),
  "agenda-add": (actor, meetingId, f) => addAgendaItem({ actor, meetingId, input: parseWith(agendaItemSchema, f) }),
  "agenda-update": (actor, meetingId, f) => updateAgendaItem({ actor, meetingId, itemId: parseWith(itemId, f).itemId, input: parseWith(agendaItemSchema, f) }),
  "agenda-remove": (actor, meetingId, f) => removeAgendaItem({ actor, meetingId, itemId: parseWith(itemId, f).itemId }),
  "agenda-move": (actor, meetingId, f) => moveAgendaItem({ actor, meetingId, ...parseWith(agendaMoveSchema, f) }),
  "agenda-order": (actor, meetingId, f) => reorderAgenda({ actor, meetingId, order: parseWith(agendaOrderSchema, f).order }),
  "agenda-status": (actor, meetingId, f) => setAgendaItemStatus({ actor, meetingId, ...parseWith(agendaStatusSchema, f) }),
  invite: (actor, meetingId, f) => inviteToMeeting({ actor, meetingId, ...parseWith(inviteSchema, f) }),
  uninvite: (actor, meetingId, f) => removeInvitation({ actor, meetingId, invitationId: parseWith(invitationId, f).invitationId }),
  rsvp: (actor, _meetingId, f) => respondToInvitation({ actor, ...parseWith(rsvpSchema, f) }),
  "check-in": (actor, meetingId, f) => checkIn({ actor, meetingId, ...parseWith(checkInSchema, f) }),
  "minutes-finalize": (actor, meetingId) => finalizeMinutes({ actor, meetingId }),
  "minutes-approve": (actor, meetingId) => approveMinutes({ actor, meetingId }),
  "minutes-reopen": (actor, meetingId, f) => reopenMinutes({ actor, meetingId, ...parseWith(reopenSchema, f) }),
  "minutes-attendees": (actor, meetingId, f) => setAttendeesCanEdit({ actor, meetingId, ...parseWith(attendeesSchema, f) }),
};

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  try {
    const id = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const form = await readForm(request);
    const run = intents[String(form.intent)];
    if (!run) return failure(new ValidationError({ intent: "Thao tác không hợp lệ." }));
    await run(user, id, form);
    return json({ ok: true as const });
  } catch (e) {
    return failure(e);
  }
}

export default function MeetingPage() {
  const { meeting: m, pickers, documents, minutes, user, now, canAssignTasks, canRecordDirective, tasks } = useLoaderData<typeof loader>();
  const minutesRef = useRef<MinutesEditorHandle>(null);
  const revalidator = useRevalidator();
  const [params] = useSearchParams();
  useSocketRoom(`meeting:${m.id}`);
  useSocketEvent<{ meetingId: number }>("meeting:changed", (p) => {
    if (p.meetingId === m.id) revalidator.revalidate();
  });
  useSocketEvent<{ meetingId: number | null }>("task:changed", (p) => {
    if (p.meetingId === m.id) revalidator.revalidate();
  });
  useSocketEvent<{ meetingId: number }>("minutes:status", (p) => {
    if (p.meetingId === m.id) revalidator.revalidate();
  });
  const statusTone = m.status === "cancelled" ? "red" : m.status === "postponed" ? "amber" : m.status === "in_progress" ? "green" : m.status === "ended" ? "slate" : "blue";

  return (
    <div className="mx-auto max-w-7xl px-4 py-6">
      <nav className="mb-2 flex flex-wrap justify-between gap-2 text-sm">
        <Link to="/meetings" className="link">← Lịch họp</Link>
        <span className="flex gap-3">
          <a className="link" href={`/meetings/${m.id}.ics`}>Thêm vào lịch (.ics)</a>
          {m.viewer.canManage && !["ended", "cancelled"].includes(m.status) && <Link className="link" to={`/meetings/${m.id}/edit`}>Sửa thông tin</Link>}
        </span>
      </nav>
      {params.get("created") && (
        <div role="status" className="mb-4 rounded-md border border-green-200 bg-green-50 px-3 py-2 text-sm text-green-800">
          Đã lên lịch cuộc họp (bản nháp). Hoàn thiện chương trình, thành phần rồi bấm «Triệu tập» để gửi giấy mời.
        </div>
      )}
      <div className="mb-4">
        <p className="text-sm text-slate-500">{m.body.name} · Họp {MEETING_KIND_LABELS[m.kind]?.toLowerCase()}</p>
        <h1 className="page-title">{m.title}</h1>
        <div className="mt-2 flex flex-wrap items-center gap-1" data-testid="meeting-status">
          <Badge tone={statusTone}>{MEETING_STATUS_LABELS[m.status]}</Badge>
          {m.confidentiality !== "normal" && <Badge tone="red">{CONFIDENTIALITY_LABELS[m.confidentiality]}</Badge>}
        </div>
        {m.statusReason && <p className="mt-2 text-sm text-amber-800">Lý do {m.status === "cancelled" ? "hủy" : "hoãn"}: {m.statusReason}</p>}
      </div>
      {m.viewer.canManage && (
        <div className="mb-6"><StatusActions meeting={m} /></div>
      )}
      <div className="grid gap-6 xl:grid-cols-5">
        <div className="space-y-6 xl:col-span-2">
          <MyInvitation meeting={m} pickers={pickers} now={now} />
          <AgendaPanel
            meeting={m}
            pickers={pickers}
            onSelectItem={(itemId) => minutesRef.current?.scrollToAgendaItem(itemId)}
            renderDocuments={(item) =>
              (documents[item.id]?.length || m.viewer.canManage) ? (
                <DocumentList documents={documents[item.id] ?? []} canManage={m.viewer.canManage && !["cancelled"].includes(m.status)} meetingId={m.id} agendaItemId={item.id} />
              ) : null
            }
          />
        </div>
        <div className="xl:col-span-3">
          <MinutesPanel ref={minutesRef} meetingId={m.id} summary={minutes} user={user} canAssignTasks={canAssignTasks} />
        </div>
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <section className="card p-4" aria-labelledby="info-title">
          <h2 id="info-title" className="card-title mb-3">Thông tin</h2>
          <dl className="grid grid-cols-[6.5rem_1fr] gap-y-2 text-sm">
            <dt className="text-slate-500">Thời gian</dt>
            <dd>{weekdayName(m.startsAt)}, {formatDate(m.startsAt)}, {formatTime(m.startsAt)}–{formatTime(m.endsAt)}</dd>
            <dt className="text-slate-500">Địa điểm</dt>
            <dd>
              {m.room ? `${m.room.name}${m.room.location ? `, ${m.room.location}` : ""}` : "—"}
              {m.onlineUrl && <> · <a className="link" href={m.onlineUrl} rel="noreferrer noopener" target="_blank">Họp trực tuyến</a></>}
            </dd>
            <dt className="text-slate-500">Chủ trì</dt><dd>{m.chair ? `${m.chair.fullName}${m.chair.title ? `, ${m.chair.title}` : ""}` : "—"}</dd>
            <dt className="text-slate-500">Thư ký</dt><dd>{m.secretary?.fullName ?? "—"}</dd>
          </dl>
          {m.notes && <p className="mt-3 whitespace-pre-line text-sm text-slate-700">{m.notes}</p>}
        </section>
        <AttendancePanel meeting={m} pickers={pickers} />
      </div>
      <section className="card mt-6" aria-labelledby="meeting-tasks">
        <div className="card-header flex-wrap">
          <h2 id="meeting-tasks" className="card-title">Nhiệm vụ giao tại cuộc họp</h2>
          <span className="flex flex-wrap gap-3 text-sm">
            {canAssignTasks && <Link className="link" to={`/tasks/new?meetingId=${m.id}`}>+ Giao nhiệm vụ</Link>}
            {canRecordDirective && <Link className="link" to={`/directives/new?fromMeeting=${m.id}`}>Tạo thông báo kết luận</Link>}
          </span>
        </div>
        {tasks.length === 0 ? (
          <p className="px-4 py-4 text-sm text-slate-500">Chưa có nhiệm vụ nào.{canAssignTasks ? " Bôi đen một đoạn kết luận trong biên bản để giao nhiệm vụ." : ""}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {tasks.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center justify-between gap-2 px-4 py-2 text-sm">
                <span className="min-w-0 flex-1"><Link className="hover:underline" to={`/tasks/${t.id}`}>{t.content}</Link> <span className="text-slate-500">· {t.leadUnitName}{t.deadline ? ` · hạn ${formatDate(t.deadline)}` : ""}</span></span>
                <span className="flex items-center gap-2"><span>{t.progress}%</span><TaskStatusBadge status={t.status} /></span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
