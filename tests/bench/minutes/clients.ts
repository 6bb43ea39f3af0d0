/**
 * Simulated editors: each one is a real client with its own connection, its
 * own Y.Doc and the server's own provider — ours (socket.io + MinutesProvider,
 * signed in by the session cookie) or Hocuspocus (@hocuspocus/provider over
 * `ws`). Both expose the same small Editor shape to the workload.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import { io } from "socket.io-client";
import WebSocket from "ws";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { MinutesProvider } from "../../../app/lib/minutes/provider";

/** Yjs field of the minutes (MINUTES_FIELD; not imported to keep tiptap out of the client process). */
export const FIELD = "default";

export type Editor = {
  doc: Y.Doc;
  awareness: Awareness;
  close(): void;
};

const timeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref();
    }),
  ]);

/** Ours: one socket.io connection per editor, all with the same session cookie. */
export async function connectOurs(baseUrl: string, cookie: string, docId: number): Promise<Editor> {
  const socket = io(baseUrl, { transports: ["websocket"], extraHeaders: { Cookie: cookie }, reconnection: false, forceNew: true, timeout: 10_000 });
  await timeout(
    new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("connect_error", (err) => reject(err));
    }),
    15_000,
    "socket.io connect",
  );
  const doc = new Y.Doc();
  const provider = new MinutesProvider(socket, docId, doc);
  await timeout(
    new Promise<void>((resolve, reject) => {
      const off = provider.on((p) => {
        if (p.status === "synced") {
          off();
          if (p.readOnly) reject(new Error(`minutes ${docId} opened read-only`));
          else resolve();
        } else if (p.status === "denied") {
          off();
          reject(new Error(`minutes ${docId} denied: ${p.message}`));
        }
      });
      if (provider.status === "synced") resolve();
    }),
    20_000,
    `minutes ${docId} sync`,
  );
  if (provider.readOnly) throw new Error(`minutes ${docId} is read-only for the bench user`);
  return {
    doc,
    awareness: provider.awareness,
    close() {
      provider.destroy();
      socket.disconnect();
      doc.destroy();
    },
  };
}

/** Hocuspocus: one WebSocket (HocuspocusProviderWebsocket) per editor, one provider on it. */
export async function connectHocuspocus(wsUrl: string, name: string): Promise<Editor> {
  const websocketProvider = new HocuspocusProviderWebsocket({ url: wsUrl, WebSocketPolyfill: WebSocket, maxAttempts: 1 });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({ websocketProvider, name, document: doc });
  const synced = new Promise<void>((resolve) => provider.on("synced", () => resolve()));
  provider.attach();
  await timeout(synced, 20_000, `hocuspocus ${name} sync`);
  return {
    doc,
    awareness: provider.awareness!,
    close() {
      provider.destroy();
      websocketProvider.destroy();
      doc.destroy();
    },
  };
}

/** Connects `count` editors with at most `parallel` handshakes in flight. */
export async function connectMany<T>(count: number, parallel: number, connect: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) return;
      out[i] = await connect(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return out;
}
