/**
 * The two servers under test, each in its own child process so the clients'
 * CPU never counts as the server's: ours (server.ts on the Remix build, exactly
 * what `npm run serve`, `tsx --no-memory-reducer server.ts`, runs) and a plain Hocuspocus. probe.cjs is
 * preloaded into both and answers CPU/memory/GC requests over IPC.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { SERVE_NODE_FLAGS } from "../../helpers/serve-flags";

export const ROOT = path.resolve(__dirname, "../../..");
const PROBE = path.join(__dirname, "probe.cjs");
const TSX_LOADER = pathToFileURL(path.join(ROOT, "node_modules/tsx/dist/loader.mjs")).href;
const TSX_PREFLIGHT = path.join(ROOT, "node_modules/tsx/dist/preflight.cjs");

export type Snapshot = {
  cpu: { user: number; system: number };
  mem: { rss: number; heapTotal: number; heapUsed: number; external: number; arrayBuffers: number };
  elu: { idle: number; active: number; utilization: number };
  /** event-loop delay since the last reset, ms */
  lag: { p99: number; max: number };
  pid: number;
  t: number;
};

export type ServerChild = {
  kind: "ours" | "hocuspocus";
  pid: number;
  port: number;
  /** resetLag: start a new event-loop delay histogram after this snapshot */
  snapshot(opts?: { resetLag?: boolean }): Promise<Snapshot>;
  /** full GC (several passes), then a snapshot */
  gc(): Promise<Snapshot>;
  /** CPU profile (inspector) from now until profileStop(file) */
  profileStart(): Promise<Snapshot>;
  profileStop(file: string): Promise<Snapshot>;
  /** SIGTERM, then SIGKILL after BENCH_STOP_TIMEOUT_MS (20 s) */
  stop(): Promise<StopResult>;
  output(): string;
  /** warnings/errors the server logged so far, by message */
  problems(): Record<string, number>;
  logFile: string;
};

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

function spawnProbed(script: string, env: NodeJS.ProcessEnv, startFlags: string[] = []): { child: ChildProcess; output: () => string; problems: () => Record<string, number>; logFile: string } {
  // What `tsx <startFlags> script` runs (its preflight + loader), in one process, plus the probe and --expose-gc.
  // BENCH_SERVER_FLAGS: extra Node flags for both servers, for diagnosis (e.g. --trace-gc).
  const flags = (process.env.BENCH_SERVER_FLAGS ?? "").split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...startFlags, ...flags, "--expose-gc", "--require", PROBE, "--require", TSX_PREFLIGHT, "--import", TSX_LOADER, script], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  // The whole output also goes to a log file, for post-mortems (/tmp/bench-minutes-<script>-<pid>.log).
  const logFile = `/tmp/bench-minutes-${path.basename(script, ".ts")}-${child.pid}.log`;
  const logStream = fs.createWriteStream(logFile);
  let out = "";
  let partial = "";
  const problems: Record<string, number> = {};
  const keep = (d: Buffer) => {
    const text = d.toString();
    logStream.write(text);
    out += text;
    if (out.length > 20_000) out = out.slice(-20_000);
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) {
      // pino JSON lines: level 40 warn, 50 error, 60 fatal
      const m = /"level":(\d+).*?"msg":"([^"]*)"/.exec(line);
      if (m && Number(m[1]) >= 40) problems[m[2]] = (problems[m[2]] ?? 0) + 1;
      else if (!m && /error/i.test(line)) problems["stderr: " + line.slice(0, 80)] = (problems["stderr: " + line.slice(0, 80)] ?? 0) + 1;
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", () => logStream.end());
  return { child, output: () => out, problems: () => ({ ...problems }), logFile };
}

function probeClient(child: ChildProcess) {
  let seq = 0;
  const waiting = new Map<number, (s: Snapshot) => void>();
  child.on("message", (m: { probe?: boolean; id?: number } & Snapshot) => {
    if (m?.probe && typeof m.id === "number") {
      waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    }
  });
  const ask = (cmd: "stats" | "gc" | "profile-start" | "profile-stop", extra: object = {}) =>
    new Promise<Snapshot>((resolve, reject) => {
      const id = ++seq;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`probe ${cmd} timed out`));
      }, 30_000);
      waiting.set(id, (s) => {
        clearTimeout(timer);
        resolve(s);
      });
      child.send({ probe: true, id, cmd, ...extra });
    });
  return { snapshot: (o: { resetLag?: boolean } = {}) => ask("stats", o), gc: () => ask("gc"), profileStart: () => ask("profile-start"), profileStop: (file: string) => ask("profile-stop", { file }) };
}

async function stopChild(child: ChildProcess, name: string, output: () => string): Promise<StopResult> {
  if (child.exitCode !== null || child.signalCode !== null) return { ms: 0, killed: false };
  const exited = new Promise((r) => child.once("exit", r));
  const started = Date.now();
  child.kill("SIGTERM");
  const limit = Number(process.env.BENCH_STOP_TIMEOUT_MS || 20_000);
  await Promise.race([exited, new Promise((r) => setTimeout(r, limit))]);
  if (child.exitCode === null && child.signalCode === null) {
    console.warn(`  ${name} did not stop within ${limit / 1000} s of SIGTERM; killing it. Its last line: ${output().trim().split("\n").pop()?.slice(0, 300)}`);
    child.kill("SIGKILL");
    await exited;
    return { ms: Date.now() - started, killed: true };
  }
  if (Date.now() - started > 3_000) console.warn(`  ${name} took ${((Date.now() - started) / 1000).toFixed(1)} s to stop`);
  return { ms: Date.now() - started, killed: false };
}

export type StopResult = { ms: number; killed: boolean };

/** Our real server as `npm start` runs it (`tsx --no-memory-reducer server.ts`) on build/index.js, SQLite, demo seed. */
export async function startOurs(opts: { sqliteFile: string; env?: Record<string, string> }): Promise<ServerChild> {
  if (!fs.existsSync(path.join(ROOT, "build/index.js"))) throw new Error("build/index.js is missing: run `npx remix build` first");
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NODE_ENV: "test",
    SQLITE_FILE: opts.sqliteFile,
    LOG_LEVEL: "warn",
    SEED_DEMO: "1",
    SESSION_SECRET: process.env.SESSION_SECRET || "bench-secret-not-for-production",
    UPLOAD_DIR: process.env.UPLOAD_DIR || "/tmp/bench-minutes-uploads",
    ...opts.env,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_OPTIONS;
  const { child, output, problems, logFile } = spawnProbed("server.ts", env, SERVE_NODE_FLAGS);
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`our server exited early:\n${output()}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stopChild(child, "our server", output);
      throw new Error(`our server did not start within 90 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { kind: "ours", pid: child.pid!, port, ...probeClient(child), stop: () => stopChild(child, "our server", output), output, problems, logFile };
}

/** A plain Hocuspocus server (hocuspocus-server.ts), documents seeded from `templateFile` if given. */
export async function startHocuspocus(opts: { templateFile?: string }): Promise<ServerChild> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), NODE_ENV: "production", BENCH_TEMPLATE_FILE: opts.templateFile ?? "" };
  delete env.NODE_OPTIONS;
  const { child, output, problems, logFile } = spawnProbed(path.join(__dirname, "hocuspocus-server.ts"), env);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hocuspocus did not start:\n${output()}`)), 60_000);
    child.on("message", (m: { ready?: boolean }) => {
      if (m?.ready) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", () => {
      clearTimeout(timer);
      reject(new Error(`hocuspocus exited early:\n${output()}`));
    });
  });
  return { kind: "hocuspocus", pid: child.pid!, port, ...probeClient(child), stop: () => stopChild(child, "hocuspocus", output), output, problems, logFile };
}

/** CPU seconds of a process (utime + stime) from /proc, a cross-check of the probe's process.cpuUsage(). */
export function procCpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is state (field 3); utime is field 14, stime field 15
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Busy and total jiffies of the whole machine (/proc/stat), to see what else ran during a window. */
export function machineJiffies(): { busy: number; total: number } | null {
  try {
    const cpu = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = cpu[3] + (cpu[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}
