import { getDb } from "../../models";

/**
 * Counters bumped by Sequelize hooks on every write, in this process, to a
 * group of tables. Caches of derived answers keep one only while its group's
 * counter has not moved; other processes' writes are seen when the cache's
 * own time limit runs out.
 *
 * - tasks: tasks, progress reports, extension requests, coordinators, minutes,
 *   meetings and units (the dashboard, the header counters, the unit tree);
 * - units: the unit tree;
 * - people: sessions, users and units (who is signed in behind a cookie);
 * - notifications: the header's unread count.
 */
type Db = ReturnType<typeof getDb>;
export type WriteGroup = "tasks" | "units" | "people" | "notifications";

const GROUP_MODELS: Record<WriteGroup, (db: Db) => unknown[]> = {
  tasks: (db) => [db.Task, db.TaskReport, db.ExtensionRequest, db.TaskCoordinator, db.Minutes, db.Meeting, db.Unit],
  units: (db) => [db.Unit],
  people: (db) => [db.Session, db.User, db.Unit],
  notifications: (db) => [db.Notification],
};
const HOOKS = ["afterCreate", "afterUpdate", "afterDestroy", "afterBulkCreate", "afterBulkUpdate", "afterBulkDestroy", "afterUpsert"] as const;

const generations: Record<WriteGroup, number> = { tasks: 0, units: 0, people: 0, notifications: 0 };
const watched = new WeakSet<object>();

export function writeGeneration(group: WriteGroup): number {
  const db = getDb();
  if (!watched.has(db.sequelize)) {
    watched.add(db.sequelize);
    for (const g of Object.keys(GROUP_MODELS) as WriteGroup[]) {
      generations[g]++;
      for (const model of GROUP_MODELS[g](db)) {
        for (const hook of HOOKS) (model as { addHook(h: string, f: (...args: unknown[]) => void): void }).addHook(hook, (...args) => onWrite(g, args.at(-1)));
      }
    }
  }
  return generations[group];
}

/**
 * Bumped at the write and again at its commit: a reader between the two
 * (another request, outside the transaction) still sees the old rows and
 * would otherwise cache them under the new counter.
 */
function onWrite(group: WriteGroup, options: unknown) {
  bumpWrites(group);
  const transaction = (options as { transaction?: { afterCommit?(fn: () => void): void } } | null)?.transaction;
  transaction?.afterCommit?.(() => bumpWrites(group));
}

/** For writes the hooks cannot see (raw SQL). */
export function bumpWrites(group: WriteGroup) {
  generations[group]++;
}

const LATE = Symbol("late");
/** A recount is not started again before this many times its own duration has passed since the last one ended. */
const RECOUNT_GAP = 4;

/** An answer that may lag behind the latest writes: `computedAt` is when its computation started. */
export type RecentAnswer<V> = { value: V; fresh: boolean; computedAt: number };

/**
 * A small cache that keeps an answer while its write group has not moved and
 * for at most `ttlMs` (0 or less: no cache). Callers asking while an answer is
 * being computed share it; a failed answer is forgotten at once.
 *
 * `get` always answers from the current data. `recent` is for pages whose
 * answer is expensive (the city-wide dashboard), decision 011: after a write
 * it gives the last answer (if younger than `keepMs`), marked not fresh, and
 * recounts in the background, unless the recount is known to be quick (its
 * last run took at most `waitMs`) — then it waits up to `waitMs` for it. One
 * recount per key at a time, and not again before RECOUNT_GAP times its
 * duration has passed: under steady writes a 0.5 s count would otherwise run
 * without pause.
 */
export function generationCache<V>(group: WriteGroup, ttlMs: number | (() => number), maxEntries = 5000) {
  const answered = new Map<string, { at: number; generation: number; value: V; tookMs: number; endedAt: number }>();
  const computing = new Map<string, { at: number; generation: number; value: Promise<V> }>();
  const ttl = () => (typeof ttlMs === "function" ? ttlMs() : ttlMs);
  const isCurrent = (e: { at: number; generation: number }, generation: number) => e.generation === generation && Date.now() - e.at < ttl();

  function get(key: string, compute: () => Promise<V>): Promise<V> {
    if (ttl() <= 0) return compute();
    const generation = writeGeneration(group);
    const done = answered.get(key);
    if (done && isCurrent(done, generation)) return Promise.resolve(done.value);
    const running = computing.get(key);
    if (running && isCurrent(running, generation)) return running.value;
    if (answered.size >= maxEntries) answered.clear();
    const at = Date.now();
    const value = compute();
    computing.set(key, { at, generation, value });
    const finished = () => computing.get(key)?.value === value && computing.delete(key);
    value.then(
      (v) => {
        finished();
        const endedAt = Date.now();
        // A slower, older computation never replaces a newer answer.
        if ((answered.get(key)?.at ?? -1) <= at) answered.set(key, { at, generation, value: v, tookMs: endedAt - at, endedAt });
      },
      finished,
    );
    return value;
  }

  return {
    get,
    async recent(key: string, compute: () => Promise<V>, waitMs: number, keepMs: number): Promise<RecentAnswer<V>> {
      const last = answered.get(key);
      const now = Date.now();
      if (ttl() <= 0 || !last || now - last.at >= keepMs) return { value: await get(key, compute), fresh: true, computedAt: now };
      if (isCurrent(last, writeGeneration(group))) return { value: last.value, fresh: true, computedAt: last.at };
      const stale = { value: last.value, fresh: false, computedAt: last.at };
      if (last.tookMs > waitMs) {
        // Known slow: recount in the background, one at a time (one started for an older write
        // will not be current either), and not again before the gap after the last one.
        if (!computing.has(key) && now - last.endedAt >= last.tookMs * RECOUNT_GAP) void get(key, compute);
        return stale;
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<typeof LATE>((resolve) => (timer = setTimeout(resolve, waitMs, LATE)));
      try {
        const value = await Promise.race([get(key, compute), late]);
        return value === LATE ? stale : { value, fresh: true, computedAt: now };
      } catch {
        // The recount failed: the last answer is still the best there is.
        return stale;
      } finally {
        clearTimeout(timer);
      }
    },
    clear() {
      answered.clear();
      computing.clear();
    },
  };
}
