import { z } from "zod";
import { reportQuerySchema, reportSearchParams, type ReportQuery } from "./report";

/**
 * The query string of a task list (/tasks and its exports). A drill-down from
 * a report carries the report's own query in one `report` parameter, so the
 * list's scope (mine / unit / all) and the report's scope never collide.
 */
export const TASK_LIST_STATUSES = ["open", "open_on_time", "due_soon", "open_overdue", "done_on_time", "done_late", "no_deadline", "done_no_deadline", "awaiting"] as const;

export const taskListQuerySchema = z.object({
  scope: z.enum(["mine", "unit", "all"]).optional().catch(undefined),
  status: z.enum(TASK_LIST_STATUSES, { errorMap: () => ({ message: "Tình trạng không hợp lệ." }) }).optional(),
  starred: z.preprocess((v) => v === "1" || v === "true", z.boolean()).optional(),
  page: z.preprocess((v) => (v === "" || v == null ? undefined : v), z.coerce.number({ invalid_type_error: "Trang không hợp lệ." }).int("Trang không hợp lệ.").min(1, "Trang không hợp lệ.").max(100_000, "Trang không hợp lệ.").optional()),
  report: z
    .string()
    .max(1000, "Bộ lọc báo cáo không hợp lệ.")
    .optional()
    .transform((s, ctx): ReportQuery | undefined => {
      if (!s) return undefined;
      const parsed = reportQuerySchema.safeParse(Object.fromEntries(new URLSearchParams(s)));
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", message: parsed.error.issues[0]?.message ?? "Bộ lọc báo cáo không hợp lệ." });
        return z.NEVER;
      }
      return parsed.data;
    }),
});

export type TaskListQuery = z.infer<typeof taskListQuerySchema>;

/** "/tasks?…" for a list, e.g. a report's drill-down into one of its numbers. */
export function taskListHref(q: { scope?: string; status?: string; starred?: boolean; page?: number; report?: Partial<ReportQuery> | null }, base = "/tasks") {
  const p = new URLSearchParams();
  if (q.scope) p.set("scope", q.scope);
  if (q.status) p.set("status", q.status);
  if (q.starred) p.set("starred", "1");
  if (q.report) p.set("report", reportSearchParams(q.report).toString());
  if (q.page && q.page > 1) p.set("page", String(q.page));
  const s = p.toString();
  return s ? `${base}?${s}` : base;
}
