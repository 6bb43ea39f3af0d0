import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { Socket } from "socket.io-client";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import type * as Y from "yjs";
import { decodeBatch, encodeBatch, MAX_BATCH, MESSAGE_AWARENESS, MESSAGE_SYNC } from "./wire";

export type ProviderStatus = "connecting" | "synced" | "offline" | "denied";
type Listener = (p: { status: ProviderStatus; readOnly: boolean; message?: string }) => void;

/**
 * Our small Yjs provider over the app's socket.io connection (DESIGN.md §5):
 * y-protocols sync and awareness messages on `minutes:message`, one room per
 * document. On every (re)connection it joins again and runs both sync steps,
 * so edits made while the server was down are sent up and nothing is lost.
 * Works in the browser and in Node (tests, benchmark).
 */
export class MinutesProvider {
  readonly awareness: awarenessProtocol.Awareness;
  status: ProviderStatus = "connecting";
  readOnly = true;
  private listeners = new Set<Listener>();
  private destroyed = false;
  /** Messages of this turn, sent together at its end (see MAX_BATCH). */
  private outbox: Uint8Array[] = [];
  /** Whether onDocUpdate is attached to the doc's "update" event now (see onTransactionCleanup). */
  private listening = true;

  constructor(
    private readonly socket: Socket,
    readonly docId: number,
    readonly doc: Y.Doc,
    awareness?: awarenessProtocol.Awareness,
  ) {
    this.awareness = awareness ?? new awarenessProtocol.Awareness(doc);
    doc.on("update", this.onDocUpdate);
    doc.on("afterTransactionCleanup", this.onTransactionCleanup);
    this.awareness.on("update", this.onAwarenessUpdate);
    socket.on("minutes:message", this.onMessage);
    socket.on("minutes:readonly", this.onReadOnly);
    socket.on("minutes:closed", this.onClosed);
    socket.on("connect", this.join);
    socket.on("disconnect", this.onDisconnect);
    if (socket.connected) this.join();
  }

  on(listener: Listener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitStatus(status: ProviderStatus, message?: string) {
    this.status = status;
    for (const l of this.listeners) l({ status, readOnly: this.readOnly, message });
  }

  private join = () => {
    if (this.destroyed) return;
    this.emitStatus("connecting");
    this.socket.emit("minutes:join", { docId: this.docId }, (reply: { ok: boolean; readOnly?: boolean; error?: string }) => {
      if (this.destroyed) return;
      if (!reply?.ok) {
        this.emitStatus("denied", reply?.error);
        return;
      }
      this.readOnly = Boolean(reply.readOnly);
      // Our state vector: the server answers with what we lack…
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, this.doc);
      this.send(encoding.toUint8Array(encoder));
      const local = this.awareness.getLocalState();
      if (local) this.send(this.awarenessMessage([this.doc.clientID]));
    });
  };

  private onMessage = (payload: { docId: number; data: unknown }) => {
    if (payload?.docId !== this.docId || this.destroyed) return;
    for (const data of decodeBatch(payload.data)) this.apply(data);
  };

  private apply(data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      // …and the server's step 1 gets our step 2: what it lacks (edits made offline).
      const syncType = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (encoding.length(encoder) > 1) this.send(encoding.toUint8Array(encoder));
      // Synced once the server has answered our state vector with what we lacked.
      if (syncType === syncProtocol.messageYjsSyncStep2 && this.status !== "synced") this.emitStatus("synced");
    } else if (type === MESSAGE_AWARENESS) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this);
    }
  }

  /**
   * Yjs encodes a transaction's update only while the doc has an "update"
   * listener, right after "afterTransactionCleanup". The updates we apply from
   * the server need no encoding (we would drop them, see onDocUpdate), and that
   * encoding walks every client of the document: with 50 editors it was a tenth
   * of each receiver's CPU. So our listener is detached for exactly those
   * transactions and attached for every other one, local edits and fix-ups
   * that observers make while a remote update is applied included.
   */
  private onTransactionCleanup = (tr: Y.Transaction) => {
    const listen = tr.origin !== this && !this.destroyed;
    if (listen === this.listening) return;
    this.listening = listen;
    if (listen) this.doc.on("update", this.onDocUpdate);
    else this.doc.off("update", this.onDocUpdate);
  };

  private onDocUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || this.destroyed) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    this.send(encoding.toUint8Array(encoder));
  };

  private onAwarenessUpdate = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === this || this.destroyed) return;
    this.send(this.awarenessMessage([...added, ...updated, ...removed]));
  };

  private onReadOnly = (p: { docId: number; readOnly: boolean; message?: string }) => {
    if (p?.docId !== this.docId) return;
    this.readOnly = p.readOnly;
    this.emitStatus(this.status, p.message);
  };

  private onClosed = (p: { docId: number; message?: string }) => {
    if (p?.docId === this.docId) this.emitStatus("denied", p.message);
  };

  private onDisconnect = () => {
    if (!this.destroyed) this.emitStatus("offline");
    // Others should not see our caret while we are away.
    awarenessProtocol.removeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()].filter((id) => id !== this.doc.clientID), this);
  };

  private awarenessMessage(clients: number[]) {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  private send(data: Uint8Array) {
    if (!this.socket.connected) return; // what is not sent now goes in the sync steps of the next connection
    this.outbox.push(data);
    if (this.outbox.length === 1) queueMicrotask(this.flush);
    else if (this.outbox.length >= MAX_BATCH) this.flush();
  }

  private flush = () => {
    const batch = this.outbox;
    if (!batch.length) return;
    this.outbox = [];
    if (this.socket.connected) this.socket.emit("minutes:message", { docId: this.docId, data: encodeBatch(batch) });
  };

  destroy() {
    this.destroyed = true;
    this.flush(); // before the leave: the server still takes our last messages
    this.doc.off("update", this.onDocUpdate);
    this.doc.off("afterTransactionCleanup", this.onTransactionCleanup);
    this.awareness.off("update", this.onAwarenessUpdate);
    awarenessProtocol.removeAwarenessStates(this.awareness, [this.doc.clientID], "destroy");
    this.socket.emit("minutes:leave", { docId: this.docId });
    this.socket.off("minutes:message", this.onMessage);
    this.socket.off("minutes:readonly", this.onReadOnly);
    this.socket.off("minutes:closed", this.onClosed);
    this.socket.off("connect", this.join);
    this.socket.off("disconnect", this.onDisconnect);
  }
}
