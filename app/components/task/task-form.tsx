import { Form, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Field } from "~/components/form";

export type TaskFormOptions = {
  units: { id: number; name: string }[];
  users: { id: number; name: string; unitId: number | null }[];
};

export type TaskFormValues = {
  content?: string;
  leadUnitId?: number | null;
  coordinatingUnitIds?: number[];
  ownerId?: number | null;
  deadlineKind?: "date" | "none" | "recurring";
  deadline?: string | null;
  recurrence?: string | null;
  starred?: boolean;
  parentId?: number | null;
  version?: number;
};

/** Giao / sửa một nhiệm vụ: the fields of DESIGN.md §4, one schema with the action (app/schemas/task.ts). */
export function TaskForm({
  options,
  values = {},
  errors = {},
  hidden = {},
  submitLabel,
}: {
  options: TaskFormOptions;
  values?: TaskFormValues;
  errors?: Record<string, string>;
  hidden?: Record<string, string | number | null | undefined>;
  submitLabel: string;
}) {
  const [kind, setKind] = useState(values.deadlineKind ?? "date");
  const [leadUnitId, setLeadUnitId] = useState<number | null>(values.leadUnitId ?? null);
  const busy = useNavigation().state !== "idle";
  // People of the lead unit first: the usual owner is one of them.
  const users = [...options.users].sort((a, b) => Number(b.unitId === leadUnitId) - Number(a.unitId === leadUnitId));
  return (
    <Form method="post" className="space-y-4" noValidate>
      {Object.entries(hidden).map(([k, v]) => (v == null ? null : <input key={k} type="hidden" name={k} value={String(v)} />))}
      {values.version !== undefined && <input type="hidden" name="version" value={values.version} />}
      <Field name="content" label="Nội dung nhiệm vụ" error={errors.content}>
        {(p) => <textarea {...p} rows={4} defaultValue={values.content ?? ""} required />}
      </Field>
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="leadUnitId" label="Đơn vị chủ trì" error={errors.leadUnitId}>
          {(p) => (
            <select {...p} defaultValue={values.leadUnitId ?? ""} onChange={(e) => setLeadUnitId(Number(e.currentTarget.value) || null)} required>
              <option value="">— Chọn đơn vị —</option>
              {options.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          )}
        </Field>
        <Field name="ownerId" label="Người phụ trách" error={errors.ownerId} hint="Không bắt buộc; mặc định là lãnh đạo đơn vị chủ trì.">
          {(p) => (
            <select {...p} defaultValue={values.ownerId ?? ""}>
              <option value="">— Không chỉ định —</option>
              {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          )}
        </Field>
      </div>
      <Field name="coordinatingUnitIds" label="Đơn vị phối hợp" error={errors.coordinatingUnitIds} hint="Giữ Ctrl (⌘ trên Mac) để chọn nhiều đơn vị.">
        {(p) => (
          <select {...p} multiple size={Math.min(6, options.units.length)} defaultValue={(values.coordinatingUnitIds ?? []).map(String)}>
            {options.units.filter((u) => u.id !== leadUnitId).map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
          </select>
        )}
      </Field>
      <fieldset>
        <legend className="label">Thời hạn</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {([["date", "Có thời hạn"], ["none", "Không thời hạn"], ["recurring", "Báo cáo định kỳ"]] as const).map(([v, l]) => (
            <label key={v} className="flex items-center gap-2">
              <input type="radio" name="deadlineKind" value={v} checked={kind === v} onChange={() => setKind(v)} /> {l}
            </label>
          ))}
        </div>
        {errors.deadlineKind && <p className="field-error">{errors.deadlineKind}</p>}
      </fieldset>
      {kind !== "none" && (
        <div className="grid gap-4 md:grid-cols-2">
          <Field name="deadline" label={kind === "recurring" ? "Hạn báo cáo kỳ đầu" : "Hạn hoàn thành"} error={errors.deadline}>
            {(p) => <input {...p} type="date" defaultValue={values.deadline ?? ""} required />}
          </Field>
          {kind === "recurring" && (
            <Field name="recurrence" label="Chu kỳ báo cáo" error={errors.recurrence}>
              {(p) => (
                <select {...p} defaultValue={values.recurrence ?? "monthly"}>
                  <option value="monthly">Hằng tháng</option>
                  <option value="quarterly">Hằng quý</option>
                  <option value="yearly">Hằng năm</option>
                </select>
              )}
            </Field>
          )}
        </div>
      )}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="starred" defaultChecked={values.starred ?? false} /> Nhiệm vụ trọng tâm
      </label>
      {errors._form && <p role="alert" className="field-error">{errors._form}</p>}
      <div className="flex gap-2">
        <button type="submit" className="btn-primary" disabled={busy}>{busy ? "Đang lưu…" : submitLabel}</button>
      </div>
    </Form>
  );
}
