import { z } from "zod";
import { checkbox, dateField, idField, optionalId, optionalText, plainText, timeField } from "./common";

export const MEETING_KIND_VALUES = ["regular", "thematic", "extraordinary", "briefing"] as const;
export const CONFIDENTIALITY_VALUES = ["normal", "restricted", "secret"] as const;

/** The schedule/edit form of a meeting (one schema for the form and its action). */
export const meetingFormSchema = z.object({
  bodyId: idField("Vui lòng chọn cơ quan họp."),
  title: plainText("tên cuộc họp", { min: 5, max: 500 }),
  kind: z.enum(MEETING_KIND_VALUES, { errorMap: () => ({ message: "Vui lòng chọn hình thức họp." }) }),
  date: dateField("ngày họp"),
  startTime: timeField("giờ bắt đầu"),
  endTime: timeField("giờ kết thúc"),
  roomId: optionalId("Phòng họp không hợp lệ."),
  onlineUrl: z.preprocess(
    (v) => (typeof v === "string" ? v.trim() : v) || null,
    z.string().max(500, "Đường dẫn tối đa 500 ký tự.").url("Đường dẫn họp trực tuyến không hợp lệ.").refine((u) => /^https?:\/\//i.test(u), "Đường dẫn phải bắt đầu bằng http:// hoặc https://.").nullable(),
  ),
  chairId: optionalId("Người chủ trì không hợp lệ."),
  secretaryId: optionalId("Thư ký không hợp lệ."),
  confidentiality: z.enum(CONFIDENTIALITY_VALUES, { errorMap: () => ({ message: "Độ mật không hợp lệ." }) }),
  notes: optionalText("ghi chú"),
  /** an unticked checkbox is not sent at all: missing means false */
  inviteBodyMembers: checkbox,
  confirmConflicts: checkbox.optional(),
  /** The version the form was loaded at: a stale form is refused instead of overwriting. */
  version: z.coerce.number().int().nonnegative().optional(),
});
export type MeetingFormInput = z.infer<typeof meetingFormSchema>;

export const postponeSchema = z.object({
  date: dateField("ngày họp mới"),
  startTime: timeField("giờ bắt đầu mới"),
  endTime: timeField("giờ kết thúc mới"),
  reason: plainText("lý do hoãn", { min: 3, max: 1000 }),
  confirmConflicts: checkbox.optional(),
  version: z.coerce.number().int().nonnegative(),
});

export const cancelSchema = z.object({
  reason: plainText("lý do hủy", { min: 3, max: 1000 }),
  version: z.coerce.number().int().nonnegative(),
});

export const transitionSchema = z.object({
  to: z.enum(["convened", "in_progress", "ended"], { errorMap: () => ({ message: "Trạng thái không hợp lệ." }) }),
  version: z.coerce.number().int().nonnegative(),
});

export const agendaItemSchema = z.object({
  title: plainText("nội dung", { min: 3, max: 500 }),
  description: optionalText("mô tả"),
  presenterUnitId: optionalId("Đơn vị trình bày không hợp lệ."),
  presenterUserId: optionalId("Người trình bày không hợp lệ."),
  durationMinutes: z.coerce
    .number({ invalid_type_error: "Thời lượng phải là số phút." })
    .int("Thời lượng phải là số phút.")
    .min(5, "Thời lượng tối thiểu 5 phút.")
    .max(480, "Thời lượng tối đa 480 phút."),
});

export const AGENDA_STATUS_VALUES = ["pending", "discussing", "done", "postponed"] as const;
export const agendaStatusSchema = z.object({
  itemId: idField("Nội dung không hợp lệ."),
  status: z.enum(AGENDA_STATUS_VALUES, { errorMap: () => ({ message: "Trạng thái nội dung không hợp lệ." }) }),
});

export const agendaOrderSchema = z.object({
  order: z.preprocess(
    (v) => (typeof v === "string" ? v.split(",").filter(Boolean) : v),
    z.array(idField("Thứ tự không hợp lệ.")).min(1, "Thứ tự không hợp lệ.").max(200),
  ),
});

export const agendaMoveSchema = z.object({ itemId: idField("Nội dung không hợp lệ."), direction: z.enum(["up", "down"]) });

export const inviteSchema = z.object({
  userIds: z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(idField("Người được mời không hợp lệ.")).max(200)),
  unitIds: z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(idField("Đơn vị được mời không hợp lệ.")).max(200)),
}).refine((v) => v.userIds.length + v.unitIds.length > 0, { message: "Vui lòng chọn người hoặc đơn vị cần mời.", path: ["userIds"] });

export const RSVP_VALUES = ["attending", "absent", "delegated"] as const;
export const rsvpSchema = z
  .object({
    invitationId: idField("Giấy mời không hợp lệ."),
    rsvp: z.enum(RSVP_VALUES, { errorMap: () => ({ message: "Vui lòng chọn tham dự, vắng hoặc cử người dự thay." }) }),
    reason: optionalText("lý do", 1000),
    delegateUserId: optionalId("Người dự thay không hợp lệ."),
  })
  .superRefine((v, ctx) => {
    if (v.rsvp === "absent" && !v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "Vui lòng nêu lý do vắng mặt." });
    if (v.rsvp === "delegated" && !v.delegateUserId) ctx.addIssue({ code: "custom", path: ["delegateUserId"], message: "Vui lòng chọn người dự thay." });
  });

export const checkInSchema = z.object({ invitationId: idField("Giấy mời không hợp lệ."), undo: checkbox.optional() });
