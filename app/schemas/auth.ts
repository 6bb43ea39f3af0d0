import { z } from "zod";

export const loginSchema = z.object({
  username: z
    .string({ required_error: "Vui lòng nhập tên đăng nhập." })
    .trim()
    .min(1, "Vui lòng nhập tên đăng nhập.")
    .max(64, "Tên đăng nhập tối đa 64 ký tự."),
  password: z.string({ required_error: "Vui lòng nhập mật khẩu." }).min(1, "Vui lòng nhập mật khẩu.").max(200, "Mật khẩu quá dài."),
  next: z.string().max(500).optional(),
});

/** Password rule for new and reset passwords: at least 8 characters with a letter and a digit. */
export const newPasswordSchema = z
  .string({ required_error: "Vui lòng nhập mật khẩu." })
  .min(8, "Mật khẩu phải có ít nhất 8 ký tự.")
  .max(200, "Mật khẩu quá dài.")
  .regex(/[A-Za-zÀ-ỹ]/, "Mật khẩu phải có ít nhất một chữ cái.")
  .regex(/\d/, "Mật khẩu phải có ít nhất một chữ số.");

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, "Vui lòng nhập mật khẩu hiện tại."),
    newPassword: newPasswordSchema,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { message: "Mật khẩu nhập lại không khớp.", path: ["confirmPassword"] });

export const localeSchema = z.object({ locale: z.enum(["vi", "en"], { errorMap: () => ({ message: "Ngôn ngữ không hợp lệ." }) }) });
