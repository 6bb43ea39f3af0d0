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

/**
 * A small cache of promises that keeps an answer while its write group has not
 * moved and for at most `ttlMs` (0 or less: no cache). Callers asking while an
 * answer is being computed share it; a failed answer is forgotten at once.
 */
export function generationCache<V>(group: WriteGroup, ttlMs: number | (() => number), maxEntries = 5000) {
  const entries = new Map<string, { at: number; generation: number; value: Promise<V> }>();
  return {
    get(key: string, compute: () => Promise<V>): Promise<V> {
      const ttl = typeof ttlMs === "function" ? ttlMs() : ttlMs;
      if (ttl <= 0) return compute();
      const generation = writeGeneration(group);
      const hit = entries.get(key);
      if (hit && hit.generation === generation && Date.now() - hit.at < ttl) return hit.value;
      if (entries.size >= maxEntries) entries.clear();
      const value = compute();
      entries.set(key, { at: Date.now(), generation, value });
      value.catch(() => entries.delete(key));
      return value;
    },
    clear() {
      entries.clear();
    },
  };
}
