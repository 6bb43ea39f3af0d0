import { Field } from "~/components/form";
import { BODY_KIND_LABELS } from "~/lib/labels";
import { bodyFields, fieldsOf } from "~/schemas/admin";
import { BODY_KINDS } from "../../models/enums";
import { UnitOptions, type UnitChoice } from "./admin-ui";

const F = fieldsOf(bodyFields);

export type BodyValues = {
  code: string;
  name: string;
  kind: string;
  quorumNumerator: number;
  quorumDenominator: number;
  description: string | null;
  hostUnitId: number | null;
};

/** Fields of "Thêm / Sửa cơ quan họp"; the quorum is a fraction of the members (2/3 by default). */
export function BodyFields({ values, errors, units }: { values?: BodyValues; errors: Record<string, string>; units: UnitChoice[] }) {
  const quorumError = errors.quorumNumerator ?? errors.quorumDenominator;
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-[12rem_minmax(0,1fr)]">
        <Field name={F.code} label="Mã" error={errors.code} hint="Duy nhất, ví dụ: UBND-TP.">
          {(p) => <input {...p} defaultValue={values?.code ?? ""} maxLength={50} autoComplete="off" required />}
        </Field>
        <Field name={F.name} label="Tên cơ quan họp" error={errors.name}>
          {(p) => <input {...p} defaultValue={values?.name ?? ""} maxLength={255} required />}
        </Field>
      </div>
      <fieldset aria-describedby={errors.kind ? "f-kind-error" : undefined}>
        <legend className="label">Loại</legend>
        <div className="flex flex-wrap gap-3">
          {BODY_KINDS.map((k) => (
            <label key={k} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-200 px-3 py-2 text-sm has-[:checked]:border-brand-300 has-[:checked]:bg-brand-50">
              <input type="radio" name={F.kind} value={k} defaultChecked={(values?.kind ?? "state") === k} className="h-4 w-4 text-brand-700 focus:ring-brand-500" />
              {BODY_KIND_LABELS[k] ?? k}
            </label>
          ))}
        </div>
        {errors.kind && (
          <p id="f-kind-error" className="field-error">
            {errors.kind}
          </p>
        )}
      </fieldset>
      <fieldset>
        <legend className="label">Tỷ lệ tối thiểu để cuộc họp hợp lệ</legend>
        <div className="flex items-center gap-2">
          <label htmlFor="f-quorumNumerator" className="sr-only">Tử số</label>
          <input
            id="f-quorumNumerator"
            name={F.quorumNumerator}
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            defaultValue={values?.quorumNumerator ?? 2}
            className={`input w-20 ${errors.quorumNumerator ? "input-error" : ""}`}
            aria-invalid={Boolean(errors.quorumNumerator)}
            aria-describedby={quorumError ? "quorum-hint quorum-error" : "quorum-hint"}
            required
          />
          <span aria-hidden="true" className="text-lg text-slate-600">/</span>
          <label htmlFor="f-quorumDenominator" className="sr-only">Mẫu số</label>
          <input
            id="f-quorumDenominator"
            name={F.quorumDenominator}
            type="number"
            inputMode="numeric"
            min={1}
            max={100}
            defaultValue={values?.quorumDenominator ?? 3}
            className={`input w-20 ${errors.quorumDenominator ? "input-error" : ""}`}
            aria-invalid={Boolean(errors.quorumDenominator)}
            aria-describedby={quorumError ? "quorum-hint quorum-error" : "quorum-hint"}
            required
          />
          <span className="text-sm text-slate-600">số thành viên</span>
        </div>
        <p id="quorum-hint" className="mt-1 text-xs text-slate-500">
          Mặc định 2/3. Điều kiện: 1 ≤ tử số ≤ mẫu số ≤ 100.
        </p>
        {quorumError && (
          <p id="quorum-error" className="field-error">
            {quorumError}
          </p>
        )}
      </fieldset>
      <Field name={F.hostUnitId} label="Đơn vị chủ trì, tham mưu (không bắt buộc)" error={errors.hostUnitId}>
        {(p) => (
          <select {...p} defaultValue={values?.hostUnitId != null ? String(values.hostUnitId) : ""}>
            <option value="">— Không —</option>
            <UnitOptions units={units} />
          </select>
        )}
      </Field>
      <Field name={F.description} label="Mô tả (không bắt buộc)" error={errors.description}>
        {(p) => <textarea {...p} rows={3} defaultValue={values?.description ?? ""} maxLength={5000} />}
      </Field>
    </>
  );
}
