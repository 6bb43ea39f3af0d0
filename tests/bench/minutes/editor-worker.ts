/**
 * A client process hosting a share of the simulated editors (run.ts forks
 * several, so one saturated event loop does not become everybody's latency).
 * Each editor is a real client (clients.ts) with its own Y.Doc, typing single
 * characters into its own paragraph and — like tiptap's caret extension on
 * every selection change — moving its caret in awareness on each keystroke.
 *
 * Timing is on process.hrtime (CLOCK_MONOTONIC, the same clock in every
 * process), so sends recorded here and receipts recorded in another worker
 * can be matched by the parent. Nothing is added to the document to be
 * measured: a receiver notes when its doc's state vector reaches a sender's
 * clock (afterTransaction).
 */
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import * as Y from "yjs";
import { connectHocuspocus, connectMany, connectOurs, FIELD, type Editor } from "./clients";

export type Target = { kind: "ours"; baseUrl: string; cookie: string } | { kind: "hocuspocus"; wsUrl: string };

export type ToWorker =
  | { cmd: "connect"; target: Target; editors: { index: number; doc: number }[]; parallel: number }
  | {
      cmd: "type";
      /** per local editor: the senders it times (index, clientID) */
      watch: Record<number, { s: number; clientID: number }[]>;
      startAt: number;
      windowStart: number;
      windowEnd: number;
      cps: number;
      awareness: boolean;
    }
  | { cmd: "drain"; finalClocks: Record<number, number>; until: number }
  | { cmd: "close" };

export type FromWorker =
  | { ok: "connected"; clientIDs: Record<number, number>; template?: Uint8Array }
  | { ok: "typed"; lastClocks: Record<number, number>; typed: number; elu: number; lagP99Ms: number; lagMaxMs: number }
  | {
      ok: "drained";
      /** sender index → [clock, time] of every keystroke typed in the window */
      sends: Record<number, [number[], number[]]>;
      /** "receiver:sender" → [clock reached, time] whenever the receiver's state for the sender advanced */
      receipts: Record<string, [number[], number[]]>;
    }
  | { ok: "closed" }
  | { error: string };

const CHARS = "abcdeghiklmnopqrstuvxyàáảãạăâđêôơư ";
const COLORS = ["#958DF1", "#F98181", "#FBBC88", "#FAF594", "#70CFF8", "#94FADB", "#B9F18D"];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Local = {
  index: number;
  editor: Editor;
  text?: Y.XmlText;
  clocks: number[];
  times: number[];
  due: number;
};

const locals = new Map<number, Local>();
const receipts = new Map<string, [number[], number[]]>();
let template: Uint8Array | undefined;

/** The doc's own next clock (what a state vector holds for its clientID). */
function clockOf(doc: Y.Doc) {
  const structs = doc.store.clients.get(doc.clientID);
  if (!structs?.length) return 0;
  const last = structs[structs.length - 1];
  return last.id.clock + last.length;
}

function reply(m: FromWorker) {
  process.send!(m);
}

async function onConnect(m: Extract<ToWorker, { cmd: "connect" }>) {
  const connect = (doc: number) =>
    m.target.kind === "ours" ? connectOurs(m.target.baseUrl, m.target.cookie, doc) : connectHocuspocus(m.target.wsUrl, `minutes-${doc}`);
  const list = await connectMany(m.editors.length, m.parallel, (i) => connect(m.editors[i].doc));
  const clientIDs: Record<number, number> = {};
  list.forEach((editor, i) => {
    const index = m.editors[i].index;
    locals.set(index, { index, editor, clocks: [], times: [], due: 0 });
    clientIDs[index] = editor.doc.clientID;
  });
  if (!template && list.length) template = Y.encodeStateAsUpdate(list[0].doc);
  reply({ ok: "connected", clientIDs, template });
}

async function onType(m: Extract<ToWorker, { cmd: "type" }>) {
  // Receivers: note when the state for each timed sender advances.
  for (const [r, list] of Object.entries(m.watch)) {
    const local = locals.get(Number(r))!;
    const watched = list.map((w) => {
      const rec: [number[], number[]] = [[], []];
      receipts.set(`${r}:${w.s}`, rec);
      return { clientID: w.clientID, rec, last: 0 };
    });
    if (!watched.length) continue;
    local.editor.doc.on("afterTransaction", (tr: Y.Transaction) => {
      if (tr.local) return;
      let t = 0;
      for (const w of watched) {
        const c = tr.afterState.get(w.clientID) ?? 0;
        if (c > w.last) {
          t ||= now();
          w.last = c;
          w.rec[0].push(c);
          w.rec[1].push(t);
        }
      }
    });
  }

  // Each editor gets its own paragraph and a presence, spread over the first second.
  const editors = [...locals.values()];
  while (now() < m.startAt) await sleep(Math.max(1, Math.min(50, m.startAt - now())));
  for (let i = 0; i < editors.length; i++) {
    const l = editors[i];
    const doc = l.editor.doc;
    const frag = doc.getXmlFragment(FIELD);
    const p = new Y.XmlElement("paragraph");
    const t = new Y.XmlText();
    p.insert(0, [t]);
    doc.transact(() => {
      frag.insert(frag.length, [p]);
      t.insert(0, `Ý kiến ${l.index + 1}: `);
    });
    l.text = t;
    if (m.awareness) l.editor.awareness.setLocalState({ user: { name: `Người soạn ${l.index + 1}`, color: COLORS[l.index % COLORS.length] } });
    if (i % 10 === 9) await sleep(Math.max(1, 1000 / Math.ceil(editors.length / 10)));
  }

  // Open loop: keystrokes fall due at jittered intervals; a lagging client skips ahead, it never bursts.
  const interval = 1000 / m.cps;
  const begin = now();
  for (const l of editors) l.due = begin + Math.random() * interval;
  let typed = 0;
  const lag = monitorEventLoopDelay({ resolution: 5 });
  let elu0: ReturnType<typeof performance.eventLoopUtilization> | null = null;
  let elu = 0;
  await new Promise<void>((resolve) => {
    const tick = setInterval(async () => {
      const t = now();
      if (!elu0 && t >= m.windowStart) {
        elu0 = performance.eventLoopUtilization();
        lag.enable();
      }
      if (t >= m.windowEnd) {
        clearInterval(tick);
        if (elu0) elu = performance.eventLoopUtilization(elu0).utilization;
        lag.disable();
        resolve();
        return;
      }
      for (const l of editors) {
        if (l.due > t) continue;
        const text = l.text!;
        const at = now();
        text.insert(text.length, CHARS[(Math.random() * CHARS.length) | 0]);
        typed++;
        if (at >= m.windowStart && at < m.windowEnd) {
          l.clocks.push(clockOf(l.editor.doc));
          l.times.push(at);
        }
        if (m.awareness) {
          const pos = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
          l.editor.awareness.setLocalStateField("cursor", { anchor: pos, head: pos });
        }
        let next = l.due + interval * (0.5 + Math.random());
        if (next < t) next = t + interval * Math.random();
        l.due = next;
        // Each editor is its own browser, where a keystroke is its own task: what it queued as microtasks
        // (a provider's send) runs before another editor types, not after every editor due in this tick.
        await null;
      }
    }, 4);
  });
  const lastClocks: Record<number, number> = {};
  for (const l of editors) if (l.clocks.length) lastClocks[l.index] = l.clocks[l.clocks.length - 1];
  reply({ ok: "typed", lastClocks, typed, elu, lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6 });
}

async function onDrain(m: Extract<ToWorker, { cmd: "drain" }>) {
  const pending = () => {
    for (const [key, rec] of receipts) {
      const s = Number(key.split(":")[1]);
      const final = m.finalClocks[s];
      if (final !== undefined && (rec[0].length === 0 || rec[0][rec[0].length - 1] < final)) return true;
    }
    return false;
  };
  while (now() < m.until && pending()) await sleep(20);
  const sends: Record<number, [number[], number[]]> = {};
  for (const l of locals.values()) sends[l.index] = [l.clocks, l.times];
  reply({ ok: "drained", sends, receipts: Object.fromEntries(receipts) });
}

process.on("message", (m: ToWorker) => {
  const run = async () => {
    if (m.cmd === "connect") await onConnect(m);
    else if (m.cmd === "type") await onType(m);
    else if (m.cmd === "drain") await onDrain(m);
    else if (m.cmd === "close") {
      for (const l of locals.values()) {
        try {
          l.editor.close();
        } catch {
          /* gone */
        }
      }
      locals.clear();
      await sleep(200);
      reply({ ok: "closed" });
      setTimeout(() => process.exit(0), 100);
    }
  };
  run().catch((err) => reply({ error: String(err?.stack || err) }));
});
// Bounded: a worker whose parent is gone stops.
process.on("disconnect", () => process.exit(0));
