import { useState } from "react";
import { formatTime } from "~/lib/dates";
import { RSVP_LABELS } from "./attendance-panel";
import { FetcherForm } from "./fetcher-form";
import type { MeetingView, Pickers } from "./types";

/** The invitee's own answer: tham dự / vắng (lý do) / cử người dự thay, and self check-in. */
export function MyInvitation({ meeting, pickers, now }: { meeting: MeetingView; pickers: Pickers; now: string }) {
  const mine = meeting.invitations.filter((i) => meeting.viewer.answerableInvitationIds.includes(i.id));
  if (!mine.length || ["ended", "cancelled"].includes(meeting.status)) return null;
  const t = new Date(now).getTime();
  const selfCheckIn = ["convened", "postponed", "in_progress"].includes(meeting.status) && t >= new Date(meeting.startsAt).getTime() - 30 * 60_000 && t <= new Date(meeting.endsAt).getTime();
  return (
    <section className="card border-brand-200 p-4" aria-labelledby="my-invitation-title">
      <h2 id="my-invitation-title" className="card-title mb-2">Giấy mời của bạn</h2>
      {mine.map((i) => (
        <div key={i.id} className="space-y-2">
          <p className="text-sm">
            {i.isUnit ? <>Đơn vị <strong>{i.name}</strong> được mời. </> : null}
            Trả lời hiện tại: <strong>{RSVP_LABELS[i.rsvp]}</strong>
            {i.delegate && <> – {i.isUnit ? "người dự" : "dự thay"}: {i.delegate}</>}
          </p>
          <RsvpForm invitationId={i.id} current={i.rsvp} isUnit={i.isUnit} pickers={pickers} />
          {selfCheckIn && !i.isUnit && !i.checkedInAt && (
            <FetcherForm intent="check-in" fields={{ invitationId: i.id }}>
              {({ busy }) => <button className="btn-primary" disabled={busy}>Tôi đã có mặt (điểm danh)</button>}
            </FetcherForm>
          )}
          {i.checkedInAt && <p className="text-sm font-medium text-green-700">✓ Bạn đã điểm danh lúc {formatTime(i.checkedInAt)}</p>}
        </div>
      ))}
    </section>
  );
}

function RsvpForm({ invitationId, current, isUnit, pickers }: { invitationId: number; current: string; isUnit: boolean; pickers: Pickers }) {
  const [choice, setChoice] = useState(current === "pending" ? "attending" : current);
  const options = isUnit
    ? [["delegated", "Cử người dự"], ["absent", "Vắng"]]
    : [["attending", "Tham dự"], ["absent", "Vắng"], ["delegated", "Cử người dự thay"]];
  return (
    <FetcherForm intent="rsvp" fields={{ invitationId }} className="space-y-2">
      {({ busy, errors }) => (
        <>
          <div className="flex flex-wrap gap-2" role="radiogroup" aria-label="Trả lời giấy mời">
            {options.map(([v, l]) => (
              <label key={v} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                <input type="radio" name="rsvp" value={v} checked={choice === v} onChange={() => setChoice(v)} /> {l}
              </label>
            ))}
          </div>
          {choice === "absent" && (
            <label className="block text-sm">
              Lý do vắng mặt
              <input name="reason" className={`input ${errors.reason ? "input-error" : ""}`} maxLength={1000} required />
            </label>
          )}
          {choice === "delegated" && (
            <label className="block text-sm">
              {isUnit ? "Người dự họp" : "Người dự thay"}
              <select name="delegateUserId" className={`input ${errors.delegateUserId ? "input-error" : ""}`} required defaultValue="">
                <option value="" disabled>— Chọn người —</option>
                {pickers.users.map((u) => <option key={u.id} value={u.id}>{u.fullName}{u.title ? ` – ${u.title}` : ""}</option>)}
              </select>
            </label>
          )}
          <button className="btn-primary btn-sm" disabled={busy}>{busy ? "Đang gửi…" : "Gửi trả lời"}</button>
        </>
      )}
    </FetcherForm>
  );
}
