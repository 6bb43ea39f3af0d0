// Shared set-up for the directive register tests: the form as the browser
// posts it, Hanoi dates relative to today, and row counts of what creating a
// directive with its tasks writes.
import type { Db } from "../../models";

const DAY = 86_400_000;

/** The Hanoi calendar date `days` from today, "yyyy-MM-dd". */
export function hanoiDay(days: number, now = new Date()) {
  return new Date(now.getTime() + 7 * 3600_000 + days * DAY).toISOString().slice(0, 10);
}

/** "dd/mm/yyyy" of a "yyyy-MM-dd". */
export const vnDate = (ymd: string) => ymd.split("-").reverse().join("/");

let serial = 0;
/**
 * A number no other test uses: numbers are unique per issuer + symbol + year.
 * Strictly increasing within a process (a random block per process), and in
 * 70000–79099, apart from the fixtures' own numbers (900 + n, …) and from the
 * numbers tests search for ("100…", "24", "123"). It used to add a random
 * hundred to each call: 700 + 2 + 200 hit a fixture's 902, and 700 + 9 + 300
 * matched the search for "100%_\\" (two flaky failures on 02/12/2026).
 */
const NUMBER_BLOCK = 70_000 + Math.floor(Math.random() * 90) * 100;
export const freshNumber = () => String(NUMBER_BLOCK + ++serial);

/** The directive form as a browser sends it (strings only), with optional task rows. */
export function directiveForm(over: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    kind: "CT",
    number: `${freshNumber()}-CT/TU`,
    issuer: "Ban Thường vụ Thành ủy",
    signer: "T/M Ban Thường vụ, Phó Bí thư Thường trực",
    issuedOn: vnDate(hanoiDay(-5)),
    summary: "Về tăng cường chuyển đổi số trong hoạt động của các cơ quan nhà nước",
    body: "<p>Ban Thường vụ Thành ủy yêu cầu:</p><ol><li>Đẩy mạnh chuyển đổi số.</li></ol>",
    confidentiality: "normal",
    sourceMeetingId: "",
    status: "active",
    replacedById: "",
    ...over,
  };
}

/** One task row `tasks[i].*` as the fieldset posts it. */
export function taskRow(i: number, row: { content: string; leadUnitId: number | string; coordinatingUnitIds?: (number | string)[]; ownerId?: number | string; deadlineKind?: string; deadline?: string; recurrence?: string; starred?: boolean }) {
  const out: Record<string, string | string[]> = {
    [`tasks[${i}].content`]: row.content,
    [`tasks[${i}].leadUnitId`]: String(row.leadUnitId),
    [`tasks[${i}].ownerId`]: row.ownerId === undefined ? "" : String(row.ownerId),
    [`tasks[${i}].deadlineKind`]: row.deadlineKind ?? "date",
    [`tasks[${i}].deadline`]: row.deadline ?? "",
  };
  if (row.coordinatingUnitIds?.length) out[`tasks[${i}].coordinatingUnitIds`] = row.coordinatingUnitIds.map(String);
  if (row.recurrence) out[`tasks[${i}].recurrence`] = row.recurrence;
  if (row.starred) out[`tasks[${i}].starred`] = "on";
  return out;
}

/** An empty row, as the page posts the rows nobody filled. */
export function emptyRow(i: number) {
  return { [`tasks[${i}].content`]: "", [`tasks[${i}].leadUnitId`]: "", [`tasks[${i}].ownerId`]: "", [`tasks[${i}].deadlineKind`]: "date", [`tasks[${i}].deadline`]: "" };
}

/**
 * The form as readForm turns it into a record: names ending in "Ids" are
 * always arrays, other repeated names become arrays.
 */
export function asReadForm(form: Record<string, string | string[]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(form)) out[k] = k.endsWith("Ids") ? (Array.isArray(v) ? v : [v]) : v;
  return out;
}

/** Row counts of everything creating a directive with tasks writes. */
export async function counts(db: Db) {
  const [directives, tasks, coordinators, occurrences, audits, notifications] = await Promise.all([
    db.Directive.count(),
    db.Task.count(),
    db.TaskCoordinator.count(),
    db.TaskOccurrence.count(),
    db.AuditEvent.count(),
    db.Notification.count(),
  ]);
  return { directives, tasks, coordinators, occurrences, audits, notifications };
}
