import { formatDate, toDateInputValue, toTimeInputValue } from "~/lib/dates";
import { FetcherForm } from "./fetcher-form";
import type { MeetingView } from "./types";

/** The secretariat's controls for the meeting's lifecycle. */
export function StatusActions({ meeting: m }: { meeting: MeetingView }) {
  const v = { version: m.version };
  const canStart = ["convened", "postponed"].includes(m.status);
  const canPostpone = ["draft", "convened", "postponed"].includes(m.status);
  const canCancel = !["ended", "cancelled"].includes(m.status);
  return (
    <div className="flex flex-wrap items-start gap-2">
      {m.status === "draft" && (
        <FetcherForm intent="transition" fields={{ ...v, to: "convened" }} confirm={`Gửi giấy mời tới ${m.invitations.length} người/đơn vị?`}>
          {({ busy }) => <button className="btn-primary" disabled={busy}>Triệu tập (gửi giấy mời)</button>}
        </FetcherForm>
      )}
      {canStart && (
        <FetcherForm intent="transition" fields={{ ...v, to: "in_progress" }}>
          {({ busy }) => <button className="btn-primary" disabled={busy}>Bắt đầu họp</button>}
        </FetcherForm>
      )}
      {m.status === "in_progress" && (
        <FetcherForm intent="transition" fields={{ ...v, to: "ended" }} confirm="Kết thúc cuộc họp?">
          {({ busy }) => <button className="btn-primary" disabled={busy}>Kết thúc cuộc họp</button>}
        </FetcherForm>
      )}
      {canPostpone && (
        <details className="rounded-md border border-slate-300 bg-white">
          <summary className="cursor-pointer px-3 py-2 text-sm font-semibold">Hoãn…</summary>
          <FetcherForm intent="postpone" fields={v} className="space-y-2 p-3">
            {({ busy, errors }) => (
              <>
                <div className="grid grid-cols-3 gap-2">
                  <label className="text-xs">Ngày mới<input name="date" type="date" className="input" defaultValue={toDateInputValue(m.startsAt)} aria-invalid={Boolean(errors.date)} /></label>
                  <label className="text-xs">Từ<input name="startTime" type="time" className="input" defaultValue={toTimeInputValue(m.startsAt)} /></label>
                  <label className="text-xs">Đến<input name="endTime" type="time" className="input" defaultValue={toTimeInputValue(m.endsAt)} /></label>
                </div>
                <label className="block text-xs">Lý do hoãn<textarea name="reason" rows={2} className="input" required /></label>
                <label className="flex items-center gap-2 text-xs"><input type="checkbox" name="confirmConflicts" /> Vẫn hoãn nếu có người trùng lịch</label>
                <button className="btn-secondary btn-sm" disabled={busy}>Xác nhận hoãn</button>
              </>
            )}
          </FetcherForm>
        </details>
      )}
      {canCancel && (
        <details className="rounded-md border border-red-200 bg-white">
          <summary className="cursor-pointer px-3 py-2 text-sm font-semibold text-flag-700">Hủy cuộc họp…</summary>
          <FetcherForm intent="cancel" fields={v} className="space-y-2 p-3" confirm={`Hủy cuộc họp ngày ${formatDate(m.startsAt)}?`}>
            {({ busy }) => (
              <>
                <label className="block text-xs">Lý do hủy<textarea name="reason" rows={2} className="input" required /></label>
                <button className="btn-danger btn-sm" disabled={busy}>Hủy cuộc họp</button>
              </>
            )}
          </FetcherForm>
        </details>
      )}
    </div>
  );
}
