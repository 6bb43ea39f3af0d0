import type { Server as HttpServer } from "node:http";
import { closeDb, getDb } from "../models";
import { dialectOf } from "../models/db";
import { migrateUp } from "../migrations/migrator";
import { attachRealtime, closeRealtime, connectedSocketCount, enableRedisAdapter, getCollab, getIo, startCollab } from "../realtime";
import { logger } from "./lib/logger.server";
import { loadUserForSessionId, sessionIdFromCookieHeader } from "./lib/session.server";
import { loadMinutesState, minutesAccess, storeMinutesState } from "./services/minutes.server";
import { canJoinRoom } from "./services/realtime-rooms.server";
import { jobsEnabled, startJobRunner, stopJobRunner } from "./services/jobs.server";
import { startReminderJobs } from "./services/reminders.server";
import { seedDemoData } from "./services/seed-demo.server";
import { ensureSearchIndex } from "./services/search-index.server";
import { isProduction } from "./lib/config.server";

/**
 * Everything stateful the process owns — the database pool, migrations, demo
 * data and the socket.io server — is created here, inside the Remix build's
 * module graph. server.ts reaches it only as build.entry.module.bootstrap, so
 * services and sockets share one io and one pool (DESIGN.md §3).
 */
export async function bootstrap({ httpServer }: { httpServer: HttpServer }) {
  const db = getDb();
  await db.sequelize.authenticate();
  const applied = await migrateUp(db.sequelize);
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");

  if (!isProduction() && process.env.SEED_DEMO !== "0") {
    const { seeded } = await seedDemoData(db);
    if (seeded) logger.info("demo data seeded");
  }
  // Records from before the search index (migration 0002 on an existing database): index them once, in the background.
  void ensureSearchIndex({ onStart: () => logger.info("search index is empty: building it") })
    .then((search) => search.built && logger.info({ entries: search.counts }, "search index built"))
    .catch((err) => logger.error({ err }, "search index build failed (run npm run search:reindex)"));

  attachRealtime(httpServer, {
    authenticate: async (cookie) => loadUserForSessionId(await sessionIdFromCookieHeader(cookie)),
    canJoin: canJoinRoom,
    defaultRooms: (user) => [`user:${user.id}`, ...(user.unitId ? [`unit:${user.unitId}`] : [])],
    log: logger,
  });
  const redisUrl = process.env.REDIS_URL || undefined;
  const redisPrefix = process.env.REDIS_PREFIX || "phs";
  if (redisUrl) await enableRedisAdapter(redisUrl, redisPrefix);
  await startCollab(
    { access: minutesAccess, load: loadMinutesState, store: (id, state, doc, { final }) => storeMinutesState(id, state, { doc, final }), log: logger },
    {
      redisUrl,
      redisPrefix,
      unloadAfterMs: Number(process.env.COLLAB_UNLOAD_MS || 30_000),
      debounceMs: Number(process.env.COLLAB_DEBOUNCE_MS || 2_000),
      maxDebounceMs: Number(process.env.COLLAB_MAX_DEBOUNCE_MS || 10_000),
      persistConcurrency: dialectOf(db.sequelize) === "sqlite" ? 1 : 4,
    },
  );
  // Background jobs (reminders, digest, e-mail); JOBS=0 leaves them to other processes.
  if (jobsEnabled()) {
    await startReminderJobs();
    startJobRunner();
  }

  return { shutdown };
}

export async function shutdown() {
  await stopJobRunner();
  await closeRealtime();
  await closeDb();
}

/** For tests that prove the single module graph: the same io and pool the services use. */
export const runtime = { getDb, getIo, getCollab, connectedSocketCount };
