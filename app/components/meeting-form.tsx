import { Form, useNavigation } from "@remix-run/react";
import { useMemo, useState } from "react";
import { formatDate, formatTime } from "~/lib/dates";
import { CONFIDENTIALITY_LABELS, MEETING_KIND_LABELS } from "~/lib/labels";
import { Field } from "./form";

type Person = { id: number; fullName: string; title: string | null };
export type MeetingFormOptions = {
  bodies: { id: number; name: string; kind: string; chairIds: number[]; secretaryIds: number[]; memberCount: number }[];
  rooms: { id: number; name: string; capacity: number }[];
  leaders: Person[];
  secretaries: Person[];
  users: Person[];
};
export type MeetingFormValues = {
  bodyId?: number;
  title?: string;
  kind?: string;
  date?: string;
  startTime?: string;
  endTime?: string;
  roomId?: number | null;
  onlineUrl?: string | null;
  chairId?: number | null;
  secretaryId?: number | null;
  confidentiality?: string;
  notes?: string | null;
  version?: number;
};
export type ConflictWarning = { meetingId: number; title: string; startsAt: string; endsAt: string; who: string };

export function MeetingForm({
  options,
  values = {},
  errors = {},
  warnings,
  mode,
}: {
  options: MeetingFormOptions;
  values?: MeetingFormValues;
  errors?: Record<string, string>;
  warnings?: ConflictWarning[];
  mode: "new" | "edit";
}) {
  const busy = useNavigation().state === "submitting";
  const [bodyId, setBodyId] = useState<number | undefined>(values.bodyId ?? options.bodies[0]?.id);
  const body = options.bodies.find((b) => b.id === bodyId);
  const [confidentiality, setConfidentiality] = useState(values.confidentiality ?? (body?.kind === "party" ? "restricted" : "normal"));

  const byId = useMemo(() => new Map(options.users.map((u) => [u.id, u])), [options.users]);
  const chairs = uniquePeople([...(body?.chairIds ?? []).map((id) => byId.get(id)), ...options.leaders]);
  const secretaries = uniquePeople([...(body?.secretaryIds ?? []).map((id) => byId.get(id)), ...options.secretaries]);
  const defaultChair = values.chairId ?? body?.chairIds[0] ?? null;
  const defaultSecretary = values.secretaryId ?? body?.secretaryIds[0] ?? null;

  return (
    <Form method="post" className="space-y-5" noValidate>
      {values.version !== undefined && <input type="hidden" name="version" value={values.version} />}
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="bodyId" label="Cơ quan họp" error={errors.bodyId}>
          {(p) => (
            <select
              {...p}
              value={bodyId}
              disabled={mode === "edit"}
              onChange={(e) => {
                const next = options.bodies.find((b) => b.id === Number(e.target.value));
                setBodyId(next?.id);
                setConfidentiality(next?.kind === "party" ? "restricted" : "normal");
              }}
            >
              {options.bodies.map((b) => (
                <option key={b.id} value={b.id}>{b.name}</option>
              ))}
            </select>
          )}
        </Field>
        {mode === "edit" && <input type="hidden" name="bodyId" value={bodyId} />}
        <Field name="kind" label="Hình thức" error={errors.kind}>
          {(p) => (
            <select {...p} defaultValue={values.kind ?? "regular"}>
              {Object.entries(MEETING_KIND_LABELS).map(([v, l]) => (
                <option key={v} value={v}>Họp {l.toLowerCase()}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <Field name="title" label="Tên cuộc họp" error={errors.title} hint="Ví dụ: Phiên họp UBND Thành phố thường kỳ tháng 12/2026">
        {(p) => <input {...p} defaultValue={values.title} maxLength={500} required />}
      </Field>
      <div className="grid gap-4 sm:grid-cols-3">
        <Field name="date" label="Ngày họp" error={errors.date}>
          {(p) => <input {...p} type="date" defaultValue={values.date} required />}
        </Field>
        <Field name="startTime" label="Giờ bắt đầu" error={errors.startTime}>
          {(p) => <input {...p} type="time" step={300} defaultValue={values.startTime ?? "08:00"} required />}
        </Field>
        <Field name="endTime" label="Giờ kết thúc" error={errors.endTime}>
          {(p) => <input {...p} type="time" step={300} defaultValue={values.endTime ?? "11:30"} required />}
        </Field>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="roomId" label="Phòng họp" error={errors.roomId}>
          {(p) => (
            <select {...p} defaultValue={values.roomId ?? ""}>
              <option value="">— Không dùng phòng họp (chỉ trực tuyến) —</option>
              {options.rooms.map((r) => (
                <option key={r.id} value={r.id}>{r.name} ({r.capacity} chỗ)</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="onlineUrl" label="Đường dẫn họp trực tuyến (nếu có)" error={errors.onlineUrl}>
          {(p) => <input {...p} type="url" inputMode="url" placeholder="https://" defaultValue={values.onlineUrl ?? ""} />}
        </Field>
        <Field name="chairId" label="Chủ trì" error={errors.chairId}>
          {(p) => (
            <select {...p} key={`chair-${bodyId}`} defaultValue={defaultChair ?? ""}>
              <option value="">— Chưa xác định —</option>
              {chairs.map((u) => (
                <option key={u.id} value={u.id}>{u.fullName}{u.title ? ` – ${u.title}` : ""}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="secretaryId" label="Thư ký" error={errors.secretaryId}>
          {(p) => (
            <select {...p} key={`sec-${bodyId}`} defaultValue={defaultSecretary ?? ""}>
              <option value="">— Chưa xác định —</option>
              {secretaries.map((u) => (
                <option key={u.id} value={u.id}>{u.fullName}{u.title ? ` – ${u.title}` : ""}</option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset>
        <legend className="label">Độ mật</legend>
        <div className="flex flex-wrap gap-2">
          {Object.entries(CONFIDENTIALITY_LABELS).map(([v, l]) => (
            <label key={v} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input type="radio" name="confidentiality" value={v} checked={confidentiality === v} onChange={() => setConfidentiality(v)} />
              {l}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          Cuộc họp «Hạn chế» hoặc «Mật» chỉ hiển thị với người được mời, thành viên cơ quan họp và Văn phòng.
          {body?.kind === "party" && " Cuộc họp của Ban Cán sự Đảng mặc định là «Hạn chế»."}
        </p>
        {errors.confidentiality && <p className="field-error">{errors.confidentiality}</p>}
      </fieldset>
      {mode === "new" && (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="inviteBodyMembers" defaultChecked className="h-4 w-4" />
          Mời toàn bộ thành viên {body ? `«${body.name}» (${body.memberCount} người)` : "cơ quan họp"}
        </label>
      )}
      <Field name="notes" label="Ghi chú" error={errors.notes}>
        {(p) => <textarea {...p} rows={3} defaultValue={values.notes ?? ""} />}
      </Field>

      {warnings && warnings.length > 0 && (
        <div role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
          <p className="font-semibold">Trùng lịch:</p>
          <ul className="ml-5 list-disc">
            {warnings.map((w, i) => (
              <li key={i}>
                {w.who} đang có cuộc họp «{w.title}» {formatTime(w.startsAt)}–{formatTime(w.endsAt)} ngày {formatDate(w.startsAt)}
              </li>
            ))}
          </ul>
          <label className="mt-2 flex items-center gap-2 font-medium">
            <input type="checkbox" name="confirmConflicts" className="h-4 w-4" /> Tôi đã xem các lịch trùng và vẫn muốn lưu
          </label>
        </div>
      )}

      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Đang lưu…" : mode === "new" ? "Lên lịch họp" : "Lưu thay đổi"}
        </button>
      </div>
    </Form>
  );
}

function uniquePeople(list: (Person | undefined)[]) {
  const seen = new Set<number>();
  return list.filter((p): p is Person => Boolean(p) && !seen.has(p!.id) && Boolean(seen.add(p!.id)));
}
