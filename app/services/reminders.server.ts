import { Op, type Transaction } from "sequelize";
import { getDb, type Task } from "../../models";
import { formatDateOnly, hanoiWallTimeToUtc, todayInHanoi } from "../lib/dates";
import { logger } from "../lib/logger.server";
import { computeTaskStatus, DUE_SOON_DAYS } from "../lib/task-status";
import { enqueueJob, registerJobHandler } from "./jobs.server";
import { enqueueNotificationEmails, registerMailJobs } from "./mail.server";
import { notifyUsers } from "./notify.server";

/**
 * Deadline reminders and the daily digest (docs/decisions/006-job-runner.md).
 *
 * Once a day a `reminders.scan` job looks at every open task and enqueues one
 * `reminder` job per reminder that is due, and one `digest` job per unit. The
 * jobs' dedupeKeys make each reminder happen once however many processes scan
 * and however often:
 *
 *   reminder:{taskId}:due_soon:{deadline}        first scan within 3 days before the deadline
 *   reminder:{taskId}:due_today:{deadline}       on the deadline day
 *   reminder:{taskId}:overdue:{deadline}:w{n}    overdue: once in each 7 days (w0 = days 1–7, w1 = 8–14 …)
 *   digest:{unitId}:{yyyy-MM-dd}                 the unit's digest of that day (working days only)
 *
 * The deadline is in the key, so an extended deadline starts its reminders
 * afresh. The reminder and digest jobs are transactional: notifications, the
 * e-mail job and "done" commit together, exactly once.
 */

export const SCAN_JOB = "reminders.scan";
export const REMINDER_JOB = "reminder";
export const DIGEST_JOB = "digest";
/** Hanoi wall time of the daily scan: the start of the working day. */
export const SCAN_TIME = "07:00";
/** Overdue tasks are reminded again every this many days until done. */
export const OVERDUE_REPEAT_DAYS = 7;

const OPEN_STATES = ["assigned", "in_progress", "reported"] as const;

export type ReminderKind = "due_soon" | "due_today" | "overdue";

export type Reminder = { kind: ReminderKind; key: string; deadline: string; daysLeft: number; daysOverdue: number };

type TaskLike = Pick<Task, "id" | "deadline" | "completedOn" | "state">;

/** The reminder a task is due for on `today`, if any — from computeTaskStatus, the one source of status words. */
export function reminderFor(task: TaskLike, today: string): Reminder | null {
  if (!task.deadline || task.state === "cancelled" || task.state === "completed") return null;
  const s = computeTaskStatus({ deadline: task.deadline, completedOn: task.completedOn ?? null, state: task.state }, today);
  if (s.completed) return null;
  const base = `reminder:${task.id}`;
  if (s.code === "open_overdue") {
    const week = Math.floor((s.daysOverdue - 1) / OVERDUE_REPEAT_DAYS);
    return { kind: "overdue", key: `${base}:overdue:${task.deadline}:w${week}`, deadline: task.deadline, daysLeft: s.daysLeft ?? 0, daysOverdue: s.daysOverdue };
  }
  if (s.daysLeft === 0) return { kind: "due_today", key: `${base}:due_today:${task.deadline}`, deadline: task.deadline, daysLeft: 0, daysOverdue: 0 };
  if (s.dueSoon && s.daysLeft !== null && s.daysLeft <= DUE_SOON_DAYS) {
    return { kind: "due_soon", key: `${base}:due_soon:${task.deadline}`, deadline: task.deadline, daysLeft: s.daysLeft, daysOverdue: 0 };
  }
  return null;
}

const short = (s: string) => (s.length > 90 ? `${s.slice(0, 87)}…` : s);

function addDaysYmd(ymd: string, n: number) {
  const d = new Date(ymd + "T00:00:00Z");
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function isWeekendYmd(ymd: string) {
  const day = new Date(ymd + "T00:00:00Z").getUTCDay();
  return day === 0 || day === 6;
}

// ── The scan ───────────────────────────────────────────────────────────────

/** Enqueues jobs whose keys are not there yet; a racing duplicate is ignored by enqueueJob. */
async function enqueueMissing(jobs: { kind: string; payload: unknown; dedupeKey: string }[], runAt: Date) {
  if (!jobs.length) return 0;
  const db = getDb();
  const existing = new Set<string>();
  for (let i = 0; i < jobs.length; i += 500) {
    const rows = await db.Job.findAll({ attributes: ["dedupeKey"], where: { dedupeKey: jobs.slice(i, i + 500).map((j) => j.dedupeKey) } });
    for (const r of rows) if (r.dedupeKey) existing.add(r.dedupeKey);
  }
  let created = 0;
  for (const j of jobs) {
    if (existing.has(j.dedupeKey)) continue;
    if (await enqueueJob({ ...j, runAt })) created++;
  }
  return created;
}

export type ScanResult = { reminders: number; digests: number };

/**
 * The reminders and digests due on `today` (Hanoi date), enqueued as jobs to
 * run from `now`. Safe to run any number of times, concurrently: what was
 * already enqueued is not enqueued again.
 */
export async function runReminderScan({ today, now = new Date() }: { today: string; now?: Date }): Promise<ScanResult> {
  const db = getDb();
  const tasks = await db.Task.findAll({
    attributes: ["id", "deadline", "completedOn", "state", "leadUnitId"],
    where: { state: [...OPEN_STATES] },
    include: [{ model: db.TaskCoordinator, as: "coordinators", attributes: ["unitId"] }],
    order: [["id", "ASC"]],
  });

  const reminderJobs: { kind: string; payload: ReminderPayload; dedupeKey: string }[] = [];
  const units = new Set<number>();
  for (const t of tasks) {
    if (computeTaskStatus({ deadline: t.deadline ?? null, completedOn: t.completedOn ?? null, state: t.state }, today).completed) continue;
    units.add(t.leadUnitId);
    for (const c of t.coordinators ?? []) units.add(c.unitId);
    const r = reminderFor(t, today);
    if (r) reminderJobs.push({ kind: REMINDER_JOB, payload: { taskId: t.id, today, key: r.key }, dedupeKey: r.key });
  }
  // Offices do not work on Saturdays and Sundays; a digest then is noise. Deadline reminders still go.
  const digestJobs = isWeekendYmd(today)
    ? []
    : [...units].sort((a, b) => a - b).map((unitId) => ({ kind: DIGEST_JOB, payload: { unitId, today } satisfies DigestPayload, dedupeKey: `digest:${unitId}:${today}` }));

  const result = { reminders: await enqueueMissing(reminderJobs, now), digests: await enqueueMissing(digestJobs, now) };
  logger.info({ today, ...result }, "reminder scan");
  return result;
}

/** Makes sure today's scan is queued: at SCAN_TIME, or now if that has passed. One per day, whatever the number of processes. */
export async function scheduleReminderScan(now: Date = new Date()) {
  const today = todayInHanoi(now);
  const at = hanoiWallTimeToUtc(today, SCAN_TIME);
  return enqueueJob({ kind: SCAN_JOB, payload: { today }, runAt: at > now ? at : now, dedupeKey: `reminders:scan:${today}` });
}

async function scheduleNextScan(after: string) {
  const day = addDaysYmd(after, 1);
  return enqueueJob({ kind: SCAN_JOB, payload: { today: day }, runAt: hanoiWallTimeToUtc(day, SCAN_TIME), dedupeKey: `reminders:scan:${day}` });
}

/** Finished jobs are kept 30 days (a dedupe key is only ever re-enqueued within 7 days), failed ones 90. */
async function pruneOldJobs(now: Date) {
  const day = 24 * 3600_000;
  const { Job } = getDb();
  const done = await Job.destroy({ where: { status: "done", updatedAt: { [Op.lt]: new Date(now.getTime() - 30 * day) } } });
  const failed = await Job.destroy({ where: { status: "failed", updatedAt: { [Op.lt]: new Date(now.getTime() - 90 * day) } } });
  if (done || failed) logger.info({ done, failed }, "old jobs pruned");
}

// ── One reminder ───────────────────────────────────────────────────────────

type ReminderPayload = { taskId: number; today: string; key: string };

function reminderText(task: Task, r: Reminder, unitName: string) {
  const what = short(task.content);
  const date = formatDateOnly(r.deadline);
  const waiting = task.state === "reported" ? " Đơn vị đã báo cáo hoàn thành, đang chờ nghiệm thu." : "";
  const lead = unitName ? ` Đơn vị chủ trì: ${unitName}.` : "";
  if (r.kind === "due_soon") return { title: `Sắp đến hạn – còn ${r.daysLeft} ngày: ${what}`, body: `Thời hạn: ${date}.${lead}${waiting}` };
  if (r.kind === "due_today") return { title: `Hạn hôm nay: ${what}`, body: `Thời hạn: ${date} (hôm nay).${lead}${waiting}` };
  return { title: `Quá hạn ${r.daysOverdue} ngày: ${what}`, body: `Thời hạn: ${date}; nhiệm vụ chưa hoàn thành.${lead}${waiting}` };
}

/**
 * Who is reminded: the task's carriers (owner and the active staff of the
 * lead unit) and its assigner. Once the unit has reported completion only the
 * assigner is, since the next step — acceptance — is theirs.
 */
async function reminderRecipients(task: Task, transaction: Transaction) {
  const db = getDb();
  const ids = new Set<number>();
  if (task.state !== "reported") {
    const staff = await db.User.findAll({ attributes: ["id"], where: { unitId: task.leadUnitId, active: true }, transaction });
    for (const u of staff) ids.add(u.id);
    if (task.ownerId) ids.add(task.ownerId);
  }
  if (task.assignedById) ids.add(task.assignedById);
  if (!ids.size) return [];
  const active = await db.User.findAll({ attributes: ["id"], where: { id: [...ids], active: true }, transaction });
  return active.map((u) => u.id).sort((a, b) => a - b);
}

/** Creates one reminder's notifications, unless the task changed since the scan (done, cancelled, new deadline). */
export async function sendTaskReminder(p: ReminderPayload, transaction: Transaction, now: Date = new Date()) {
  const db = getDb();
  const task = await db.Task.findByPk(p.taskId, { include: [{ model: db.Unit, as: "leadUnit", attributes: ["id", "name"] }], transaction });
  if (!task) return [];
  const r = reminderFor(task, p.today);
  if (!r || r.key !== p.key) return [];
  const userIds = await reminderRecipients(task, transaction);
  if (!userIds.length) return [];
  const { title, body } = reminderText(task, r, task.leadUnit?.name ?? "");
  const rows = await notifyUsers({ userIds, kind: `task.${r.kind}`, title, body, url: `/tasks/${task.id}`, entityType: "task", entityId: task.id, transaction });
  await enqueueNotificationEmails(rows.map((n) => n.id), { transaction, dedupeKey: `email:${p.key}`, runAt: now });
  return rows;
}

// ── The digest of one unit ─────────────────────────────────────────────────

type DigestPayload = { unitId: number; today: string };

export type UnitDigestCounts = { open: number; overdue: number; dueSoon: number };

/** Open tasks the unit leads or coordinates — what `/tasks?scope=unit` lists — counted by computeTaskStatus. */
export async function unitDigestCounts(unitId: number, today: string, transaction?: Transaction): Promise<UnitDigestCounts> {
  const db = getDb();
  const coordinated = (await db.TaskCoordinator.findAll({ attributes: ["taskId"], where: { unitId }, transaction })).map((c) => c.taskId);
  const tasks = await db.Task.findAll({
    attributes: ["id", "deadline", "completedOn", "state"],
    where: { state: [...OPEN_STATES], [Op.or]: [{ leadUnitId: unitId }, ...(coordinated.length ? [{ id: coordinated }] : [])] },
    transaction,
  });
  const counts: UnitDigestCounts = { open: 0, overdue: 0, dueSoon: 0 };
  for (const t of tasks) {
    const s = computeTaskStatus({ deadline: t.deadline ?? null, completedOn: t.completedOn ?? null, state: t.state }, today);
    if (s.completed) continue;
    counts.open++;
    if (s.code === "open_overdue") counts.overdue++;
    if (s.dueSoon) counts.dueSoon++;
  }
  return counts;
}

export function digestText(unitName: string, today: string, c: UnitDigestCounts) {
  const title = `Tổng hợp nhiệm vụ ngày ${formatDateOnly(today)}: ${c.overdue} quá hạn, ${c.dueSoon} sắp đến hạn`;
  const detail =
    c.overdue || c.dueSoon
      ? `trong đó ${c.overdue} nhiệm vụ quá hạn, ${c.dueSoon} nhiệm vụ sắp đến hạn (trong ${DUE_SOON_DAYS} ngày tới)`
      : "không có nhiệm vụ quá hạn hay sắp đến hạn";
  return { title, body: `${unitName}: ${c.open} nhiệm vụ chưa hoàn thành, ${detail}.` };
}

/** One notification to each active user of the unit, if the unit still has open tasks. */
export async function sendUnitDigest(p: DigestPayload, transaction: Transaction, now: Date = new Date()) {
  const db = getDb();
  const unit = await db.Unit.findByPk(p.unitId, { attributes: ["id", "name", "active"], transaction });
  if (!unit || unit.active === false) return [];
  const counts = await unitDigestCounts(unit.id, p.today, transaction);
  if (!counts.open) return [];
  const users = await db.User.findAll({ attributes: ["id"], where: { unitId: unit.id, active: true }, order: [["id", "ASC"]], transaction });
  if (!users.length) return [];
  const { title, body } = digestText(unit.name, p.today, counts);
  const rows = await notifyUsers({ userIds: users.map((u) => u.id), kind: "task.digest", title, body, url: "/tasks?scope=unit", entityType: "unit", entityId: unit.id, transaction });
  await enqueueNotificationEmails(rows.map((n) => n.id), { transaction, dedupeKey: `email:digest:${unit.id}:${p.today}`, runAt: now });
  return rows;
}

// ── Wiring ─────────────────────────────────────────────────────────────────

export function registerReminderJobs() {
  registerMailJobs();
  registerJobHandler<{ today?: string }>(SCAN_JOB, {
    maxAttempts: 3,
    async run(payload, { now }) {
      const actualToday = todayInHanoi(now);
      const today = payload?.today ?? actualToday;
      // The chain first: even if this scan fails for good, tomorrow's exists.
      await scheduleNextScan(today > actualToday ? today : actualToday);
      await scheduleReminderScan(now);
      // A scan for a day already past (the process was down) would send
      // yesterday's words; today's own scan covers what is still due.
      if (today >= actualToday) await runReminderScan({ today, now });
      else logger.info({ today, actualToday }, "stale reminder scan skipped");
      await pruneOldJobs(now);
    },
  });
  registerJobHandler<ReminderPayload>(REMINDER_JOB, {
    transactional: true,
    async run(payload, { transaction, now }) {
      await sendTaskReminder(payload, transaction!, now);
    },
  });
  registerJobHandler<DigestPayload>(DIGEST_JOB, {
    transactional: true,
    async run(payload, { transaction, now }) {
      await sendUnitDigest(payload, transaction!, now);
    },
  });
}

/** Registers the handlers and queues today's scan; the job runner does the rest. */
export async function startReminderJobs(now: Date = new Date()) {
  registerReminderJobs();
  await scheduleReminderScan(now);
}
