/**
 * Minutes collaboration benchmark: our socket.io + Yjs server (realtime/collab.ts,
 * app/lib/minutes/provider.ts) against a plain @hocuspocus/server 3.4.3, same
 * workload, same run. See README.md next to this file.
 *
 *   npx remix build   # once, if build/index.js is missing or stale
 *   npx tsx tests/bench/minutes/run.ts [--duration=20] [--warmup=5] [--sizes=10,50,200] [--docs=100]
 *       [--cps=5] [--rates=200:0.15] [--text-only=200] [--sample=10] [--workers=2] [--no-awareness]
 *       [--only=ours|hocuspocus] [--repeat=1] [--no-results]
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { machineJiffies, ROOT, startHocuspocus, startOurs, type ServerChild } from "./servers";
import type { Target } from "./editor-worker";
import { ALPHA, atOrBelow, MIN_RUNS_FOR_TEST } from "./stats";
import { runScenario, type ScenarioResult, type ScenarioSpec } from "./workload";

type Kind = "ours" | "hocuspocus";

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, "").split("=");
    return [k, v ?? "true"] as const;
  }),
);
const num = (k: string, d: number) => (args.has(k) ? Number(args.get(k)) : d);
const OPTS = {
  durationMs: num("duration", 20) * 1000,
  warmupMs: num("warmup", 5) * 1000,
  drainMs: num("drain", 5) * 1000,
  sizes: (args.get("sizes") ?? "10,50,200").split(",").map(Number).filter((x) => x > 1),
  manyDocs: num("docs", 100),
  editorsPerManyDoc: num("editors-per-doc", 2),
  cps: num("cps", 5),
  // 2 cores run the server AND every simulated client, and every client pays Yjs's per-transaction cost (O(editors))
  // for every remote keystroke: 200 editors at 5 char/s would need ~20 cores of client work. So at 200 editors
  // each types slower (--rates=SIZE:CPS,…), see README.
  rates: new Map((args.get("rates") ?? "200:0.15").split(",").filter(Boolean).map((x) => x.split(":").map(Number) as [number, number])),
  // sizes that also run with text only (no caret awareness), to separate the update path from awareness
  textOnly: (args.get("text-only") ?? "200").split(",").map(Number).filter((x) => x > 1),
  sample: num("sample", 10),
  workers: num("workers", 2),
  awareness: !args.has("no-awareness"),
  only: (args.get("only") as Kind | undefined) ?? null,
  writeResults: !args.has("no-results"),
  // Each scenario this many times, ours and Hocuspocus alternating who goes first; the table shows each one's median-p99 run.
  repeat: Math.max(1, num("repeat", 1)),
};
const KINDS: Kind[] = OPTS.only ? [OPTS.only] : ["ours", "hocuspocus"];
// Per run, so two runs on one machine never recreate each other's database (and sessions) under their feet.
const SQLITE_FILE = process.env.BENCH_SQLITE_FILE || `/tmp/bench-minutes-${process.pid}.sqlite`;
const TEMPLATE_FILE = `/tmp/bench-minutes-template-${process.pid}.bin`;
const LOCK_FILE = "/tmp/bench-minutes.lock";
const RESULTS = path.join(ROOT, "tests/bench/RESULTS.md");
const SECTION = "## Minutes collaboration";

const t0 = Date.now();
const log = (msg: string) => console.log(`[${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${msg}`);

async function signIn(baseUrl: string, username = "vanphong", password = "Demo@2023") {
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl },
    body: new URLSearchParams({ username, password }).toString(),
  });
  const setCookie = res.headers.get("set-cookie");
  if (res.status !== 302 || !setCookie) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  return setCookie.split(";")[0];
}

/** K fresh meetings like a demo one (same body, agenda and invitations), through the models on the same SQLite file. */
async function createMeetings(count: number): Promise<number[]> {
  process.env.SQLITE_FILE = SQLITE_FILE;
  delete process.env.DATABASE_URL;
  const { getDb, closeDb } = await import("../../../models");
  const db = getDb();
  try {
    const candidates = await db.Meeting.findAll({ where: { status: ["convened", "draft", "ended"], confidentiality: "normal" }, order: [["id", "ASC"]] });
    let model = null;
    for (const m of candidates) {
      const minutes = await db.Minutes.findOne({ where: { meetingId: m.id } });
      if (!minutes || minutes.status === "draft") {
        model = m;
        break;
      }
    }
    if (!model) throw new Error("no demo meeting with draft minutes to copy");
    const agenda = await db.AgendaItem.findAll({ where: { meetingId: model.id } });
    const invitations = await db.Invitation.findAll({ where: { meetingId: model.id } });
    const strip = (o: Record<string, unknown>) => {
      const { id: _id, meetingId: _m, createdAt: _c, updatedAt: _u, icalUid: _i, ...rest } = o;
      return rest;
    };
    const ids: number[] = [];
    await db.sequelize.transaction(async (transaction) => {
      for (let i = 0; i < count; i++) {
        const copy = strip(model.get({ plain: true }) as Record<string, unknown>);
        const m = await db.Meeting.create({ ...(copy as object), title: `${model.title} (bench ${i + 1})` } as never, { transaction });
        if (agenda.length) await db.AgendaItem.bulkCreate(agenda.map((a) => ({ ...strip(a.get({ plain: true }) as never), meetingId: m.id })) as never, { transaction });
        if (invitations.length)
          await db.Invitation.bulkCreate(invitations.map((v) => ({ ...strip(v.get({ plain: true }) as never), meetingId: m.id })) as never, { transaction });
        ids.push(m.id);
      }
    });
    log(`created ${count} meetings like #${model.id} "${model.title}" (${agenda.length} agenda items, ${invitations.length} invitations)`);
    return ids;
  } finally {
    await closeDb();
  }
}

/** `results`: per server, the run with the median p99 of `runs` (all of them, in order); with an even count, the lower middle one. */
type Row = { scenario: string; results: Partial<Record<Kind, ScenarioResult>>; problems: Partial<Record<Kind, Record<string, number>>>; runs: Partial<Record<Kind, ScenarioResult[]>> };

/** One run at a time: two benchmarks on 2 cores measure each other. */
function takeLock() {
  try {
    const pid = Number(fs.readFileSync(LOCK_FILE, "utf8"));
    if (pid && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        throw new Error(`another minutes benchmark (pid ${pid}) is running; run again when it has finished (or remove ${LOCK_FILE})`);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ESRCH") throw err;
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  fs.writeFileSync(LOCK_FILE, String(process.pid));
  process.on("exit", () => {
    try {
      if (fs.readFileSync(LOCK_FILE, "utf8") === String(process.pid)) fs.rmSync(LOCK_FILE);
    } catch {
      /* gone */
    }
    for (const f of [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, `${SQLITE_FILE}-journal`, TEMPLATE_FILE]) fs.rmSync(f, { force: true });
  });
}

async function main() {
  takeLock();
  const sizes = OPTS.sizes;
  const scenarios: (Omit<ScenarioSpec, "docs" | "warmDoc" | "workers"> & { docCount: number })[] = [
    ...sizes.flatMap((n) => {
      const cps = OPTS.rates.get(n) ?? OPTS.cps;
      const one = (awareness: boolean) => ({
        name: `${n} editors, 1 doc${awareness ? "" : ", text only"}`,
        docCount: 1,
        editorsPerDoc: n,
        cps,
        warmupMs: OPTS.warmupMs,
        durationMs: OPTS.durationMs,
        drainMs: OPTS.drainMs,
        sample: OPTS.sample,
        awareness,
        idleMemory: false,
      });
      return OPTS.awareness && OPTS.textOnly.includes(n) ? [one(true), one(false)] : [one(OPTS.awareness)];
    }),
    ...(OPTS.manyDocs > 0
      ? [
          {
            name: `${OPTS.manyDocs} docs × ${OPTS.editorsPerManyDoc} editors`,
            docCount: OPTS.manyDocs,
            editorsPerDoc: OPTS.editorsPerManyDoc,
            cps: OPTS.cps,
            warmupMs: OPTS.warmupMs,
            durationMs: OPTS.durationMs,
            drainMs: OPTS.drainMs,
            sample: OPTS.sample,
            awareness: OPTS.awareness,
            idleMemory: true,
          },
        ]
      : []),
  ];

  // Fresh database, seeded by our server's first start; documents for every scenario are fresh meetings.
  for (const f of [SQLITE_FILE, `${SQLITE_FILE}-wal`, `${SQLITE_FILE}-shm`, `${SQLITE_FILE}-journal`]) fs.rmSync(f, { force: true });
  fs.rmSync(TEMPLATE_FILE, { force: true });
  let cookie = "";
  // docIds[scenario][repeat]: every run types into documents of its own (a fresh minutes, as in the first run).
  const docIds: number[][][] = [];
  const warmDocs: number[][] = [];
  {
    log(`starting our server once to migrate and seed ${SQLITE_FILE}`);
    const s = await startOurs({ sqliteFile: SQLITE_FILE });
    try {
      cookie = await signIn(`http://127.0.0.1:${s.port}`);
      const total = OPTS.repeat * scenarios.reduce((a, sc) => a + sc.docCount + (sc.idleMemory ? 1 : 0), 0);
      const ids = await createMeetings(total);
      let k = 0;
      for (const sc of scenarios) {
        const docs: number[][] = [];
        const warm: number[] = [];
        for (let r = 0; r < OPTS.repeat; r++) {
          docs.push(ids.slice(k, k + sc.docCount));
          k += sc.docCount;
          warm.push(sc.idleMemory ? ids[k++] : 0);
        }
        docIds.push(docs);
        warmDocs.push(warm);
      }
    } finally {
      await s.stop();
    }
  }

  const rows: Row[] = [];
  for (let i = 0; i < scenarios.length; i++) {
    const sc = scenarios[i];
    const row: Row = { scenario: sc.name, results: {}, problems: {}, runs: {} };
    rows.push(row);
    for (let r = 0; r < OPTS.repeat; r++) {
      for (const kind of r % 2 ? [...KINDS].reverse() : KINDS) {
        await waitForQuiet();
        log(`${sc.name} @ ${sc.cps.toFixed(2)} char/s each — ${kind}${OPTS.repeat > 1 ? ` (run ${r + 1} of ${OPTS.repeat})` : ""}`);
        // A fresh server process per scenario: CPU and memory belong to this scenario only.
        // Measured as deployed: NODE_ENV=production (React's production build; no demo seed, the first start made it).
        const server: ServerChild = kind === "ours" ? await startOurs({ sqliteFile: SQLITE_FILE, env: { NODE_ENV: "production" } }) : await startHocuspocus({ templateFile: fs.existsSync(TEMPLATE_FILE) ? TEMPLATE_FILE : undefined });
        try {
          const target: Target = kind === "ours" ? { kind, baseUrl: `http://127.0.0.1:${server.port}`, cookie } : { kind, wsUrl: `ws://127.0.0.1:${server.port}` };
          const { result, template } = await runScenario(server, { ...sc, docs: docIds[i][r], warmDoc: warmDocs[i][r] || undefined, workers: OPTS.workers }, target, log).catch((err) => {
            console.error(`--- ${kind} server output (tail) ---\n${server.output().slice(-4000)}`);
            throw err;
          });
          if (kind === "ours" && template && !fs.existsSync(TEMPLATE_FILE)) fs.writeFileSync(TEMPLATE_FILE, template);
          (row.runs[kind] ??= []).push(result);
          log(
            `  p50 ${fmt(result.p50)} / p95 ${fmt(result.p95)} / p99 ${fmt(result.p99)} ms; server CPU ${result.serverCpuPct.toFixed(0)}% (proc ${result.serverCpuPctProc?.toFixed(0)}%), loop delay p99/max ${fmt(result.serverLagP99Ms)}/${fmt(result.serverLagMaxMs)} ms, RSS peak ${result.serverRssPeakMB.toFixed(0)} MB; client ELU ${(result.clientElu * 100).toFixed(0)}%; other processes ${fmt(result.foreignCpuPct, 0)}%` +
              (result.idleRssPerDocKB !== undefined ? `; idle ${result.idleRssPerDocKB.toFixed(0)} KB RSS/doc, ${result.idleHeapPerDocKB!.toFixed(0)} KB heap/doc` : ""),
          );
        } finally {
          const stopped = await server.stop();
          const last = row.runs[kind]?.at(-1);
          if (last && !last.stop) last.stop = stopped;
          // Warnings and errors the server logged, shutdown included.
          const problems = server.problems();
          if (Object.keys(problems).length) {
            row.problems[kind] = problems;
            log(`  server logged: ${JSON.stringify(problems)} (log: ${server.logFile})`);
          }
        }
      }
    }
  }

  for (const row of rows) {
    for (const kind of KINDS) {
      const runs = row.runs[kind];
      if (runs?.length) row.results[kind] = [...runs].sort((a, b) => a.p99 - b.p99)[Math.floor((runs.length - 1) / 2)];
    }
  }
  const table = renderTable(rows);
  console.log("\n" + table);
  const targets = checkTargets(rows);
  console.log("\n" + targets);
  if (OPTS.writeResults) appendResults(table, targets);
  log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

/**
 * This machine is shared: before each scenario, wait (bounded: 15 s each, 60 s per run) until other processes
 * use less than a third of a core, so a neighbour's jest run does not land in a measured window.
 */
let quietBudgetMs = 60_000;
async function waitForQuiet() {
  const until = Date.now() + Math.min(15_000, quietBudgetMs);
  const started = Date.now();
  for (;;) {
    const a = machineJiffies();
    await new Promise((r) => setTimeout(r, 1000));
    const b = machineJiffies();
    if (!a || !b) return;
    const cores = (os.cpus().length * (b.busy - a.busy)) / (b.total - a.total);
    if (cores < 0.33 || Date.now() >= until) {
      quietBudgetMs -= Date.now() - started;
      if (cores >= 0.33) log(`  the machine is busy (${(cores * 100).toFixed(0)}% of a core used by other processes); measuring anyway`);
      return;
    }
  }
}

const fmt = (x: number | undefined | null, d = 1) => (x === undefined || x === null || Number.isNaN(x) ? "–" : x === Infinity ? "∞" : x.toFixed(d));

function renderTable(rows: Row[]) {
  const metrics: { label: string; get: (r: ScenarioResult) => number | undefined | null; d?: number; lowerIsBetter?: boolean }[] = [
    { label: "latency p50 (ms)", get: (r) => r.p50 },
    { label: "latency p95 (ms)", get: (r) => r.p95 },
    { label: "latency p99 (ms)", get: (r) => r.p99 },
    { label: "latency max (ms)", get: (r) => r.max },
    { label: "server CPU (% of 1 core)", get: (r) => r.serverCpuPct, d: 0 },
    { label: "server event-loop use (%)", get: (r) => r.serverElu * 100, d: 0 },
    { label: "server event-loop delay p99 / max (ms)", get: () => null },
    { label: "server RSS peak (MB)", get: (r) => r.serverRssPeakMB, d: 0 },
    { label: "server heap used peak (MB)", get: (r) => r.serverHeapPeakMB, d: 0 },
    { label: "idle RSS per open doc (KB)", get: (r) => r.idleRssPerDocKB, d: 0 },
    { label: "idle heap+external per open doc (KB)", get: (r) => r.idleHeapPerDocKB, d: 0 },
    { label: "keystrokes measured / undelivered", get: () => null },
    { label: "server stop on SIGTERM after the clients left (s)", get: () => null },
    { label: "other processes' CPU during the window (% of 1 core)", get: (r) => r.foreignCpuPct, d: 0 },
    { label: "busiest client process event-loop use (%)", get: (r) => r.clientElu * 100, d: 0 },
    { label: "keystrokes typed per second (all editors)", get: (r) => r.typedPerSec, d: 0 },
  ];
  const lines = ["| scenario | metric | ours | Hocuspocus | ours / Hocuspocus |", "|---|---|---:|---:|---:|"];
  for (const row of rows) {
    const o = row.results.ours;
    const h = row.results.hocuspocus;
    const any = o ?? h;
    if (!any) continue;
    const name = `${row.scenario} (${fmt(any.cps, 2)} char/s each)`;
    for (const m of metrics) {
      if (m.label === "server event-loop delay p99 / max (ms)") {
        const f = (r?: ScenarioResult) => (r ? `${fmt(r.serverLagP99Ms)} / ${fmt(r.serverLagMaxMs)}` : "–");
        lines.push(`| ${name} | ${m.label} | ${f(o)} | ${f(h)} | |`);
        continue;
      }
      if (m.label === "server stop on SIGTERM after the clients left (s)") {
        const f = (r?: ScenarioResult) => (!r?.stop ? "–" : r.stop.killed ? `> ${fmt(r.stop.ms / 1000, 0)} (killed)` : fmt(r.stop.ms / 1000, 1));
        lines.push(`| ${name} | ${m.label} | ${f(o)} | ${f(h)} | |`);
        continue;
      }
      if (m.label === "keystrokes measured / undelivered") {
        lines.push(`| ${name} | ${m.label} | ${o ? `${o.keystrokes} / ${o.undelivered}` : "–"} | ${h ? `${h.keystrokes} / ${h.undelivered}` : "–"} | |`);
        continue;
      }
      const ov = o ? m.get(o) : undefined;
      const hv = h ? m.get(h) : undefined;
      if ((ov === undefined || ov === null) && (hv === undefined || hv === null)) continue;
      const ratio = typeof ov === "number" && typeof hv === "number" && hv > 0 && Number.isFinite(ov) && Number.isFinite(hv) ? `${(ov / hv).toFixed(2)}×` : "–";
      lines.push(`| ${name} | ${m.label} | ${fmt(ov, m.d ?? 1)} | ${fmt(hv, m.d ?? 1)} | ${ratio} |`);
    }
  }
  return lines.join("\n");
}

/** The "p99 at or below Hocuspocus" verdict over every run of the row (docs/decisions/013-benchmark-ties.md). */
function atOrBelowText(row: Row) {
  const p99s = (k: Kind) => (row.runs[k] ?? []).map((r) => r.p99);
  const v = atOrBelow(p99s("ours"), p99s("hocuspocus"));
  const ratio = `ratio of medians ${v.ratio.toFixed(2)}×`;
  if (v.verdict === "below") return `MET (p99 at or below Hocuspocus; ${ratio})`;
  if (v.verdict === "tie") return `MET as a tie (${ratio}; the runs do not show ours higher: one-sided exact test p = ${v.p.toFixed(3)} ≥ ${ALPHA})`;
  const why = v.p === null ? `fewer than ${MIN_RUNS_FOR_TEST} runs each, no test` : `the runs show ours higher: one-sided exact test p = ${v.p.toFixed(3)} < ${ALPHA}`;
  return `MISSED (${ratio}; ${why})`;
}

function checkTargets(rows: Row[]) {
  const out: string[] = ["Targets:"];
  for (const row of rows) {
    const o = row.results.ours;
    const h = row.results.hocuspocus;
    if (!o) continue;
    const busy = [o, h].filter((r): r is ScenarioResult => Boolean(r && (r.foreignCpuPct ?? 0) > 25));
    if (busy.length) out.push(`- ${row.scenario}: other processes used ${busy.map((r) => `${fmt(r.foreignCpuPct, 0)}%`).join(" / ")} of a core during a window — not representative, rerun`);
    const all = (k: Kind) => (row.runs[k]?.length ?? 0) > 1 ? ` (median of ${row.runs[k]!.map((x) => fmt(x.p99)).join(", ")})` : "";
    if (h) out.push(`- ${row.scenario}: p99 ours ${fmt(o.p99)} ms${all("ours")} vs Hocuspocus ${fmt(h.p99)} ms${all("hocuspocus")} → ${atOrBelowText(row)}`);
    if (o.editors === 50 && o.docs === 1) out.push(`- 50 editors: p99 ${fmt(o.p99)} ms < 50 ms → ${o.p99 < 50 ? "MET" : "MISSED"}`);
    for (const [k, p] of Object.entries(row.problems)) out.push(`- ${row.scenario}: the ${k} server logged ${Object.entries(p!).map(([m, c]) => `${c}× "${m}"`).join(", ")}`);
    if (o.stop?.killed) out.push(`- ${row.scenario}: our server did not stop within ${fmt(o.stop.ms / 1000, 0)} s of SIGTERM and was killed (unsaved edits would be lost)`);
    if (o.idleRssPerDocKB !== undefined)
      out.push(
        `- idle open document: ${fmt(o.idleRssPerDocKB / 1024, 2)} MB RSS (${fmt(o.idleHeapPerDocKB! / 1024, 2)} MB heap) per document incl. its ${o.editors / o.docs} connections < 2 MB → ${o.idleRssPerDocKB < 2048 ? "MET" : "MISSED"}`,
      );
  }
  return out.join("\n");
}

function machine() {
  let free = "";
  try {
    free = execSync("free -h", { encoding: "utf8" }).split("\n").find((l) => l.startsWith("Mem:"))?.replace(/\s+/g, " ").trim() ?? "";
  } catch {
    free = `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB total`;
  }
  let nproc = String(os.cpus().length);
  try {
    nproc = execSync("nproc", { encoding: "utf8" }).trim();
  } catch {
    /* os.cpus() */
  }
  return { nproc, free, cpu: os.cpus()[0]?.model ?? "?", node: process.version };
}

function appendResults(table: string, targets: string) {
  const m = machine();
  const cmd = `npx tsx tests/bench/minutes/run.ts${process.argv.length > 2 ? " " + process.argv.slice(2).join(" ") : ""}`;
  const block = [
    `### Run ${new Date().toISOString().replace(/\.\d+Z$/, "Z")}`,
    "",
    `- machine: nproc ${m.nproc} (${m.cpu}); \`free -h\` ${m.free}`,
    `- node ${m.node}; @hocuspocus/server 3.4.3; command: \`${cmd}\``,
    `- workload: ${OPTS.durationMs / 1000} s measured after ${OPTS.warmupMs / 1000} s warm-up; ${OPTS.cps} char/s per editor except ${[...OPTS.rates].map(([n, c]) => `${c} char/s at ${n} editors`).join(", ") || "nowhere"} (client CPU, see README); caret awareness ${OPTS.awareness ? `on every keystroke (also text only at ${OPTS.textOnly.join(", ") || "no size"})` : "off"}; latency to the last of up to ${OPTS.sample} sampled receivers; ${OPTS.workers} client processes`,
    "",
    table,
    "",
    targets.split("\n").slice(1).join("\n"),
    "",
  ].join("\n");
  let text = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, "utf8") : "# Benchmark results\n";
  const start = text.indexOf(SECTION);
  if (start < 0) {
    text = text.replace(/\s*$/, "\n\n") + `${SECTION}\n\n` + "How to run and what is measured: `tests/bench/minutes/README.md`. Newest run last.\n\n" + block;
  } else {
    const rest = text.slice(start + SECTION.length);
    const next = rest.search(/^## /m);
    const at = next < 0 ? text.length : start + SECTION.length + next;
    const before = text.slice(0, at).replace(/\s*$/, "\n\n");
    text = before + block + (next < 0 ? "" : "\n" + text.slice(at));
  }
  fs.writeFileSync(RESULTS, text);
  log(`results appended to ${path.relative(ROOT, RESULTS)}`);
}

// Bounded: the whole run must end by itself (one full pass of every scenario on both servers is ≈ 5 min here).
const HARD_LIMIT_MS = (5 + 7 * OPTS.repeat) * 60_000;
setTimeout(() => {
  console.error("benchmark exceeded its time limit; aborting");
  process.exit(2);
}, HARD_LIMIT_MS).unref();

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
