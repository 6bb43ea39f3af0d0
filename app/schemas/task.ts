import { z } from "zod";
import { checkbox, dateField, idField, optionalId, optionalText, plainText, versionField } from "./common";

export const DEADLINE_KIND_VALUES = ["date", "none", "recurring"] as const;
export const RECURRENCE_VALUES = ["monthly", "quarterly", "yearly"] as const;

/** A multi-select or repeated field: "" / missing → [], "3" → [3], ["3","5"] → [3,5]. */
const idList = (message: string) =>
  z.preprocess((v) => (v == null || v === "" ? [] : (Array.isArray(v) ? v : [v]).filter((x) => x !== "")), z.array(idField(message)).max(50, "Tối đa 50 đơn vị phối hợp."));

const taskFields = {
  content: plainText("nội dung nhiệm vụ", { min: 5, max: 4000 }),
  leadUnitId: idField("Vui lòng chọn đơn vị chủ trì."),
  coordinatingUnitIds: idList("Đơn vị phối hợp không hợp lệ."),
  ownerId: optionalId("Người phụ trách không hợp lệ."),
  deadlineKind: z.enum(DEADLINE_KIND_VALUES, { errorMap: () => ({ message: "Vui lòng chọn loại thời hạn." }) }),
  deadline: z.preprocess((v) => (v === "" ? undefined : v), dateField("thời hạn").optional()),
  recurrence: z.preprocess((v) => (v === "" ? undefined : v), z.enum(RECURRENCE_VALUES, { errorMap: () => ({ message: "Chu kỳ báo cáo không hợp lệ." }) }).optional()),
  starred: checkbox,
  parentId: optionalId("Nhiệm vụ cha không hợp lệ."),
};

/** A deadline is a date, none (không thời hạn), or the first due date of a recurring report. */
function checkDeadline(v: { deadlineKind: string; deadline?: string; recurrence?: string; coordinatingUnitIds: number[]; leadUnitId: number }, ctx: z.RefinementCtx) {
  // zod runs this even when a field already failed: then the value may be missing.
  if (!v || typeof v !== "object") return;
  if (v.deadlineKind !== "none" && !v.deadline) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["deadline"], message: v.deadlineKind === "recurring" ? "Vui lòng nhập hạn báo cáo kỳ đầu." : "Vui lòng nhập thời hạn." });
  }
  if (v.deadlineKind === "recurring" && !v.recurrence) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["recurrence"], message: "Vui lòng chọn chu kỳ báo cáo." });
  if (Array.isArray(v.coordinatingUnitIds) && v.coordinatingUnitIds.includes(v.leadUnitId)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["coordinatingUnitIds"], message: "Đơn vị chủ trì không đồng thời là đơn vị phối hợp." });
  }
}

export const taskInputSchema = z.object(taskFields).superRefine(checkDeadline);
export type TaskInput = z.infer<typeof taskInputSchema>;

/** The source of a new task: a directive, a meeting, or a passage of a meeting's minutes. */
export const taskSourceSchema = z.object({
  directiveId: optionalId("Văn bản không hợp lệ."),
  meetingId: optionalId("Cuộc họp không hợp lệ."),
  /** the selected passage of the minutes, quoted back on the task page */
  minutesAnchor: optionalText("đoạn biên bản", 2000),
});
export type TaskSource = z.infer<typeof taskSourceSchema>;

export const newTaskSchema = z.object({ ...taskFields, ...taskSourceSchema.shape }).superRefine(checkDeadline);

/** Editing a task: the same fields plus the version the form was loaded at. */
export const editTaskSchema = z.object({ ...taskFields, version: versionField }).superRefine(checkDeadline);

export const progressReportSchema = z.object({
  progress: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ required_error: "Vui lòng nhập tiến độ (0–100%).", invalid_type_error: "Tiến độ phải là số từ 0 đến 100." })
    .int("Tiến độ phải là số nguyên từ 0 đến 100.")
    .min(0, "Tiến độ phải từ 0 đến 100%.")
    .max(100, "Tiến độ phải từ 0 đến 100%."),
  ),
  note: plainText("nội dung báo cáo", { min: 3, max: 5000 }),
});

export const completionReportSchema = z.object({
  result: plainText("kết quả thực hiện", { min: 5, max: 5000 }),
  version: versionField,
});

export const decisionSchema = z.object({
  note: optionalText("ý kiến", 2000),
  version: versionField,
});

export const returnSchema = z.object({
  note: plainText("lý do trả lại", { min: 3, max: 2000 }),
  version: versionField,
});

export const extensionRequestSchema = z.object({
  requestedDeadline: dateField("thời hạn đề nghị"),
  reason: plainText("lý do xin gia hạn", { min: 5, max: 2000 }),
});

export const extensionDecisionSchema = z.object({
  requestId: idField("Đề nghị gia hạn không hợp lệ."),
  decision: z.enum(["approve", "refuse"], { errorMap: () => ({ message: "Quyết định không hợp lệ." }) }),
  note: optionalText("ý kiến", 2000),
  version: versionField,
});

/**
 * The rows `tasks[i].field` of a bulk-assignment form, with the index each row
 * had on the page: empty rows are skipped, and a message must land next to the
 * row the person typed it in, not the n-th non-empty one.
 */
export function indexedTaskRows(form: Record<string, unknown>) {
  const rows = new Map<number, Record<string, unknown>>();
  for (const [key, value] of Object.entries(form)) {
    const m = /^tasks\[(\d{1,2})\]\.(\w+)$/.exec(key);
    if (!m) continue;
    const row = rows.get(Number(m[1])) ?? {};
    row[m[2]] = value;
    rows.set(Number(m[1]), row);
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a - b)
    .filter(([, r]) => typeof r.content === "string" && r.content.trim() !== "")
    .map(([index, raw]) => ({ index, raw }));
}
