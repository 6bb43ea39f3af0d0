/**
 * One scenario, run from the parent: editors live in a few forked client
 * processes (editor-worker.ts); the server under test is another child
 * process. Propagation latency of a keystroke is the time from the sender's
 * local insert until the LAST of its sampled receivers (the next `sample`
 * editors of the same document) has applied it.
 */
import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { FromWorker, Target, ToWorker } from "./editor-worker";
import os from "node:os";
import { machineJiffies, procCpuSeconds, ROOT, type ServerChild, type Snapshot } from "./servers";

export type ScenarioSpec = {
  name: string;
  /** document keys; editorsPerDoc editors join each */
  docs: number[];
  editorsPerDoc: number;
  /** characters per second per editor */
  cps: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  /** receivers sampled per keystroke */
  sample: number;
  awareness: boolean;
  /** measure memory per idle open document after typing stops */
  idleMemory: boolean;
  /** the extra document that warms the server before the idle-memory baseline */
  warmDoc?: number;
  /** client processes hosting the editors */
  workers: number;
};

export type ScenarioResult = {
  name: string;
  editors: number;
  docs: number;
  cps: number;
  keystrokes: number;
  deliveries: number;
  undelivered: number;
  /** ms, to the last of the sampled receivers */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** ms, per single delivery */
  deliveryP50: number;
  deliveryP99: number;
  /** server: % of one core during the measured window (probe's process.cpuUsage, and /proc/<pid>/stat) */
  serverCpuPct: number;
  serverCpuPctProc: number | null;
  serverElu: number;
  /** server event-loop delay over the window, ms */
  serverLagP99Ms: number;
  serverLagMaxMs: number;
  serverRssPeakMB: number;
  serverHeapPeakMB: number;
  serverRssEndMB: number;
  /** CPU used during the window by processes that are neither the server nor this benchmark (% of one core) */
  foreignCpuPct: number | null;
  /** busiest client process — shows whether the harness kept up */
  clientElu: number;
  clientLagP99Ms: number;
  typedPerSec: number;
  connectMs: number;
  /** how long the server took to stop on SIGTERM (after its clients left) */
  stop?: { ms: number; killed: boolean };
  /** idle-memory case */
  idleRssPerDocKB?: number;
  /** heapUsed + external (ArrayBuffers, socket buffers) */
  idleHeapPerDocKB?: number;
  idleBaseRssMB?: number;
  idleRssMB?: number;
};

const WORKER = path.join(__dirname, "editor-worker.ts");
const EXEC_ARGV = ["--require", path.join(ROOT, "node_modules/tsx/dist/preflight.cjs"), "--import", pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href];
const now = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

class Worker {
  readonly child: ChildProcess;
  private queue: ((m: FromWorker) => void)[] = [];
  constructor() {
    const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    this.child = fork(WORKER, [], { execArgv: [...prof, ...EXEC_ARGV], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (m: FromWorker) => this.queue.shift()?.(m));
  }
  ask<K extends FromWorker>(m: ToWorker, timeoutMs = 120_000): Promise<K> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`client worker: no answer to ${m.cmd}`)), timeoutMs);
      this.queue.push((r) => {
        clearTimeout(timer);
        if ("error" in r) reject(new Error(`client worker: ${r.error}`));
        else resolve(r as K);
      });
      this.child.send(m);
    });
  }
  async kill() {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once("exit", r));
    await Promise.race([exited, sleep(3_000)]);
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGKILL");
  }
}

/** CPU seconds of this process and its client workers (the benchmark itself). */
function cpuOfHarness(workers: Worker[], extra: Worker[]) {
  const self = process.cpuUsage();
  let sum = (self.user + self.system) / 1e6;
  for (const w of [...workers, ...extra]) sum += (w.child.pid && procCpuSeconds(w.child.pid)) || 0;
  return sum;
}

export async function runScenario(server: ServerChild, spec: ScenarioSpec, target: Target, log: (msg: string) => void): Promise<{ result: ScenarioResult; template?: Uint8Array }> {
  const workers = Array.from({ length: spec.workers }, () => new Worker());
  const extra: Worker[] = [];
  try {
    return await run(server, spec, target, workers, extra, log);
  } finally {
    const all = [...workers, ...extra];
    await Promise.all(all.map((w) => w.ask({ cmd: "close" }, 15_000).catch(() => undefined)));
    await Promise.all(all.map((w) => w.kill()));
  }
}

async function run(server: ServerChild, spec: ScenarioSpec, target: Target, workers: Worker[], extra: Worker[], log: (msg: string) => void) {
  const n = spec.docs.length * spec.editorsPerDoc;
  const editorDoc = (i: number) => spec.docs[Math.floor(i / spec.editorsPerDoc)];
  const workerOf = (i: number) => workers[i % workers.length];
  const clientIDs: Record<number, number> = {};
  let template: Uint8Array | undefined;
  const connect = async (indices: number[], parallel: number) => {
    const byWorker = new Map<Worker, { index: number; doc: number }[]>();
    for (const i of indices) {
      const w = workerOf(i);
      if (!byWorker.has(w)) byWorker.set(w, []);
      byWorker.get(w)!.push({ index: i, doc: i < 0 ? spec.warmDoc! : editorDoc(i) });
    }
    await Promise.all(
      [...byWorker].map(async ([w, editors]) => {
        const r = await w.ask<Extract<FromWorker, { ok: "connected" }>>({ cmd: "connect", target, editors, parallel });
        Object.assign(clientIDs, r.clientIDs);
        template ??= r.template;
      }),
    );
  };

  let idleBase: Snapshot | null = null;
  if (spec.idleMemory && spec.warmDoc) {
    // A warm server first (load, sync, awareness, a store) on one extra document, kept open, then the baseline.
    const warm = new Worker();
    extra.push(warm);
    await warm.ask({ cmd: "connect", target, editors: [{ index: -1, doc: spec.warmDoc }], parallel: 1 });
    const t = now() + 100;
    // 2 s of typing, none of it measured (the window is empty)
    await warm.ask({ cmd: "type", watch: {}, startAt: t, windowStart: t + 2_000, windowEnd: t + 2_000, cps: 10, awareness: spec.awareness });
    await sleep(3_000);
    idleBase = await server.gc();
  }

  const connectStart = now();
  // The first editor of each document one at a time: our server loads (and the first time creates) a minutes
  // in a SQLite transaction, and concurrent first loads of different documents can fail with SQLITE_BUSY
  // (reported in README). The other editors then join in parallel.
  for (let d = 0; d < spec.docs.length; d++) await connect([d * spec.editorsPerDoc], 1);
  const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i % spec.editorsPerDoc !== 0);
  if (rest.length) await connect(rest, 10);
  const connectMs = now() - connectStart;
  log(`  ${n} editors connected in ${(connectMs / 1000).toFixed(1)} s (${workers.length} client processes)`);

  // Who times whom: keystrokes of editor i are timed at the next `sample` editors of its document.
  const k = Math.min(spec.sample, spec.editorsPerDoc - 1);
  const watchers: number[][] = Array.from({ length: n }, () => []); // sender → receivers
  const watchByWorker = new Map<Worker, Record<number, { s: number; clientID: number }[]>>(workers.map((w) => [w, {}]));
  for (let i = 0; i < n; i++) {
    const base = Math.floor(i / spec.editorsPerDoc) * spec.editorsPerDoc;
    const j = i - base;
    for (let r = 1; r <= k; r++) {
      const recv = base + ((j + r) % spec.editorsPerDoc);
      watchers[i].push(recv);
      const table = watchByWorker.get(workerOf(recv))!;
      (table[recv] ??= []).push({ s: i, clientID: clientIDs[i] });
    }
  }

  const startAt = now() + 300;
  const windowStart = startAt + spec.warmupMs;
  const windowEnd = windowStart + spec.durationMs;
  const editorsWorkers = workers;
  const typing = editorsWorkers.map((w) =>
    w.ask<Extract<FromWorker, { ok: "typed" }>>({ cmd: "type", watch: watchByWorker.get(w)!, startAt, windowStart, windowEnd, cps: spec.cps, awareness: spec.awareness }, spec.warmupMs + spec.durationMs + 60_000),
  );

  // Server CPU over the window; memory sampled each second.
  let rssPeak = 0;
  let heapPeak = 0;
  const note = (s: Snapshot) => {
    rssPeak = Math.max(rssPeak, s.mem.rss);
    heapPeak = Math.max(heapPeak, s.mem.heapUsed);
    return s;
  };
  while (now() < windowStart) await sleep(Math.max(1, Math.min(100, windowStart - now())));
  // BENCH_SERVER_PROF=<dir>: a CPU profile of the server over the measured window (for finding where time goes).
  const profDir = process.env.BENCH_SERVER_PROF;
  if (profDir) await server.profileStart();
  const procStart = procCpuSeconds(server.pid);
  const ours0 = cpuOfHarness(workers, extra);
  const m0 = machineJiffies();
  const s0 = note(await server.snapshot({ resetLag: true }));
  while (now() < windowEnd - 1000) {
    await sleep(1000);
    note(await server.snapshot());
  }
  while (now() < windowEnd) await sleep(Math.max(1, windowEnd - now()));
  const procEnd = procCpuSeconds(server.pid);
  const ours1 = cpuOfHarness(workers, extra);
  const m1 = machineJiffies();
  const s1 = note(await server.snapshot());
  if (profDir) {
    fs.mkdirSync(profDir, { recursive: true });
    const file = path.join(profDir, `${server.kind}-${spec.name.replace(/[^a-z0-9]+/gi, "-")}-${Date.now()}.cpuprofile`);
    await server.profileStop(file);
    log(`  server CPU profile: ${file}`);
  }
  const typed = await Promise.all(typing);

  // Drain: until every sampled receiver has the last keystroke of each sender, or drainMs.
  const finalClocks: Record<number, number> = Object.assign({}, ...typed.map((t) => t.lastClocks));
  const drained = await Promise.all(
    editorsWorkers.map((w) => w.ask<Extract<FromWorker, { ok: "drained" }>>({ cmd: "drain", finalClocks, until: now() + spec.drainMs }, spec.drainMs + 60_000)),
  );
  const sends: Record<number, [number[], number[]]> = Object.assign({}, ...drained.map((d) => d.sends));
  const receipts: Record<string, [number[], number[]]> = Object.assign({}, ...drained.map((d) => d.receipts));

  const perKeystroke: number[] = [];
  const deliveries: number[] = [];
  let undelivered = 0;
  for (let s = 0; s < n; s++) {
    const [clocks, times] = sends[s] ?? [[], []];
    if (!clocks.length || !watchers[s].length) continue;
    const worst = new Array<number>(clocks.length).fill(0);
    for (const r of watchers[s]) {
      const [rc, rt] = receipts[`${r}:${s}`] ?? [[], []];
      let j = 0;
      for (let q = 0; q < clocks.length; q++) {
        while (j < rc.length && rc[j] < clocks[q]) j++;
        if (j >= rc.length) {
          worst[q] = Infinity;
          continue;
        }
        const lat = rt[j] - times[q];
        deliveries.push(lat);
        if (lat > worst[q]) worst[q] = lat;
      }
    }
    for (const w of worst) {
      if (w === Infinity) undelivered++;
      perKeystroke.push(w);
    }
  }
  perKeystroke.sort((a, b) => a - b);
  deliveries.sort((a, b) => a - b);

  const windowSec = (s1.t - s0.t) / 1000;
  const cpuSec = (s1.cpu.user + s1.cpu.system - s0.cpu.user - s0.cpu.system) / 1e6;
  const serverElu = (s1.elu.active - s0.elu.active) / (s1.elu.active - s0.elu.active + s1.elu.idle - s0.elu.idle);
  const result: ScenarioResult = {
    name: spec.name,
    editors: n,
    docs: spec.docs.length,
    cps: spec.cps,
    keystrokes: perKeystroke.length,
    deliveries: deliveries.length,
    undelivered,
    p50: percentile(perKeystroke, 50),
    p95: percentile(perKeystroke, 95),
    p99: percentile(perKeystroke, 99),
    max: perKeystroke[perKeystroke.length - 1] ?? NaN,
    deliveryP50: percentile(deliveries, 50),
    deliveryP99: percentile(deliveries, 99),
    serverCpuPct: (100 * cpuSec) / windowSec,
    serverCpuPctProc: procStart !== null && procEnd !== null ? (100 * (procEnd - procStart)) / (spec.durationMs / 1000) : null,
    serverElu,
    serverLagP99Ms: s1.lag.p99,
    serverLagMaxMs: s1.lag.max,
    serverRssPeakMB: rssPeak / 2 ** 20,
    serverHeapPeakMB: heapPeak / 2 ** 20,
    serverRssEndMB: s1.mem.rss / 2 ** 20,
    foreignCpuPct:
      m0 && m1 && procStart !== null && procEnd !== null
        ? Math.max(0, (100 * os.cpus().length * (m1.busy - m0.busy)) / (m1.total - m0.total) - (100 * (procEnd - procStart + ours1 - ours0)) / (spec.durationMs / 1000))
        : null,
    clientElu: Math.max(...typed.map((t) => t.elu)),
    clientLagP99Ms: Math.max(...typed.map((t) => t.lagP99Ms)),
    typedPerSec: typed.reduce((a, t) => a + t.typed, 0) / ((spec.warmupMs + spec.durationMs) / 1000),
    connectMs,
  };
  log(`  typed ${typed.reduce((a, t) => a + t.typed, 0)} keystrokes (${result.keystrokes} measured, ${undelivered} undelivered)`);

  if (spec.idleMemory && idleBase) {
    // Everyone has stopped typing; the debounced store (ours: 2 s) and awareness settle; then a full GC.
    await sleep(4_000);
    const idle = await server.gc();
    const docs = spec.docs.length;
    result.idleBaseRssMB = idleBase.mem.rss / 2 ** 20;
    result.idleRssMB = idle.mem.rss / 2 ** 20;
    result.idleRssPerDocKB = (idle.mem.rss - idleBase.mem.rss) / docs / 1024;
    result.idleHeapPerDocKB = (idle.mem.heapUsed + idle.mem.external - idleBase.mem.heapUsed - idleBase.mem.external) / docs / 1024;
  }
  return { result, template };
}
