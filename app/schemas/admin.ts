import { z } from "zod";
import { BODY_KINDS, BODY_MEMBER_ROLES, ROLES, UNIT_KINDS } from "../../models/enums";
import { NotFoundError } from "../lib/errors";
import { newPasswordSchema } from "./auth";

// One schema per admin form. Forms take their field names from `fieldsOf(schema)`
// so a renamed field breaks the type check instead of silently losing input.

/** The field names of an object schema, as a typed record (name → name). */
export function fieldsOf<T extends z.ZodRawShape>(schema: z.ZodObject<T>): { [K in keyof T]: K } {
  return Object.fromEntries(Object.keys(schema.shape).map((k) => [k, k])) as { [K in keyof T]: K };
}

/** FormData as a plain record, the way parseForm reads it: repeated keys become arrays. */
export function formToRecord(form: FormData): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    record[key] = all.length > 1 ? all : all[0];
  }
  return record;
}

const MAX_INT = 2_147_483_647; // INT columns: a larger id would be a DB error, i.e. a 500

/** A route param or form id: a positive integer, else null. */
export function parseId(value: unknown): number | null {
  if (typeof value !== "string" || !/^[1-9]\d{0,9}$/.test(value)) return null;
  const n = Number(value);
  return n <= MAX_INT ? n : null;
}

/** Non-numeric or out-of-range ids are answered like unknown ones: 404. */
export function requireId(value: unknown, message?: string): number {
  const id = parseId(value);
  if (id == null) throw new NotFoundError(message);
  return id;
}

const firstString = (v: unknown) => (Array.isArray(v) ? v[0] : v);

function requiredText(label: string, max: number) {
  const empty = `Vui lòng nhập ${label}.`;
  return z.preprocess(
    firstString,
    z.string({ required_error: empty, invalid_type_error: empty }).trim().min(1, empty).max(max, `${capitalize(label)} tối đa ${max} ký tự.`),
  );
}

function optionalText(label: string, max: number) {
  return z.preprocess(
    (v) => (typeof firstString(v) === "string" ? firstString(v) : ""),
    z
      .string()
      .trim()
      .max(max, `${capitalize(label)} tối đa ${max} ký tự.`)
      .transform((v) => (v === "" ? null : v)),
  );
}

function capitalize(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function idValue(message: string) {
  return z.preprocess(
    (v) => (typeof firstString(v) === "string" ? String(firstString(v)).trim() : firstString(v)),
    z.coerce.number({ invalid_type_error: message, required_error: message }).int(message).min(1, message).max(MAX_INT, message),
  );
}

/** A select that may be left empty ("— Không —"). */
function optionalId(message: string) {
  return z.preprocess((v) => {
    const s = firstString(v);
    return s == null || (typeof s === "string" && s.trim() === "") ? null : s;
  }, idValue(message).nullable());
}

function intInRange(label: string, min: number, max: number) {
  const message = `${capitalize(label)} phải là số nguyên từ ${min} đến ${max}.`;
  return z.preprocess(
    (v) => {
      const s = firstString(v);
      if (typeof s === "number") return s;
      if (typeof s !== "string" || s.trim() === "") return undefined;
      return /^-?\d{1,12}$/.test(s.trim()) ? Number(s.trim()) : Number.NaN;
    },
    z.number({ invalid_type_error: message, required_error: `Vui lòng nhập ${label}.` }).int(message).min(min, message).max(max, message),
  );
}

function enumOf<T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.preprocess(firstString, z.enum(values as unknown as [T[number], ...T[number][]], { errorMap: () => ({ message }) }));
}

/** `intent` of a multi-action page. */
export function intentSchema<T extends readonly [string, ...string[]]>(values: T) {
  return z.object({ intent: enumOf(values, "Thao tác không hợp lệ.") });
}

const codeRule = (label: string) =>
  requiredText(label, 50).pipe(
    z.string().regex(/^[A-Za-z0-9._-]+$/, `${capitalize(label)} chỉ gồm chữ cái không dấu, chữ số và các ký tự . _ -`),
  );

// `active` of the activate/deactivate buttons
const activeFlag = enumOf(["true", "false"] as const, "Trạng thái không hợp lệ.").transform((v) => v === "true");

// ───────────────────────────── Units ─────────────────────────────

export const unitSchema = z.object({
  code: codeRule("mã đơn vị"),
  name: requiredText("tên đơn vị", 255),
  shortName: optionalText("tên viết tắt", 100),
  kind: enumOf(UNIT_KINDS, "Vui lòng chọn loại đơn vị."),
  parentId: optionalId("Đơn vị cấp trên không hợp lệ."),
  position: z.preprocess((v) => (firstString(v) === "" || v == null ? "0" : v), intInRange("thứ tự", 0, 9999)),
});
export type UnitInput = z.infer<typeof unitSchema>;
export const unitIntentSchema = intentSchema(["create", "update", "set_active"] as const);
export const unitUpdateSchema = unitSchema.extend({ id: idValue("Đơn vị không hợp lệ.") });
export const unitActiveSchema = z.object({ id: idValue("Đơn vị không hợp lệ."), active: activeFlag });

// ───────────────────────────── Users ─────────────────────────────

/** Validator.js (the model's isEmail) also limits the local part and each domain label. */
const emailRule = z
  .string()
  .max(254, "Thư điện tử tối đa 254 ký tự.")
  .email("Thư điện tử không hợp lệ.")
  .refine((v) => {
    const [local, domain = ""] = v.split("@");
    return local.length <= 64 && domain.split(".").every((label) => label.length <= 63);
  }, "Thư điện tử không hợp lệ.");

const userProfileShape = {
  fullName: requiredText("họ và tên", 255),
  title: optionalText("chức vụ", 255),
  email: optionalText("thư điện tử", 254).pipe(emailRule.nullable()),
  phone: optionalText("số điện thoại", 32).pipe(
    z.string().regex(/^[0-9+().\s-]{6,32}$/, "Số điện thoại không hợp lệ.").nullable(),
  ),
  unitId: optionalId("Đơn vị không hợp lệ."),
  roles: z.preprocess(
    (v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]),
    z
      .array(z.string(), { invalid_type_error: "Vai trò không hợp lệ." })
      .min(1, "Chọn ít nhất một vai trò.")
      .refine((list) => list.every((r) => (ROLES as readonly string[]).includes(r)), "Vai trò không hợp lệ.")
      .transform((list) => ROLES.filter((r) => list.includes(r))),
  ),
};

const passwordPair = {
  password: newPasswordSchema,
  confirmPassword: z.preprocess(firstString, z.string({ required_error: "Vui lòng nhập lại mật khẩu." }).min(1, "Vui lòng nhập lại mật khẩu.")),
};
const passwordsMatch = (v: { password: string; confirmPassword: string }) => v.password === v.confirmPassword;
const mismatch = { message: "Mật khẩu nhập lại không khớp.", path: ["confirmPassword"] };

export const userCreateFields = z.object({
  username: z.preprocess(
    (v) => (typeof firstString(v) === "string" ? String(firstString(v)).trim().toLowerCase() : firstString(v)),
    z
      .string({ required_error: "Vui lòng nhập tên đăng nhập." })
      .min(1, "Vui lòng nhập tên đăng nhập.")
      .min(3, "Tên đăng nhập phải từ 3 đến 64 ký tự.")
      .max(64, "Tên đăng nhập phải từ 3 đến 64 ký tự.")
      .regex(/^[a-z0-9._-]+$/, "Tên đăng nhập chỉ gồm chữ thường không dấu, chữ số và các ký tự . _ -"),
  ),
  ...userProfileShape,
  ...passwordPair,
});
export const userCreateSchema = userCreateFields.refine(passwordsMatch, mismatch);

export const userIntentSchema = intentSchema(["update", "set_active", "reset_password"] as const);
export const userUpdateSchema = z.object(userProfileShape);
export const userActiveSchema = z.object({ active: activeFlag });
export const userPasswordFields = z.object(passwordPair);
export const userPasswordSchema = userPasswordFields.refine(passwordsMatch, mismatch);

/** The list's query string: anything odd falls back to "no filter" rather than an error page. */
export const userFilterSchema = z.object({
  q: z.preprocess(firstString, z.string().trim().max(100)).catch(""),
  unitId: optionalId("").catch(null),
  role: z.preprocess((v) => firstString(v) || null, z.enum(ROLES).nullable()).catch(null),
  status: z.preprocess((v) => firstString(v) || "all", z.enum(["all", "active", "inactive"])).catch("all"),
  page: z.preprocess((v) => firstString(v) ?? "1", z.coerce.number().int().min(1).max(100_000)).catch(1),
});
export type UserFilter = z.infer<typeof userFilterSchema>;

// ───────────────────────────── Bodies ─────────────────────────────

export const bodyFields = z.object({
  code: codeRule("mã cơ quan họp"),
  name: requiredText("tên cơ quan họp", 255),
  kind: enumOf(BODY_KINDS, "Vui lòng chọn loại cơ quan họp."),
  quorumNumerator: intInRange("tử số", 1, 100),
  quorumDenominator: intInRange("mẫu số", 1, 100),
  description: optionalText("mô tả", 5000),
  hostUnitId: optionalId("Đơn vị chủ trì không hợp lệ."),
});
export const bodySchema = bodyFields.refine((v) => v.quorumNumerator <= v.quorumDenominator, {
  message: "Tử số không được lớn hơn mẫu số.",
  path: ["quorumNumerator"],
});
export type BodyInput = z.infer<typeof bodySchema>;

export const bodyIntentSchema = intentSchema(["update", "set_active", "add_member", "change_role", "remove_member"] as const);
export const bodyActiveSchema = z.object({ active: activeFlag });
export const memberAddSchema = z.object({
  userId: optionalId("Người dùng không hợp lệ.").refine((v) => v != null, "Vui lòng chọn người dùng.").transform((v) => v as number),
  role: enumOf(BODY_MEMBER_ROLES, "Vui lòng chọn vai trò trong cơ quan họp."),
});
export const memberRoleSchema = z.object({
  membershipId: idValue("Thành viên không hợp lệ."),
  role: enumOf(BODY_MEMBER_ROLES, "Vai trò không hợp lệ."),
});
export const memberRemoveSchema = z.object({ membershipId: idValue("Thành viên không hợp lệ.") });

// ───────────────────────────── Rooms ─────────────────────────────

export const roomSchema = z.object({
  name: requiredText("tên phòng họp", 255),
  location: optionalText("địa điểm", 255),
  capacity: intInRange("sức chứa", 1, 2000),
  equipment: optionalText("trang thiết bị", 2000),
});
export type RoomInput = z.infer<typeof roomSchema>;
export const roomIntentSchema = intentSchema(["create", "update", "set_active"] as const);
export const roomUpdateSchema = roomSchema.extend({ id: idValue("Phòng họp không hợp lệ.") });
export const roomActiveSchema = z.object({ id: idValue("Phòng họp không hợp lệ."), active: activeFlag });
