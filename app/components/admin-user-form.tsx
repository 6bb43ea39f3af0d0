import { Field } from "~/components/form";
import { ROLE_VALUES } from "~/lib/current-user";
import { ROLE_LABELS } from "~/lib/labels";
import { fieldsOf, userCreateFields } from "~/schemas/admin";
import { UnitOptions, type UnitChoice } from "./admin-ui";

const F = fieldsOf(userCreateFields);

export type UserProfileValues = {
  fullName: string;
  title: string | null;
  email: string | null;
  phone: string | null;
  unitId: number | null;
  roles: string[];
};

const ROLE_HINTS: Record<string, string> = {
  admin: "Quản lý đơn vị, tài khoản và danh mục.",
  secretariat: "Lập lịch họp, biên bản, văn bản và theo dõi nhiệm vụ.",
  leader: "Chủ trì cuộc họp, duyệt biên bản, theo dõi chỉ đạo.",
  member: "Dự họp, góp ý biên bản.",
  staff: "Nhận và báo cáo nhiệm vụ của đơn vị.",
  viewer: "Chỉ xem những nội dung được phép.",
};

/** The profile fields shared by "Thêm người dùng" and "Sửa người dùng". */
export function UserProfileFields({ values, errors, units }: { values?: UserProfileValues; errors: Record<string, string>; units: UnitChoice[] }) {
  const roles = new Set(values?.roles ?? ["staff"]);
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field name={F.fullName} label="Họ và tên" error={errors.fullName}>
          {(p) => <input {...p} defaultValue={values?.fullName ?? ""} maxLength={255} autoComplete="off" required />}
        </Field>
        <Field name={F.title} label="Chức vụ (không bắt buộc)" error={errors.title}>
          {(p) => <input {...p} defaultValue={values?.title ?? ""} maxLength={255} placeholder="Ví dụ: Chuyên viên" />}
        </Field>
        <Field name={F.email} label="Thư điện tử (không bắt buộc)" error={errors.email}>
          {(p) => <input {...p} type="email" defaultValue={values?.email ?? ""} maxLength={254} autoComplete="off" inputMode="email" />}
        </Field>
        <Field name={F.phone} label="Số điện thoại (không bắt buộc)" error={errors.phone}>
          {(p) => <input {...p} type="tel" defaultValue={values?.phone ?? ""} maxLength={32} autoComplete="off" inputMode="tel" />}
        </Field>
      </div>
      <Field name={F.unitId} label="Đơn vị công tác" error={errors.unitId}>
        {(p) => (
          <select {...p} defaultValue={values?.unitId != null ? String(values.unitId) : ""}>
            <option value="">— Chưa gán đơn vị —</option>
            <UnitOptions units={units} />
          </select>
        )}
      </Field>
      <fieldset aria-describedby={errors.roles ? "f-roles-error" : undefined}>
        <legend className="label">Vai trò</legend>
        <div className="grid gap-2 sm:grid-cols-2">
          {ROLE_VALUES.map((r) => (
            <label key={r} className="flex cursor-pointer items-start gap-2 rounded-md border border-slate-200 p-2.5 hover:bg-slate-50 has-[:checked]:border-brand-300 has-[:checked]:bg-brand-50">
              <input type="checkbox" name={F.roles} value={r} defaultChecked={roles.has(r)} className="mt-0.5 h-4 w-4 rounded border-slate-300 text-brand-700 focus:ring-brand-500" />
              <span>
                <span className="block text-sm font-medium text-slate-900">{ROLE_LABELS[r]}</span>
                <span className="block text-xs text-slate-600">{ROLE_HINTS[r]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.roles && (
          <p id="f-roles-error" className="field-error">
            {errors.roles}
          </p>
        )}
      </fieldset>
    </>
  );
}

/** New password + confirmation (create and reset). */
export function PasswordFields({ errors, label = "Mật khẩu", stacked = false }: { errors: Record<string, string>; label?: string; stacked?: boolean }) {
  return (
    <div className={stacked ? "space-y-3" : "grid gap-3 sm:grid-cols-2"}>
      <Field name={F.password} label={label} error={errors.password} hint="Ít nhất 8 ký tự, có chữ và số.">
        {(p) => <input {...p} type="password" autoComplete="new-password" required />}
      </Field>
      <Field name={F.confirmPassword} label="Nhập lại mật khẩu" error={errors.confirmPassword}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required />}
      </Field>
    </div>
  );
}
