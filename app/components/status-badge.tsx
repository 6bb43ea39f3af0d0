import { describeTaskStatus, TASK_STATUS_LABELS, type TaskStatus } from "~/lib/task-status";
import { useLocale } from "~/lib/i18n";

const TONES = {
  green: "bg-green-100 text-green-800",
  amber: "bg-amber-100 text-amber-900",
  red: "bg-red-100 text-red-800",
  slate: "bg-slate-100 text-slate-700",
  blue: "bg-blue-100 text-blue-800",
} as const;

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const locale = useLocale();
  const tone = status.dueSoon ? "amber" : TASK_STATUS_LABELS[status.code].tone;
  return <span className={`badge ${TONES[tone]}`}>{describeTaskStatus(status, locale)}</span>;
}

export function Badge({ tone = "slate", children }: { tone?: keyof typeof TONES; children: React.ReactNode }) {
  return <span className={`badge ${TONES[tone]}`}>{children}</span>;
}
