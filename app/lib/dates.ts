import { TZDate } from "@date-fns/tz";
import { addDays, differenceInCalendarDays, format, isWeekend, parse } from "date-fns";

/** Everything is stored in UTC and shown in Hanoi time. */
export const TIME_ZONE = "Asia/Ho_Chi_Minh";

type DateInput = Date | string | number;
const toDate = (d: DateInput) => (d instanceof Date ? d : new Date(d));
const inHanoi = (d: DateInput) => new TZDate(toDate(d).getTime(), TIME_ZONE);

/** dd/MM/yyyy */
export function formatDate(d: DateInput | null | undefined) {
  if (d == null) return "";
  if (typeof d === "string" && /^\d{4}-\d{2}-\d{2}$/.test(d)) return formatDateOnly(d);
  return format(inHanoi(d), "dd/MM/yyyy");
}
/** dd/MM/yyyy HH:mm */
export function formatDateTime(d: DateInput | null | undefined) {
  return d == null ? "" : format(inHanoi(d), "dd/MM/yyyy HH:mm");
}
/** HH:mm */
export function formatTime(d: DateInput | null | undefined) {
  return d == null ? "" : format(inHanoi(d), "HH:mm");
}

const WEEKDAYS_VI = ["Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"];
const WEEKDAYS_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
export function weekdayName(d: DateInput, locale: "vi" | "en" = "vi") {
  return (locale === "en" ? WEEKDAYS_EN : WEEKDAYS_VI)[inHanoi(d).getDay()];
}

/** A date-only value (deadline, issue date) as stored: "yyyy-MM-dd" → "dd/MM/yyyy". */
export function formatDateOnly(ymd: string | null | undefined) {
  if (!ymd) return "";
  const [y, m, d] = ymd.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** Today's date in Hanoi as "yyyy-MM-dd". */
export function todayInHanoi(now: Date = new Date()) {
  return format(inHanoi(now), "yyyy-MM-dd");
}

/** Parses "dd/MM/yyyy" (what users type) into "yyyy-MM-dd", or null. */
export function parseVietnameseDate(input: string): string | null {
  const s = input.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return isRealDate(s) ? s : null;
  const d = parse(s, "dd/MM/yyyy", new Date(2000, 0, 1));
  if (Number.isNaN(d.getTime())) return null;
  const ymd = format(d, "yyyy-MM-dd");
  return isRealDate(ymd) ? ymd : null;
}

function isRealDate(ymd: string) {
  const [y, m, d] = ymd.split("-").map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/** A wall-clock time in Hanoi ("yyyy-MM-dd", "HH:mm") as a UTC instant. */
export function hanoiWallTimeToUtc(ymd: string, hm: string): Date {
  const [y, m, d] = ymd.split("-").map(Number);
  const [hh, mm] = hm.split(":").map(Number);
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, TIME_ZONE).getTime());
}

/** Whole calendar days from a to b (date-only strings), b − a. */
export function daysBetween(a: string, b: string) {
  return differenceInCalendarDays(new Date(b + "T00:00:00Z"), new Date(a + "T00:00:00Z"));
}

/**
 * Adds N working days (ngày làm việc): Saturdays and Sundays are skipped.
 * Public holidays are not modelled yet.
 */
export function addWorkingDays(ymd: string, n: number) {
  let d = new Date(ymd + "T00:00:00Z");
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (!isWeekend(new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))) left--;
  }
  return d.toISOString().slice(0, 10);
}

/** Values for <input type=date> and <input type=time> showing an instant in Hanoi time. */
export function toDateInputValue(d: DateInput) {
  return format(inHanoi(d), "yyyy-MM-dd");
}
export function toTimeInputValue(d: DateInput) {
  return format(inHanoi(d), "HH:mm");
}

/** A DATEONLY column as a driver returns it ("yyyy-MM-dd", "yyyy-MM-dd 00:00:00" or a Date at UTC midnight) → "yyyy-MM-dd". */
export function dateOnly(d: unknown): string | null {
  return d == null ? null : d instanceof Date ? d.toISOString().slice(0, 10) : String(d).slice(0, 10);
}
