import * as Y from "yjs";
import { MinutesProvider } from "../../app/lib/minutes/provider";
import { MINUTES_FIELD } from "../../app/lib/minutes/extensions";
import { connectSocket, waitForConnect } from "../helpers/socket";

/** A real editor-less client: socket.io + a Y.Doc + our provider. */
export async function openMinutes(baseUrl: string, cookie: string, meetingId: number, opts: { reconnect?: boolean } = {}) {
  const socket = connectSocket(baseUrl, cookie, opts);
  await waitForConnect(socket);
  const doc = new Y.Doc();
  const provider = new MinutesProvider(socket, meetingId, doc);
  const result = await new Promise<{ status: string; message?: string }>((resolve) => {
    const off = provider.on((p) => {
      if (p.status === "synced" || p.status === "denied") {
        off();
        resolve(p);
      }
    });
  });
  return { socket, doc, provider, status: result.status, message: result.message, close: () => { provider.destroy(); socket.disconnect(); } };
}

export const fragmentText = (doc: Y.Doc) => doc.getXmlFragment(MINUTES_FIELD).toString();

/** Appends a paragraph with `text` at the end of the document (what a keystroke burst does). */
export function typeParagraph(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment(MINUTES_FIELD);
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [p]);
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 8000, what = "condition") {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The text of a stored Yjs state (what a reconnecting client would load), "" when none. */
export function textOfState(state: Uint8Array | Buffer | null | undefined) {
  if (!state?.length) return "";
  const doc = new Y.Doc();
  Y.applyUpdate(doc, new Uint8Array(state));
  const text = fragmentText(doc);
  doc.destroy();
  return text;
}
