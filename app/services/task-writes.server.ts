import { getDb } from "../../models";

/**
 * A counter bumped by Sequelize hooks on every write to tasks, progress
 * reports, extension requests, minutes, meetings and units in this process.
 * Caches of derived numbers (the dashboard, the header counters) keep an
 * answer only while the counter has not moved; other processes' writes are
 * seen when the cache's own time limit runs out.
 */
let generation = 0;
const watched = new WeakSet<object>();

export function taskWritesGeneration(): number {
  const db = getDb();
  if (!watched.has(db.sequelize)) {
    watched.add(db.sequelize);
    generation++;
    for (const model of [db.Task, db.TaskReport, db.ExtensionRequest, db.TaskCoordinator, db.Minutes, db.Meeting, db.Unit]) {
      for (const hook of ["afterCreate", "afterUpdate", "afterDestroy", "afterBulkCreate", "afterBulkUpdate", "afterBulkDestroy", "afterUpsert"] as const) {
        (model as unknown as { addHook(h: string, f: () => void): void }).addHook(hook, bumpTaskWrites);
      }
    }
  }
  return generation;
}

/** For writes the hooks cannot see (raw SQL). */
export function bumpTaskWrites() {
  generation++;
}
