import { daysBetween, todayInHanoi } from "./dates";

/**
 * The status words of Vietnamese government reports, computed — never typed:
 * Đã hoàn thành (đúng hạn / quá hạn), Chưa hoàn thành (trong hạn / quá hạn),
 * Không thời hạn, plus "sắp đến hạn" (within 3 days) and days overdue.
 * Every list, page, report and the API asks this one function.
 */
export type TaskStatusCode = "done_on_time" | "done_late" | "open_on_time" | "open_overdue" | "no_deadline" | "done_no_deadline";

export type TaskStatus = {
  code: TaskStatusCode;
  completed: boolean;
  /** open, due today or within the next DUE_SOON_DAYS days */
  dueSoon: boolean;
  /** days past the deadline: for open tasks until today, for completed ones until completion */
  daysOverdue: number;
  /** days left for an open task with a deadline (0 = due today) */
  daysLeft: number | null;
};

export const DUE_SOON_DAYS = 3;

export type TaskStatusInput = {
  deadline: string | null; // yyyy-MM-dd, the current (possibly extended) deadline
  completedOn: string | null; // yyyy-MM-dd, the date of the accepted completion report
  state?: string;
};

export function computeTaskStatus(task: TaskStatusInput, today: string = todayInHanoi()): TaskStatus {
  const completed = Boolean(task.completedOn) || task.state === "completed";
  if (!task.deadline) {
    return { code: completed ? "done_no_deadline" : "no_deadline", completed, dueSoon: false, daysOverdue: 0, daysLeft: null };
  }
  if (completed) {
    const late = task.completedOn ? daysBetween(task.deadline, task.completedOn) : 0;
    return { code: late > 0 ? "done_late" : "done_on_time", completed, dueSoon: false, daysOverdue: Math.max(0, late), daysLeft: null };
  }
  const left = daysBetween(today, task.deadline);
  if (left < 0) return { code: "open_overdue", completed, dueSoon: false, daysOverdue: -left, daysLeft: left };
  return { code: "open_on_time", completed, dueSoon: left <= DUE_SOON_DAYS, daysOverdue: 0, daysLeft: left };
}

export const TASK_STATUS_LABELS: Record<TaskStatusCode, { vi: string; en: string; tone: "green" | "amber" | "red" | "slate" | "blue" }> = {
  done_on_time: { vi: "Đã hoàn thành đúng hạn", en: "Completed on time", tone: "green" },
  done_late: { vi: "Đã hoàn thành quá hạn", en: "Completed late", tone: "amber" },
  done_no_deadline: { vi: "Đã hoàn thành", en: "Completed", tone: "green" },
  open_on_time: { vi: "Chưa hoàn thành – trong hạn", en: "Open – within deadline", tone: "blue" },
  open_overdue: { vi: "Chưa hoàn thành – quá hạn", en: "Open – overdue", tone: "red" },
  no_deadline: { vi: "Không thời hạn", en: "No deadline", tone: "slate" },
};

/** A report's rate (0..1) as Vietnamese reports print it: "85,3 %"; "—" when there is nothing to rate. */
export function formatRate(r: number | null) {
  return r == null ? "—" : `${(Math.round(r * 1000) / 10).toLocaleString("vi-VN")} %`;
}

export function describeTaskStatus(s: TaskStatus, locale: "vi" | "en" = "vi") {
  const base = TASK_STATUS_LABELS[s.code][locale];
  if (s.code === "open_overdue") return locale === "vi" ? `${base} ${s.daysOverdue} ngày` : `${base} by ${s.daysOverdue} days`;
  if (s.code === "done_late") return locale === "vi" ? `${base} ${s.daysOverdue} ngày` : `${base} by ${s.daysOverdue} days`;
  if (s.dueSoon && s.daysLeft !== null) {
    if (s.daysLeft === 0) return locale === "vi" ? "Sắp đến hạn – hạn hôm nay" : "Due today";
    return locale === "vi" ? `Sắp đến hạn – còn ${s.daysLeft} ngày` : `Due soon – ${s.daysLeft} days left`;
  }
  return base;
}
