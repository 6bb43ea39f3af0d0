import { fromBase64, toBase64 } from "lib0/buffer";

/**
 * What travels on `minutes:message`, for the provider (browser, tests,
 * benchmark) and the server alike: `{ docId, data }`, where `data` is one
 * y-protocols message or an array of them (a batch, see below), each as
 * base64 text when small and binary when large.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;

/** Messages below this size go as base64 text: socket.io sends binary as a header frame plus a binary frame. */
const TEXT_FRAME_MAX_BYTES = 48 * 1024;

/**
 * Most messages per `minutes:message`. A keystroke makes two (the update and
 * the caret move), written in the same turn: sent as one socket.io packet,
 * the sender writes and the server reads and dispatches once. The server
 * sends them on separately (see CollabServer.onDocUpdate).
 */
export const MAX_BATCH = 32;

export type WireData = string | Uint8Array;

export function encodeData(data: Uint8Array): WireData {
  return data.length <= TEXT_FRAME_MAX_BYTES ? toBase64(data) : data;
}

/** One message or a batch, ready for `emit`. */
export function encodeBatch(messages: Uint8Array[]): WireData | WireData[] {
  return messages.length === 1 ? encodeData(messages[0]) : messages.map(encodeData);
}

function decodeOne(data: unknown): Uint8Array | null {
  if (typeof data === "string") return data.length ? fromBase64(data) : null;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (data instanceof Uint8Array) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

/** The messages of a payload's `data`; anything that is not base64, binary or a batch of at most MAX_BATCH of them is dropped. */
export function decodeBatch(data: unknown): Uint8Array[] {
  if (!Array.isArray(data)) {
    const one = decodeOne(data);
    return one ? [one] : [];
  }
  if (data.length > MAX_BATCH) return [];
  const messages: Uint8Array[] = [];
  for (const item of data) {
    const one = decodeOne(item);
    if (one) messages.push(one);
  }
  return messages;
}
