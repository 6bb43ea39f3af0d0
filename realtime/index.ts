import type { Server as HttpServer } from "node:http";
import type { Transaction } from "sequelize";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";
import { Server, type Socket } from "socket.io";
import type { CurrentUser } from "../app/lib/current-user";
import { CollabServer, type CollabDeps, type CollabOptions } from "./collab";

/**
 * The one realtime module. Services emit through here — after their
 * transaction commits — never from route code (DESIGN.md §5). It lives in the
 * same module graph as the services (bundled into build/index.js), so the io
 * they emit on is the io the sockets are connected to.
 */
export type RealtimeDeps = {
  /** user behind the handshake's session cookie, or null */
  authenticate(cookieHeader: string | undefined): Promise<CurrentUser | null>;
  /** policy check for joining a room (deny by default) */
  canJoin(user: CurrentUser, room: string): Promise<boolean>;
  /** rooms joined automatically at connection */
  defaultRooms(user: CurrentUser): string[];
  log?: { info(o: object, msg?: string): void; warn(o: object, msg?: string): void };
};

type SocketData = { user: CurrentUser };
type State = { io: Server | null; collab: CollabServer | null; redisClients: { quit(): Promise<unknown> }[] };

const state: State = ((globalThis as unknown as { __phsRealtime?: State }).__phsRealtime ??= { io: null, collab: null, redisClients: [] });

/** Rooms a page may ask for; `tasks:all` carries every task change, for the secretariat's and leaders' lists. */
const ROOM_PATTERN = /^((user|unit|meeting|minutes|directive|task):[1-9]\d{0,9}|tasks:all)$/;

export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): Server {
  if (state.io) return state.io;
  const io = new Server(httpServer, {
    serveClient: false,
    // Cross-site WebSocket hijacking: only pages of this origin may connect.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) return callback(null, true);
      const host = req.headers["x-forwarded-host"] ?? req.headers.host;
      callback(null, new URL(origin).host === host);
    },
  });

  io.use(async (socket, next) => {
    try {
      const user = await deps.authenticate(socket.handshake.headers.cookie);
      if (!user) return next(Object.assign(new Error("unauthorized"), { data: { message: "Vui lòng đăng nhập." } }));
      (socket.data as SocketData).user = user;
      next();
    } catch (err) {
      deps.log?.warn({ err }, "socket auth failed");
      next(new Error("unauthorized"));
    }
  });

  io.on("connection", (socket: Socket) => {
    const user = (socket.data as SocketData).user;
    for (const room of deps.defaultRooms(user)) socket.join(room);

    socket.on("room:join", async (payload: unknown, ack?: (r: { ok: boolean; error?: string }) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const room = (payload as { room?: unknown } | null)?.room;
      if (typeof room !== "string" || !ROOM_PATTERN.test(room)) return reply({ ok: false, error: "Phòng không hợp lệ." });
      if (!(await deps.canJoin(user, room).catch(() => false))) return reply({ ok: false, error: "Bạn không có quyền theo dõi nội dung này." });
      await socket.join(room);
      reply({ ok: true });
    });
    socket.on("room:leave", (payload: unknown) => {
      const room = (payload as { room?: unknown } | null)?.room;
      if (typeof room === "string" && !room.startsWith("user:")) socket.leave(room);
    });
  });

  state.io = io;
  return io;
}

export function getIo(): Server | null {
  return state.io;
}

/**
 * Scale-out: with REDIS_URL, rooms and emits span every process through the
 * socket.io Redis adapter (collaborative documents have their own relay).
 */
export async function enableRedisAdapter(url: string, prefix = "phs") {
  if (!state.io) throw new Error("attachRealtime first");
  const pub = createClient({ url });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  state.io.adapter(createAdapter(pub, sub, { key: `${prefix}:socket.io` }));
  state.redisClients.push(pub, sub);
}

/** The collaborative-minutes server on the same io (one per process). */
export async function startCollab(deps: CollabDeps, options: CollabOptions = {}) {
  if (!state.io) throw new Error("attachRealtime first");
  if (state.collab) return state.collab;
  const collab = new CollabServer(state.io, deps, options);
  await collab.start();
  state.collab = collab;
  return collab;
}

export function getCollab(): CollabServer | null {
  return state.collab;
}

export function emitToRoom(room: string | string[], event: string, payload: unknown) {
  state.io?.to(room).emit(event, payload);
}

/** Emits once the transaction commits (and never if it rolls back). */
export function emitAfterCommit(transaction: Transaction | null | undefined, room: string | string[], event: string, payload: unknown) {
  if (transaction) transaction.afterCommit(() => emitToRoom(room, event, payload));
  else emitToRoom(room, event, payload);
}

export async function connectedSocketCount() {
  return state.io ? (await state.io.fetchSockets()).length : 0;
}

export async function closeRealtime() {
  // Collaborative documents are stored before the sockets go (SIGTERM loses nothing).
  await state.collab?.close();
  state.collab = null;
  const io = state.io;
  state.io = null;
  await Promise.allSettled(state.redisClients.splice(0).map((c) => c.quit()));
  if (io) await new Promise<void>((resolve) => io.close(() => resolve()));
}
