import { Badge } from "~/components/status-badge";
import { formatTime } from "~/lib/dates";
import { FetcherForm } from "./fetcher-form";
import type { MeetingView, Pickers } from "./types";

export const RSVP_LABELS: Record<string, string> = { pending: "Chờ trả lời", attending: "Tham dự", absent: "Vắng", delegated: "Cử người dự thay" };
const RSVP_TONE: Record<string, "green" | "red" | "amber" | "slate"> = { attending: "green", absent: "red", delegated: "amber", pending: "slate" };

export function QuorumBar({ attendance: a }: { attendance: MeetingView["attendance"] }) {
  const pct = a.total ? Math.round((a.present / a.total) * 100) : 0;
  const needPct = a.total ? Math.round((a.required / a.total) * 100) : 0;
  return (
    <div data-testid="quorum" className="rounded-md border border-slate-200 p-3">
      <div className="flex items-baseline justify-between gap-2 text-sm">
        <span className="font-semibold">Có mặt: {a.present}/{a.total} thành viên</span>
        <span className={a.reached ? "font-semibold text-green-700" : "text-amber-800"}>
          {a.reached ? "Đủ số lượng để tiến hành" : `Cần tối thiểu ${a.required} (${a.rule})`}
        </span>
      </div>
      <div className="relative mt-2 h-2.5 rounded bg-slate-200" aria-hidden="true">
        <div className={`h-2.5 rounded ${a.reached ? "bg-green-600" : "bg-amber-500"}`} style={{ width: `${pct}%` }} />
        <div className="absolute top-[-3px] h-4 w-0.5 bg-slate-700" style={{ left: `${needPct}%` }} title="Ngưỡng tối thiểu" />
      </div>
      <p className="mt-2 text-xs text-slate-600">
        Tham dự {a.answered.attending} · Vắng {a.answered.absent} · Cử người dự thay {a.answered.delegated} · Chờ trả lời {a.answered.pending}
      </p>
    </div>
  );
}

export function AttendancePanel({ meeting, pickers }: { meeting: MeetingView; pickers: Pickers }) {
  const manage = meeting.viewer.canManage;
  const open = !["ended", "cancelled"].includes(meeting.status);
  const checkInOpen = ["convened", "postponed", "in_progress", "ended"].includes(meeting.status);
  const invitedUsers = new Set(meeting.invitations.map((i) => i.userId).filter(Boolean));
  const invitedUnits = new Set(meeting.invitations.map((i) => i.unitId).filter(Boolean));
  return (
    <section className="card" aria-labelledby="invitees-title">
      <div className="card-header">
        <h2 id="invitees-title" className="card-title">Thành phần ({meeting.invitations.length})</h2>
      </div>
      <div className="p-4 pb-2"><QuorumBar attendance={meeting.attendance} /></div>
      <ul className="divide-y divide-slate-100 text-sm">
        {meeting.invitations.map((i) => (
          <li key={i.id} data-testid="invitation" className="flex items-start justify-between gap-2 px-4 py-2">
            <span className="min-w-0">
              <span className="font-medium">{i.name}</span>
              {i.isUnit && <span className="ml-1 text-xs text-slate-500">(đơn vị)</span>}
              {i.title && <span className="block text-xs text-slate-500">{i.title}</span>}
              {i.delegate && <span className="block text-xs text-slate-500">{i.isUnit ? "Người dự" : "Dự thay"}: {i.delegate}</span>}
              {i.reason && i.rsvp === "absent" && <span className="block text-xs text-slate-500">Lý do: {i.reason}</span>}
              {i.delegatedFromId && <span className="block text-xs text-slate-500">Được cử dự thay</span>}
              {i.checkedInAt && <span className="block text-xs font-medium text-green-700">✓ Đã điểm danh {formatTime(i.checkedInAt)}</span>}
            </span>
            <span className="flex shrink-0 flex-col items-end gap-1">
              <span className="whitespace-nowrap"><Badge tone={RSVP_TONE[i.rsvp]}>{RSVP_LABELS[i.rsvp]}</Badge></span>
              {manage && checkInOpen && !i.isUnit && (
                <FetcherForm intent="check-in" fields={{ invitationId: i.id, undo: i.checkedInAt ? "true" : undefined }}>
                  {({ busy }) => (
                    <button className="btn-secondary btn-sm" disabled={busy} aria-label={`${i.checkedInAt ? "Hủy điểm danh" : "Điểm danh"} ${i.name}`}>
                      {i.checkedInAt ? "Hủy điểm danh" : "Điểm danh"}
                    </button>
                  )}
                </FetcherForm>
              )}
              {manage && open && !i.checkedInAt && i.userId !== meeting.chairId && i.userId !== meeting.secretaryId && (
                <FetcherForm intent="uninvite" fields={{ invitationId: i.id }} confirm={`Bỏ ${i.name} khỏi thành phần mời?`}>
                  {({ busy }) => <button className="text-xs text-slate-500 hover:text-flag-700" disabled={busy} aria-label={`Bỏ ${i.name} khỏi thành phần`}>Bỏ mời</button>}
                </FetcherForm>
              )}
            </span>
          </li>
        ))}
      </ul>
      {manage && open && (
        <details className="border-t border-slate-200 px-4 py-3">
          <summary className="cursor-pointer text-sm font-semibold text-brand-700">+ Mời thêm người hoặc đơn vị</summary>
          <FetcherForm intent="invite" className="mt-2 space-y-2">
            {({ busy }) => (
              <>
                <label className="block text-sm">
                  Người
                  <select name="userIds" multiple size={6} className="input">
                    {pickers.users.filter((u) => !invitedUsers.has(u.id)).map((u) => (
                      <option key={u.id} value={u.id}>{u.fullName}{u.title ? ` – ${u.title}` : ""}</option>
                    ))}
                  </select>
                </label>
                <label className="block text-sm">
                  Đơn vị (đơn vị tự cử người dự)
                  <select name="unitIds" multiple size={4} className="input">
                    {pickers.units.filter((u) => !invitedUnits.has(u.id)).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
                  </select>
                </label>
                <p className="text-xs text-slate-500">Giữ Ctrl (⌘ trên Mac) để chọn nhiều.</p>
                <button className="btn-primary btn-sm" disabled={busy}>Mời</button>
              </>
            )}
          </FetcherForm>
        </details>
      )}
    </section>
  );
}
