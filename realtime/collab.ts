import crypto from "node:crypto";
import type { Socket as NetSocket } from "node:net";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { createClient } from "redis";
import type { Server, Socket } from "socket.io";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { decodeBatch, encodeData, MESSAGE_AWARENESS, MESSAGE_SYNC } from "../app/lib/minutes/wire";

/**
 * Collaborative documents over socket.io: our own small provider on the
 * y-protocols sync and awareness messages, one namespace, one room per
 * document (`minutes:{id}`). The lifecycle follows Hocuspocus: the document is
 * loaded before anyone syncs; it is stored debounced (2 s, at most 10 s under
 * constant typing), when the last client leaves and on shutdown; idle
 * documents are unloaded; read-only connections' updates are refused; a
 * socket's awareness is removed when it disconnects; awareness is throttled.
 * With Redis, updates and awareness are relayed between processes, because the
 * socket.io adapter fans out emits but does not sync each process's Y.Doc.
 */

export type CollabAccess = { canRead: boolean; canWrite: boolean; reason?: string };

export type CollabDeps = {
  /** who may read/write the document (called at join and on refreshAccess) */
  access(user: { id: number }, docId: number): Promise<CollabAccess>;
  /** the stored state (creating the document, once, if it does not exist yet) */
  load(docId: number): Promise<Uint8Array | null>;
  /**
   * Persists the full state; must merge with what is stored (other processes
   * store too). `final` is false for the debounced stores of ongoing typing,
   * true when the document goes quiet (last leave, flush, shutdown).
   */
  store(docId: number, state: Uint8Array, doc: Y.Doc, opts: { final: boolean }): Promise<void>;
  log?: { info(o: object, msg?: string): void; warn(o: object, msg?: string): void; error(o: object, msg?: string): void };
};

export type CollabOptions = {
  debounceMs?: number;
  maxDebounceMs?: number;
  /** how long an empty document stays in memory after its last client left */
  unloadAfterMs?: number;
  awarenessThrottleMs?: number;
  /** refuse updates once the stored state reaches this size (MEDIUMBLOB holds 16 MB) */
  maxStateBytes?: number;
  /** Redis URL for relaying between processes */
  redisUrl?: string;
  /** channel namespace, so several installations (or test runs) can share one Redis */
  redisPrefix?: string;
  /**
   * How many loads/stores may run at once in this process. SQLite has one
   * writer: with more, BEGIN IMMEDIATE transactions wait inside libuv's few
   * threads and starve the one holding the lock (shutdown with 100 open
   * documents took minutes), so it is 1 there and a few on MySQL.
   */
  persistConcurrency?: number;
};

type Conn = { socket: Socket; user: { id: number }; readOnly: boolean; clientIds: Set<number> };

type Room = {
  id: number;
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  conns: Map<string, Conn>;
  ready: Promise<void>;
  dirty: boolean;
  firstDirtyAt: number;
  /** the last update's time and this dirty spell's debounce and longest wait (jittered once per spell) */
  lastUpdateAt: number;
  debounceMs: number;
  maxDebounceMs: number;
  saveTimer: NodeJS.Timeout | null;
  saving: Promise<void>;
  unloadTimer: NodeJS.Timeout | null;
  lastStoredBytes: number;
  /** the last store was a non-final one: the store when the document goes quiet must still run */
  finalPending: boolean;
  /** awareness changes waiting for the next throttle window */
  awarenessPending: Set<number>;
  /** the sockets whose messages changed those states: when only one did, it is not sent its own changes back */
  awarenessAuthors: Set<string | null>;
  awarenessTimer: NodeJS.Timeout | null;
  lastAwarenessAt: number;
};

type Relay = {
  publish(docId: number, kind: number, payload: Uint8Array): void;
  subscribe(docId: number, onMessage: (kind: number, payload: Uint8Array) => void): Promise<void>;
  unsubscribe(docId: number): Promise<void>;
  close(): Promise<void>;
};

/**
 * Collab traffic has its own room name: the generic `room:join` lets a page
 * join `minutes:{id}` for status events, and must not receive every keystroke.
 */
const ROOM = (id: number) => `collab:${id}`;
const REMOTE = Symbol("remote");
const SERVER = Symbol("server");

export class CollabServer {
  private corked = new Set<NetSocket>();
  private corkedBroadcasts = 0;
  /** Rooms that have broadcast in this turn of the event loop (see corkRoom). */
  private sentThisTurn = new Set<number>();
  private turnEndScheduled = false;
  readonly rooms = new Map<number, Room>();
  private relay: Relay | null = null;
  private readonly opts: Required<Omit<CollabOptions, "redisUrl" | "redisPrefix">> & { redisUrl?: string; redisPrefix: string };
  private readonly persist: <T>(task: () => Promise<T>) => Promise<T>;

  constructor(private readonly io: Server, private readonly deps: CollabDeps, options: CollabOptions = {}) {
    this.opts = {
      debounceMs: options.debounceMs ?? 2000,
      maxDebounceMs: options.maxDebounceMs ?? 10_000,
      unloadAfterMs: options.unloadAfterMs ?? 30_000,
      awarenessThrottleMs: options.awarenessThrottleMs ?? 50,
      maxStateBytes: options.maxStateBytes ?? 8 * 1024 * 1024,
      redisUrl: options.redisUrl,
      redisPrefix: options.redisPrefix ?? "phs",
      persistConcurrency: options.persistConcurrency ?? 1,
    };
    this.persist = limitConcurrency(this.opts.persistConcurrency);
  }

  async start() {
    if (this.opts.redisUrl) this.relay = await createRedisRelay(this.opts.redisUrl, this.opts.redisPrefix, this.deps.log);
    this.io.on("connection", (socket) => this.attach(socket));
  }

  private attach(socket: Socket) {
    const user = (socket.data as { user?: { id: number } }).user;
    if (!user) return;
    socket.on("minutes:join", async (payload: unknown, ack?: (r: { ok: boolean; readOnly?: boolean; error?: string }) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const docId = docIdOf(payload);
      if (!docId) return reply({ ok: false, error: "Biên bản không hợp lệ." });
      try {
        const access = await this.deps.access(user, docId);
        if (!access.canRead) return reply({ ok: false, error: access.reason ?? "Bạn không có quyền xem biên bản này." });
        const room = this.room(docId);
        await room.ready;
        if (room.unloadTimer) clearTimeout(room.unloadTimer);
        room.unloadTimer = null;
        room.conns.set(socket.id, { socket, user, readOnly: !access.canWrite, clientIds: new Set() });
        await socket.join(ROOM(docId));
        reply({ ok: true, readOnly: !access.canWrite });
        // Server's state vector first; the client answers with what we lack and asks for what it lacks.
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeSyncStep1(encoder, room.doc);
        this.send(socket, docId, encoding.toUint8Array(encoder));
        const states = [...room.awareness.getStates().keys()];
        if (states.length) this.send(socket, docId, awarenessMessage(room.awareness, states));
      } catch (err) {
        this.deps.log?.error({ err, docId }, "minutes join failed");
        reply({ ok: false, error: "Không mở được biên bản. Vui lòng thử lại." });
      }
    });

    socket.on("minutes:message", (payload: unknown) => {
      const p = payload as { docId?: unknown; data?: unknown } | null;
      const docId = docIdOf(p);
      const room = docId ? this.rooms.get(docId) : undefined;
      const conn = room?.conns.get(socket.id);
      if (!room || !conn) return;
      try {
        for (const data of decodeBatch(p?.data)) this.onMessage(room, conn, data);
      } catch (err) {
        this.deps.log?.warn({ err, docId }, "bad minutes message");
      }
    });

    socket.on("minutes:leave", (payload: unknown) => {
      const docId = docIdOf(payload);
      if (docId) this.leave(docId, socket);
    });
    socket.on("disconnect", () => {
      for (const [docId, room] of this.rooms) if (room.conns.has(socket.id)) this.leave(docId, socket);
    });
  }

  private room(docId: number): Room {
    const existing = this.rooms.get(docId);
    if (existing) return existing;
    const doc = new Y.Doc({ gc: true });
    const awareness = new awarenessProtocol.Awareness(doc);
    awareness.setLocalState(null); // the server has no cursor
    const room: Room = { id: docId, doc, awareness, conns: new Map(), ready: Promise.resolve(), dirty: false, firstDirtyAt: 0, lastUpdateAt: 0, debounceMs: 0, maxDebounceMs: 0, saveTimer: null, saving: Promise.resolve(), unloadTimer: null, lastStoredBytes: 0, finalPending: false, awarenessPending: new Set(), awarenessAuthors: new Set(), awarenessTimer: null, lastAwarenessAt: 0 };
    this.rooms.set(docId, room);
    room.ready = (async () => {
      const state = await this.persist(() => this.deps.load(docId));
      if (state?.length) {
        Y.applyUpdate(doc, state, SERVER);
        room.lastStoredBytes = state.length;
      }
      doc.on("update", (update: Uint8Array, origin: unknown) => this.onDocUpdate(room, update, origin));
      awareness.on("update", (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => this.onAwarenessUpdate(room, changes, origin));
      await this.relay?.subscribe(docId, (kind, payload) => {
        if (kind === MESSAGE_SYNC) Y.applyUpdate(doc, payload, REMOTE);
        else awarenessProtocol.applyAwarenessUpdate(awareness, payload, REMOTE);
      });
    })();
    room.ready.catch(() => this.rooms.delete(docId));
    return room;
  }

  private onMessage(room: Room, conn: Conn, data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.peekVarUint(decoder);
      if (syncType !== syncProtocol.messageYjsSyncStep1) {
        // step 2 or update: content that would change the document
        const inner = decoding.createDecoder(data);
        decoding.readVarUint(inner);
        decoding.readVarUint(inner);
        const update = decoding.readVarUint8Array(inner);
        if (isEmptyUpdate(update)) return;
        if (conn.readOnly) {
          // A reader in step still sends the document's whole delete set in its sync step 2: refuse only what is new.
          if (!wouldChange(room.doc, update)) return;
          return this.refuse(conn, room.id, "Bạn chỉ có quyền xem biên bản này; thay đổi không được lưu.");
        }
        if (room.lastStoredBytes + update.length > this.opts.maxStateBytes) {
          return this.refuse(conn, room.id, "Biên bản đã đạt dung lượng tối đa; không thể thêm nội dung.");
        }
      }
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncMessage(decoder, encoder, room.doc, conn.socket.id);
      if (encoding.length(encoder) > 1) this.send(conn.socket, room.id, encoding.toUint8Array(encoder));
    } else if (type === MESSAGE_AWARENESS) {
      const update = decoding.readVarUint8Array(decoder);
      awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn);
    }
  }

  private refuse(conn: Conn, docId: number, message: string) {
    conn.socket.emit("minutes:readonly", { docId, readOnly: conn.readOnly, message });
  }

  /**
   * Holds the room's TCP writes until the end of this turn of the event loop
   * once a second broadcast to the room comes in the same turn: every frame
   * socket.io writes is otherwise its own system call (at 50 editors, 250
   * keystrokes a second each sent to 49 sockets, half the server's time was in
   * writev). When several updates are handled in one turn (under load) each
   * socket gets the later ones in one call, up to CORK_MAX_BROADCASTS. The
   * room's first broadcast of a turn leaves at once: there is nothing yet to
   * gather it with, and holding it was only a wait (10 editors: p99 7.2–7.4 ms
   * against Hocuspocus's 5.8–6.0 when every broadcast was held). Its sockets
   * are corked only while socket.io writes to them and uncorked right after
   * (the returned list), so its frames go out in one tight run of system
   * calls rather than each after the next socket's engine.io bookkeeping:
   * the receivers find them together (10 editors, p95 4.0–5.6 → 3.9–4.4 ms
   * in runs of 5 on 02/12/2026). Rooms under
   * CORK_MIN_CONNS are never held: with two editors, the second broadcast of a
   * turn goes to the other socket, so there is nothing to gather (100 documents
   * × 2 editors: p99 5.7–7.0 → 4.9–5.3 ms).
   * The TCP socket is reached through engine.io's and ws's internals
   * (tcpSocketOf); where it is not there (long polling), nothing is held.
   */
  private corkRoom(room: Room): NetSocket[] | null {
    if (room.conns.size < CORK_MIN_CONNS) return null;
    this.endTurnSoon();
    const first = !this.sentThisTurn.has(room.id);
    if (first) this.sentThisTurn.add(room.id);
    // A long turn (a big room under load) must not hold every frame to its end: clients start on the first ones.
    else if (++this.corkedBroadcasts > CORK_MAX_BROADCASTS) this.uncorkAll();
    const corked: NetSocket[] = [];
    for (const conn of room.conns.values()) {
      const tcp = tcpSocketOf(conn.socket);
      if (!tcp || this.corked.has(tcp)) continue;
      tcp.cork();
      corked.push(tcp);
    }
    if (first) return corked;
    for (const tcp of corked) this.corked.add(tcp);
    return null;
  }

  private endTurnSoon() {
    if (this.turnEndScheduled) return;
    this.turnEndScheduled = true;
    setImmediate(() => {
      this.turnEndScheduled = false;
      this.sentThisTurn.clear();
      this.uncorkAll();
    });
  }

  private uncorkAll() {
    for (const tcp of this.corked) if (!tcp.destroyed) tcp.uncork();
    this.corked.clear();
    this.corkedBroadcasts = 0;
  }

  private onDocUpdate(room: Room, update: Uint8Array, origin: unknown) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    // Each update leaves at once, not with the caret move that came in the same batch: on the receivers,
    // the caret's decoding would come before the next socket's update (10 editors: p50 ~2.8 → ~3.2 ms).
    this.broadcast(room, encoding.toUint8Array(encoder), typeof origin === "string" ? origin : null);
    if (origin !== REMOTE) this.relay?.publish(room.id, MESSAGE_SYNC, update);
    this.scheduleStore(room);
  }

  /** One broadcast (encoded once by socket.io) to this process's sockets in the room, except the author. */
  private broadcast(room: Room, message: Uint8Array, except: string | null) {
    const held = this.corkRoom(room);
    const target = this.io.local.to(ROOM(room.id));
    (except ? target.except(except) : target).emit("minutes:message", { docId: room.id, data: encodeData(message) });
    if (held) for (const tcp of held) if (!tcp.destroyed) tcp.uncork();
  }

  private onAwarenessUpdate(room: Room, { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) {
    const changed = [...added, ...updated, ...removed];
    if (!changed.length) return;
    const conn = origin && typeof origin === "object" && "clientIds" in origin ? (origin as Conn) : null;
    if (conn) {
      for (const id of added) conn.clientIds.add(id);
      for (const id of removed) conn.clientIds.delete(id);
    }
    if (origin !== REMOTE) this.relay?.publish(room.id, MESSAGE_AWARENESS, awarenessProtocol.encodeAwarenessUpdate(room.awareness, changed));
    for (const id of changed) room.awarenessPending.add(id);
    room.awarenessAuthors.add(conn ? conn.socket.id : null);
    this.scheduleAwareness(room);
  }

  /**
   * Cursor moves come many per second from every editor: they are batched per
   * document into at most one broadcast per throttle window, carrying only the
   * clients that changed (the latest state of each).
   */
  private scheduleAwareness(room: Room) {
    if (room.awarenessTimer) return;
    const wait = Math.max(0, this.opts.awarenessThrottleMs - (Date.now() - room.lastAwarenessAt));
    room.awarenessTimer = setTimeout(() => {
      room.awarenessTimer = null;
      room.lastAwarenessAt = Date.now();
      const ids = [...room.awarenessPending];
      const [author, ...others] = room.awarenessAuthors;
      room.awarenessPending.clear();
      room.awarenessAuthors.clear();
      if (!ids.length || !this.rooms.has(room.id)) return;
      this.broadcast(room, awarenessMessage(room.awareness, ids), author && !others.length ? author : null);
    }, wait).unref();
  }

  private send(socket: Socket, docId: number, data: Uint8Array) {
    socket.emit("minutes:message", { docId, data: encodeData(data) });
  }

  /**
   * Debounced store: `debounceMs` after the last update, at most `maxDebounceMs`
   * after the first. One timer per dirty spell, re-armed when it fires early,
   * rather than a clearTimeout/setTimeout pair on every keystroke.
   */
  private scheduleStore(room: Room) {
    const now = Date.now();
    room.lastUpdateAt = now;
    if (!room.dirty) {
      room.dirty = true;
      room.firstDirtyAt = now;
      // ±20 % jitter: documents edited together do not all come due in the same tick.
      room.debounceMs = this.opts.debounceMs * (0.8 + Math.random() * 0.4);
      // Under constant typing, documents opened together (a morning's meetings) would all store at the same
      // 10-second marks, a burst the event loop spends on the database while keystrokes wait: each spell waits
      // between half and all of maxDebounceMs, so their stores spread out within a spell or two.
      room.maxDebounceMs = this.opts.maxDebounceMs * (0.5 + Math.random() * 0.5);
    }
    if (!room.saveTimer) this.armStore(room);
  }

  private storeDueAt(room: Room) {
    return Math.min(room.lastUpdateAt + room.debounceMs, room.firstDirtyAt + room.maxDebounceMs);
  }

  private armStore(room: Room) {
    room.saveTimer = unref(
      setTimeout(() => {
        room.saveTimer = null;
        if (!room.dirty) return;
        if (Date.now() + 1 >= this.storeDueAt(room)) void this.store(room, { final: false });
        else this.armStore(room);
      }, Math.max(0, this.storeDueAt(room) - Date.now())),
    );
  }

  /** Stores now (serialized per document); a failed store leaves the document dirty and retries. */
  store(room: Room, opts: { final: boolean } = { final: true }): Promise<void> {
    if (room.saveTimer) clearTimeout(room.saveTimer);
    room.saveTimer = null;
    room.saving = room.saving.then(async () => {
      if (!room.dirty && !(opts.final && room.finalPending)) return;
      room.dirty = false;
      const state = Y.encodeStateAsUpdate(room.doc);
      try {
        await this.persist(() => this.deps.store(room.id, state, room.doc, opts));
        room.lastStoredBytes = state.length;
        room.finalPending = !opts.final;
      } catch (err) {
        this.deps.log?.error({ err, docId: room.id }, "minutes store failed; will retry");
        room.dirty = true;
        room.saveTimer = unref(setTimeout(() => void this.store(room, opts), this.opts.debounceMs * 2));
      }
    });
    return room.saving;
  }

  private leave(docId: number, socket: Socket) {
    const room = this.rooms.get(docId);
    const conn = room?.conns.get(socket.id);
    if (!room || !conn) return;
    room.conns.delete(socket.id);
    void socket.leave(ROOM(docId));
    // No ghost carets: the leaving socket's awareness goes at once.
    if (conn.clientIds.size) awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.clientIds], SERVER);
    if (room.conns.size === 0) {
      void this.store(room).then(() => {
        if (room.conns.size) return;
        room.unloadTimer = unref(setTimeout(() => void this.unload(room), this.opts.unloadAfterMs));
      });
    }
  }

  private async unload(room: Room) {
    if (room.conns.size) return;
    await this.store(room);
    if (room.conns.size || room.dirty) return;
    this.rooms.delete(room.id);
    await this.relay?.unsubscribe(room.id);
    if (room.awarenessTimer) clearTimeout(room.awarenessTimer);
    room.awareness.destroy();
    room.doc.destroy();
  }

  /** Writes a document to the database now (before finalizing, versioning or exporting). */
  async flush(docId: number) {
    const room = this.rooms.get(docId);
    if (!room) return;
    await room.ready;
    room.dirty = room.dirty || Boolean(room.saveTimer);
    await this.store(room);
  }

  async flushAll() {
    // One after another: the persist queue would serialize them anyway, and in order the first ones finish soonest.
    for (const id of [...this.rooms.keys()]) await this.flush(id);
  }

  /**
   * Applies a change made by the server (restore of a version) to the live
   * document if it is loaded, so every client sees it as a normal edit.
   * Returns false when the document is not in memory.
   */
  async change(docId: number, fn: (doc: Y.Doc) => void): Promise<boolean> {
    const room = this.rooms.get(docId);
    if (!room) return false;
    await room.ready;
    room.doc.transact(() => fn(room.doc), SERVER);
    await this.flush(docId);
    return true;
  }

  /** Re-checks every connection's rights (after finalize/approve/reopen or the attendee switch). */
  async refreshAccess(docId: number) {
    const room = this.rooms.get(docId);
    if (!room) return;
    for (const conn of room.conns.values()) {
      const access: CollabAccess = await this.deps.access(conn.user, docId).catch(() => ({ canRead: false, canWrite: false }));
      if (!access.canRead) {
        this.leave(docId, conn.socket);
        conn.socket.emit("minutes:closed", { docId, message: "Bạn không còn quyền xem biên bản này." });
        continue;
      }
      const readOnly = !access.canWrite;
      if (readOnly !== conn.readOnly) {
        conn.readOnly = readOnly;
        conn.socket.emit("minutes:readonly", { docId, readOnly, message: access.reason ?? (readOnly ? "Biên bản đã khóa." : "Bạn có thể chỉnh sửa biên bản.") });
      }
    }
  }

  stats() {
    return { documents: this.rooms.size, connections: [...this.rooms.values()].reduce((n, r) => n + r.conns.size, 0) };
  }

  async close() {
    await this.flushAll();
    for (const room of this.rooms.values()) {
      if (room.saveTimer) clearTimeout(room.saveTimer);
      if (room.unloadTimer) clearTimeout(room.unloadTimer);
      if (room.awarenessTimer) clearTimeout(room.awarenessTimer);
    }
    await this.relay?.close();
  }
}

/** Our timers never keep a stopping process alive (close() stores what is dirty first). */
function unref(timer: NodeJS.Timeout) {
  timer.unref();
  return timer;
}

/** Broadcasts whose frames may wait together for one write per socket. */
const CORK_MAX_BROADCASTS = 4;
const CORK_MIN_CONNS = 3;

/** The TCP socket under a socket.io connection on the WebSocket transport (engine.io → ws), if there is one. */
function tcpSocketOf(socket: Socket): NetSocket | null {
  const transport = (socket.conn as unknown as { transport?: { name?: string; socket?: { _socket?: NetSocket } } }).transport;
  const tcp = transport?.name === "websocket" ? transport.socket?._socket : undefined;
  return tcp && typeof tcp.cork === "function" ? tcp : null;
}

function docIdOf(payload: unknown): number | null {
  const raw = (payload as { docId?: unknown; meetingId?: unknown } | null)?.docId ?? (payload as { meetingId?: unknown } | null)?.meetingId;
  const id = Number(raw);
  return Number.isInteger(id) && id > 0 && id <= 2_147_483_647 ? id : null;
}

/** Runs at most `limit` tasks at a time, in the order they were queued. */
function limitConcurrency(limit: number) {
  let active = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve)); // the finishing task hands its slot over
    else active++;
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]) {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(encoder);
}

/**
 * The empty update (no structs, empty delete set) is the two bytes [0, 0]: what
 * a client in step answers to sync step 1. Compared by bytes, because decoding
 * every keystroke's update just to learn it is not empty costs more than the
 * rest of its handling.
 */
function isEmptyUpdate(update: Uint8Array) {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/** Whether `update` holds content or deletions `doc` does not have yet (decodes it: only for read-only sockets). */
function wouldChange(doc: Y.Doc, update: Uint8Array) {
  const { structs, ds } = Y.decodeUpdate(update);
  const known = Y.decodeStateVector(Y.encodeStateVector(doc));
  if (structs.some((s) => !(s instanceof Y.Skip) && s.id.clock + s.length > (known.get(s.id.client) ?? 0))) return true;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of ds.clients) {
    const have = deleted.clients.get(client) ?? [];
    for (const r of ranges) if (!have.some((h) => h.clock <= r.clock && r.clock + r.len <= h.clock + h.len)) return true;
  }
  return false;
}

async function createRedisRelay(url: string, prefix: string, log?: CollabDeps["log"]): Promise<Relay> {
  const processId = crypto.randomBytes(8).toString("hex"); // 16 ASCII bytes
  const pub = createClient({ url });
  const sub = pub.duplicate();
  for (const c of [pub, sub]) c.on("error", (err: unknown) => log?.warn({ err }, "redis relay error"));
  await Promise.all([pub.connect(), sub.connect()]);
  const channel = (id: number) => `${prefix}:collab:${id}`;
  return {
    publish(docId, kind, payload) {
      const message = Buffer.concat([Buffer.from(processId, "ascii"), Buffer.from([kind]), Buffer.from(payload)]);
      pub.publish(channel(docId), message).catch((err: unknown) => log?.warn({ err }, "redis publish failed"));
    },
    async subscribe(docId, onMessage) {
      await sub.subscribe(
        channel(docId),
        (message: Buffer) => {
          if (message.subarray(0, 16).toString("ascii") === processId) return;
          onMessage(message[16], new Uint8Array(message.subarray(17)));
        },
        true,
      );
    },
    async unsubscribe(docId) {
      await sub.unsubscribe(channel(docId));
    },
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
