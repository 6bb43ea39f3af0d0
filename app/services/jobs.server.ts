import { randomBytes } from "node:crypto";
import os from "node:os";
import { Op, UniqueConstraintError, type Transaction, type WhereOptions } from "sequelize";
import { getDb, type Job } from "../../models";
import { logger } from "../lib/logger.server";
import { singleton } from "../lib/singleton.server";

/**
 * A small job queue in the `jobs` table, shared by every app process
 * (docs/decisions/006-job-runner.md):
 *
 * - a job is claimed by ONE conditional UPDATE (`… WHERE id = ? AND status is
 *   still claimable`); the row count says who won. That is atomic on SQLite
 *   (one writer) and on MySQL/MariaDB (the UPDATE re-reads the latest row
 *   under its row lock), so two processes never start the same job;
 * - a claim is a lease (`lockedUntil`): a worker that dies mid-job leaves a
 *   running row whose lease expires, and any worker claims it again;
 * - a failure goes back to pending with exponential backoff until
 *   `maxAttempts`, then stays `failed` with its last error;
 * - `dedupeKey` is UNIQUE: enqueueing the same logical job twice (two
 *   processes scanning the same day) inserts one row, the second is ignored.
 *
 * Handlers marked `transactional` run inside one transaction that first
 * re-checks the lease and ends by marking the job done, so their database
 * effects happen exactly once even if a lease expired while they ran.
 */

export type JobContext = {
  job: { id: number; kind: string; attempts: number; dedupeKey: string | null };
  workerId: string;
  now: Date;
  /** Only for transactional handlers: every query of the handler must use it. */
  transaction?: Transaction;
  /** What the next attempt receives if this one fails (e.g. only the e-mails not yet sent). */
  setPayload(payload: unknown): void;
};

export type JobHandler<P = unknown> = {
  run(payload: P, ctx: JobContext): Promise<void>;
  transactional?: boolean;
  /** Attempts before the job is left `failed`. Default 5. */
  maxAttempts?: number;
  /** How long a claim holds. Default 5 minutes. */
  leaseMs?: number;
  /** Delay before attempt n+1 after n failures. Default 30 s · 2^(n−1), at most 1 h. */
  backoffMs?(attempts: number): number;
};

export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_LEASE_MS = 5 * 60_000;
export function defaultBackoffMs(attempts: number) {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

const handlers = singleton("jobHandlers", () => new Map<string, JobHandler>());

export function registerJobHandler<P>(kind: string, handler: JobHandler<P>) {
  handlers.set(kind, handler as JobHandler);
}

export function registeredJobKinds() {
  return [...handlers.keys()];
}

// ── Lock conflicts ─────────────────────────────────────────────────────────

/**
 * InnoDB may answer two racing single-row statements on `jobs` (its unique and
 * status indexes) with a deadlock, and SQLite with SQLITE_BUSY; both mean
 * "try again", not "this job failed".
 */
const TRANSIENT = [/Deadlock found/i, /Lock wait timeout/i, /SQLITE_BUSY/];
/** For statements outside a transaction only: inside one, a deadlock has rolled the whole transaction back. */
const AUTOCOMMIT_RETRY = { max: 5, match: TRANSIENT };
// Sequelize passes `retry` down to every query but its option types only know it on sequelize.query.
const RETRY_OUTSIDE_TX = { retry: AUTOCOMMIT_RETRY } as object;

function isTransientLockError(err: unknown) {
  const e = err as { message?: string; parent?: { message?: string } } | null;
  const text = `${e?.message ?? ""} ${e?.parent?.message ?? ""}`;
  return TRANSIENT.some((r) => r.test(text));
}

function describeError(err: unknown) {
  if (!(err instanceof Error)) return String(err);
  // Sequelize's errors carry the query's stack, whose first line lacks the message.
  const stack = (err.stack ?? "").split("\n").slice(1).join("\n");
  return `${err.name}: ${err.message}${stack ? "\n" + stack : ""}`;
}

// ── Enqueue ────────────────────────────────────────────────────────────────

export type EnqueueProps = {
  kind: string;
  payload?: unknown;
  /** Default: now. */
  runAt?: Date;
  /** A second job with the same key is not inserted. */
  dedupeKey?: string | null;
  transaction?: Transaction;
};

/**
 * MySQL's DATETIME keeps whole seconds and MySQL 8 rounds (MariaDB truncates):
 * a runAt rounded up would not be due yet when the caller says "now". Whole
 * seconds, rounded down, behave the same on every dialect.
 */
const floorToSecond = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

/** Inserts a pending job; returns null (not an error) when the dedupeKey already exists. */
export async function enqueueJob(p: EnqueueProps): Promise<Job | null> {
  try {
    return await getDb().Job.create(
      { kind: p.kind, payload: p.payload ?? null, runAt: floorToSecond(p.runAt ?? new Date()), dedupeKey: p.dedupeKey ?? null },
      { transaction: p.transaction, ...(p.transaction ? {} : RETRY_OUTSIDE_TX) },
    );
  } catch (err) {
    if (err instanceof UniqueConstraintError && p.dedupeKey) return null;
    throw err;
  }
}

// ── Claim ──────────────────────────────────────────────────────────────────

/** Due pending jobs, and running jobs whose worker let the lease lapse (crashed). */
function claimableWhere(now: Date, kinds: string[]): WhereOptions {
  return {
    kind: kinds,
    [Op.or]: [
      { status: "pending", runAt: { [Op.lte]: now } },
      { status: "running", lockedUntil: { [Op.lt]: now } },
    ],
  };
}

export type ClaimedJob = {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  dedupeKey: string | null;
  lockedUntil: Date;
};

/**
 * Claims up to `limit` due jobs for `workerId`, each by its own conditional
 * UPDATE: a job another worker claimed in between is skipped, never shared.
 * Only kinds this process has a handler for are claimed, so a process of an
 * older version leaves new kinds to the processes that know them.
 */
export async function claimDueJobs(workerId: string, limit = 1, opts: { now?: Date; kinds?: string[] } = {}): Promise<ClaimedJob[]> {
  const db = getDb();
  const now = opts.now ?? new Date();
  const kinds = opts.kinds ?? registeredJobKinds();
  if (!kinds.length || limit < 1) return [];
  // More candidates than wanted: racing workers see the same first rows.
  const candidates = await db.Job.findAll({
    attributes: ["id", "kind"],
    where: claimableWhere(now, kinds),
    order: [["runAt", "ASC"], ["id", "ASC"]],
    limit: Math.max(limit * 4, 20),
  });
  const claimed: ClaimedJob[] = [];
  for (const c of candidates) {
    if (claimed.length >= limit) break;
    const leaseMs = handlers.get(c.kind)?.leaseMs ?? DEFAULT_LEASE_MS;
    const lockedUntil = new Date(now.getTime() + leaseMs);
    let count = 0;
    try {
      [count] = await db.Job.update(
        { status: "running", lockedBy: workerId, lockedUntil, attempts: db.sequelize.literal("attempts + 1") as unknown as number },
        { where: { id: c.id, ...claimableWhere(now, kinds) }, ...RETRY_OUTSIDE_TX },
      );
    } catch (err) {
      // e.g. a lock wait timeout behind another worker's long transaction: that job is theirs.
      logger.debug({ err, jobId: c.id }, "job claim skipped");
      continue;
    }
    if (count !== 1) continue;
    const row = await db.Job.findByPk(c.id);
    if (!row || row.lockedBy !== workerId) continue;
    claimed.push({ id: row.id, kind: row.kind, payload: row.payload ?? null, attempts: row.attempts, dedupeKey: row.dedupeKey ?? null, lockedUntil });
  }
  return claimed;
}

// ── Run ────────────────────────────────────────────────────────────────────

class LeaseLostError extends Error {
  constructor(jobId: number) {
    super(`job ${jobId}: lease lost to another worker`);
  }
}

/**
 * Only the worker holding the claim may finish it. Running = lockedUntil set:
 * a finished job keeps `lockedBy` (who ran it, for the operator) but no
 * lease, a pending one has neither. (Not `status = 'running'`: MariaDB then
 * intersects the status index with the primary key and locks every running
 * row, which deadlocks racing workers.)
 */
const ownedBy = (id: number, workerId: string): WhereOptions => ({ id, lockedBy: workerId, lockedUntil: { [Op.ne]: null } });

export type RunOutcome = "done" | "retry" | "failed" | "lease_lost";

async function runInTransaction(job: ClaimedJob, workerId: string, handler: JobHandler, ctx: Omit<JobContext, "transaction">) {
  const db = getDb();
  await db.sequelize.transaction(async (transaction) => {
    // First statement of the transaction: re-check the claim and, on MySQL,
    // row-lock the job (SELECT … FOR UPDATE), so a worker reclaiming an
    // expired lease waits for this commit and then finds the job done.
    // SQLite's BEGIN IMMEDIATE already excludes every other writer.
    const mine = await db.Job.findOne({ attributes: ["id"], where: ownedBy(job.id, workerId), transaction, lock: transaction.LOCK.UPDATE });
    if (!mine) throw new LeaseLostError(job.id);
    await handler.run(job.payload, { ...ctx, transaction });
    await db.Job.update({ status: "done", lockedUntil: null, lastError: null }, { where: { id: job.id }, transaction });
  });
}

/** Runs one claimed job and records the outcome (done / back to pending with backoff / failed). */
export async function runClaimedJob(job: ClaimedJob, workerId: string, opts: { now?: Date } = {}): Promise<RunOutcome> {
  const db = getDb();
  const handler = handlers.get(job.kind);
  const now = opts.now ?? new Date();
  const maxAttempts = handler?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  let nextPayload: { value: unknown } | null = null;
  const ctxBase = {
    job: { id: job.id, kind: job.kind, attempts: job.attempts, dedupeKey: job.dedupeKey },
    workerId,
    now,
    setPayload: (value: unknown) => void (nextPayload = { value }),
  };

  try {
    if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
    // A job whose worker died mid-run too often is not started again.
    if (job.attempts > maxAttempts) throw new Error(`gave up after ${maxAttempts} attempts (last lease expired)`);
    if (handler.transactional) {
      // A deadlock rolled the transaction back whole: run it again at once,
      // without counting an attempt.
      for (let tries = 1; ; tries++) {
        try {
          await runInTransaction(job, workerId, handler, { ...ctxBase });
          break;
        } catch (err) {
          if (tries >= 3 || !isTransientLockError(err)) throw err;
        }
      }
      return "done";
    }
    await handler.run(job.payload, ctxBase);
    const [count] = await db.Job.update({ status: "done", lockedUntil: null, lastError: null }, { where: ownedBy(job.id, workerId), ...RETRY_OUTSIDE_TX });
    return count === 1 ? "done" : "lease_lost";
  } catch (err) {
    if (err instanceof LeaseLostError) {
      logger.warn({ jobId: job.id, kind: job.kind }, "job lease lost; another worker owns it");
      return "lease_lost";
    }
    const message = describeError(err);
    const failed = job.attempts >= maxAttempts;
    const retryAt = floorToSecond(new Date(now.getTime() + (handler?.backoffMs ?? defaultBackoffMs)(job.attempts)));
    const changes: Record<string, unknown> = failed
      ? { status: "failed", lockedUntil: null, lastError: message.slice(0, 10_000) }
      : { status: "pending", runAt: retryAt, lockedBy: null, lockedUntil: null, lastError: message.slice(0, 10_000) };
    if (nextPayload) changes.payload = (nextPayload as { value: unknown }).value;
    const [count] = await db.Job.update(changes, { where: ownedBy(job.id, workerId), ...RETRY_OUTSIDE_TX });
    logger[failed ? "error" : "warn"]({ err, jobId: job.id, kind: job.kind, attempts: job.attempts, retryAt: failed ? null : retryAt }, failed ? "job failed" : "job will be retried");
    if (count !== 1) return "lease_lost";
    return failed ? "failed" : "retry";
  }
}

export type RunSummary = { claimed: number; done: number; retry: number; failed: number; leaseLost: number };

/**
 * Claims and runs due jobs one at a time until none is due (or `maxJobs`, or
 * the runner is stopping). One at a time: a claimed job never waits behind
 * others while its lease runs down, and stopping leaves no claimed job unrun.
 */
export async function runDueJobs(opts: { workerId?: string; now?: Date; maxJobs?: number; shouldStop?: () => boolean } = {}): Promise<RunSummary> {
  const workerId = opts.workerId ?? defaultWorkerId();
  const summary: RunSummary = { claimed: 0, done: 0, retry: 0, failed: 0, leaseLost: 0 };
  const maxJobs = opts.maxJobs ?? 500;
  while (summary.claimed < maxJobs && !opts.shouldStop?.()) {
    const [job] = await claimDueJobs(workerId, 1, { now: opts.now });
    if (!job) break;
    summary.claimed++;
    const outcome = await runClaimedJob(job, workerId, { now: opts.now });
    if (outcome === "lease_lost") summary.leaseLost++;
    else summary[outcome]++;
  }
  return summary;
}

// ── The runner inside the app process ──────────────────────────────────────

type RunnerState = {
  workerId: string;
  timer: NodeJS.Timeout | null;
  current: Promise<unknown> | null;
  stopping: boolean;
};

const runner = singleton("jobRunner", () => ({ state: null as RunnerState | null }));

let workerIdOfProcess: string | null = null;
function defaultWorkerId() {
  return (workerIdOfProcess ??= `${os.hostname().slice(0, 60)}:${process.pid}:${randomBytes(3).toString("hex")}`);
}

export function jobsEnabled() {
  return process.env.JOBS !== "0";
}

/**
 * Polls for due jobs every `intervalMs` (env JOBS_INTERVAL_MS, default 30 s)
 * until stopJobRunner(). JOBS=0 disables it (returns null). Timers are
 * unref'd: the runner never keeps a process alive on its own.
 */
export function startJobRunner(opts: { intervalMs?: number; workerId?: string } = {}) {
  if (!jobsEnabled()) return null;
  if (runner.state) return runner.state;
  const intervalMs = opts.intervalMs ?? (Number(process.env.JOBS_INTERVAL_MS) || 30_000);
  const state: RunnerState = { workerId: opts.workerId ?? defaultWorkerId(), timer: null, current: null, stopping: false };
  runner.state = state;

  const schedule = (ms: number) => {
    if (state.stopping) return;
    state.timer = setTimeout(tick, ms);
    state.timer.unref();
  };
  const tick = () => {
    state.timer = null;
    state.current = runDueJobs({ workerId: state.workerId, shouldStop: () => state.stopping })
      .catch((err) => logger.error({ err }, "job runner tick failed"))
      .finally(() => {
        state.current = null;
        schedule(intervalMs);
      });
  };
  // The first look soon after start, not a whole interval later.
  schedule(Math.min(intervalMs, 1_000));
  logger.info({ workerId: state.workerId, intervalMs, kinds: registeredJobKinds() }, "job runner started");
  return state;
}

/** Stops polling and waits for the job that is running, if any. */
export async function stopJobRunner() {
  const state = runner.state;
  if (!state) return;
  state.stopping = true;
  if (state.timer) clearTimeout(state.timer);
  state.timer = null;
  await state.current;
  runner.state = null;
}
