import { z } from "zod";
import { parseVietnameseDate } from "../lib/dates";

/** A positive integer id from a form or URL ("12"); anything else gets `message`. */
export const idField = (message = "Mã không hợp lệ.") =>
  z.coerce.number({ invalid_type_error: message, required_error: message }).int(message).positive(message).max(2_147_483_647, message);

export const optionalId = (message = "Mã không hợp lệ.") =>
  z.preprocess((v) => (v === "" || v == null ? null : v), idField(message).nullable());

/** Plain text without markup: titles and names are shown as text, never HTML. */
export const plainText = (label: string, { min = 1, max = 500 } = {}) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.`, invalid_type_error: `${label} không hợp lệ.` })
    .transform((s) => s.replace(/\s+/g, " ").trim())
    .pipe(
      z
        .string()
        .min(min, min <= 1 ? `Vui lòng nhập ${label}.` : `${cap(label)} phải có ít nhất ${min} ký tự.`)
        .max(max, `${cap(label)} tối đa ${max} ký tự.`)
        .refine((s) => !/<\s*\/?\s*[a-z!][^>]*>/i.test(s), `${cap(label)} không được chứa mã HTML hoặc script.`),
    );

export const optionalText = (label: string, max = 5000) =>
  z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v) || null,
    z
      .string()
      .max(max, `${cap(label)} tối đa ${max} ký tự.`)
      .refine((s) => !/<\s*script/i.test(s), `${cap(label)} không được chứa script.`)
      .nullable(),
  );

/** A date typed as dd/MM/yyyy or sent by <input type=date> as yyyy-MM-dd → "yyyy-MM-dd". */
export const dateField = (label: string) =>
  z.string({ required_error: `Vui lòng nhập ${label}.` }).transform((s, ctx) => {
    const ymd = parseVietnameseDate(s);
    if (!ymd) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${cap(label)} không hợp lệ (dd/mm/yyyy).` });
      return z.NEVER;
    }
    return ymd;
  });

export const timeField = (label: string) =>
  z
    .string({ required_error: `Vui lòng nhập ${label}.` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `${cap(label)} không hợp lệ (HH:mm).`);

/** The version a form was loaded at (optimistic locking): required, a whole number. */
export const versionField = z.preprocess(
  (v) => (v === "" || v == null ? undefined : v),
  z.coerce
    .number({ required_error: "Thiếu phiên bản của biểu mẫu; vui lòng tải lại trang.", invalid_type_error: "Phiên bản biểu mẫu không hợp lệ; vui lòng tải lại trang." })
    .int("Phiên bản biểu mẫu không hợp lệ; vui lòng tải lại trang.")
    .nonnegative("Phiên bản biểu mẫu không hợp lệ; vui lòng tải lại trang."),
);

export const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "1" || v === true, z.boolean());

function cap(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
