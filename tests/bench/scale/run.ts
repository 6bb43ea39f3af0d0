/**
 * City-scale benchmark (issue #6): the task lists, the dashboard and search
 * under 20 concurrent signed-in users against the `npm run seed:scale` data
 * set, and the dashboard's aggregation against hand-written SQL for the same
 * numbers, in-process, in the same run. How to run and what is measured:
 * tests/bench/scale/README.md.
 *
 *   npx tsx tests/bench/scale/run.ts [--duration=20] [--pace=1] [--modes=spread,paced,flat] [--connections=20] [--runs=15]
 *     [--only=tasks,reports,search,aggregation] [--data] [--cached] [--no-build]
 *     [--writes=2] [--buffer-pool=2048] [--seed-time="3 min 9 s"] [--no-append]
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import mysql from "mysql2/promise";
import { SERVE_NODE_FLAGS } from "../../helpers/serve-flags";

// autocannon ships no types (and @types/autocannon is not a dependency): the part used here.
type AcClient = { setHeaders(headers: Record<string, string>): void };
type AcResult = { non2xx: number; errors: number; timeouts: number };
type AcInstance = { on(event: "response", fn: (client: AcClient, statusCode: number, bytes: number, responseTimeMs: number) => void): void };
type AcOptions = { url: string; connections: number; amount: number; connectionRate?: number; timeout: number; setupClient: (client: AcClient) => void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require("autocannon") as (opts: AcOptions, cb: (err: Error | null, result: AcResult) => void) => AcInstance;

const ROOT = path.resolve(__dirname, "../../..");
const argv = process.argv.slice(2);
const arg = (name: string) => argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`))?.split("=").slice(1).join("=") ?? (argv.includes(`--${name}`) ? "" : undefined);
const DURATION = Number(arg("duration") ?? 20);
/** Paced mode: requests per second of each user (connection); an active user clicks far less often. */
const PACE = Number(arg("pace") ?? 1);
const MODES = new Set((arg("modes") ?? "spread,paced,flat").split(","));
const CONNECTIONS = Number(arg("connections") ?? 20);
const RUNS = Number(arg("runs") ?? 15);
const ONLY = new Set((arg("only") ?? "tasks,reports,search,aggregation").split(","));
const WITH_DATA = arg("data") !== undefined; // also the Remix data requests (?_data=routes/…)
const WITH_CACHED = arg("cached") !== undefined; // also the dashboard with its report cache on (default 15 s)
/** With --cached: the cached dashboard once more while unit staff post this many progress reports a second (0: not). */
const WRITES = Number(arg("writes") ?? 2);
const BUFFER_POOL_MB = arg("buffer-pool") ? Number(arg("buffer-pool")) : null;
const SEED_TIME = arg("seed-time") ?? null;
const APPEND = arg("no-append") === undefined;
const DATABASE_URL = process.env.DATABASE_URL || "mysql://root@127.0.0.1:3306/phs_scale";
const PASSWORD = "Demo@2023";

const log = (msg: string) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);

// ── Statistics ─────────────────────────────────────────────────────────────

function quantile(sorted: number[], q: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const median = (xs: number[]) => quantile([...xs].sort((a, b) => a - b), 0.5);
const fmt = (x: number) => (!Number.isFinite(x) ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

// ── Database facts and the people who sign in ─────────────────────────────

type Facts = { version: string; bufferPoolMb: number; counts: Record<string, number> };

async function dbConnection() {
  const u = new URL(DATABASE_URL.replace(/^mariadb:/, "mysql:"));
  return mysql.createConnection({ host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: decodeURIComponent(u.pathname.slice(1)), timezone: "Z", dateStrings: true });
}

async function facts(db: mysql.Connection): Promise<Facts> {
  const [[v]] = (await db.query("SELECT VERSION() v, @@innodb_buffer_pool_size bp")) as unknown as [[{ v: string; bp: number }]];
  const counts: Record<string, number> = {};
  for (const t of ["units", "users", "bodies", "meetings", "agenda_items", "invitations", "directives", "tasks", "task_coordinators", "task_reports", "extension_requests", "search_entries"]) {
    const [[r]] = (await db.query(`SELECT COUNT(*) c FROM \`${t}\``)) as unknown as [[{ c: number }]];
    counts[t] = Number(r.c);
  }
  return { version: v.v, bufferPoolMb: Math.round(Number(v.bp) / 1048576), counts };
}

type Person = { username: string; kind: string; unit: string };

async function people(db: mysql.Connection) {
  const q = async <T>(sql: string, params: unknown[] = []) => ((await db.query(sql, params)) as unknown as [T[]])[0];
  const secretariat = await q<{ username: string; unit: string }>("SELECT u.username, n.name unit FROM users u JOIN units n ON n.id = u.unit_id WHERE u.roles = 'secretariat' AND u.active ORDER BY u.id LIMIT 12");
  const leaders = await q<{ username: string; unit: string }>("SELECT u.username, n.name unit FROM users u JOIN units n ON n.id = u.unit_id WHERE u.roles LIKE 'leader%' AND u.active ORDER BY u.id LIMIT 8");
  const byTasks = await q<{ id: number; c: number }>("SELECT lead_unit_id id, COUNT(*) c FROM tasks GROUP BY lead_unit_id ORDER BY c DESC");
  const staffOf = async (unitId: number) => (await q<{ username: string; unit: string }>("SELECT u.username, n.name unit FROM users u JOIN units n ON n.id = u.unit_id WHERE u.unit_id = ? AND u.roles = 'staff' AND u.active ORDER BY u.id LIMIT 1 OFFSET 3", [unitId]))[0];
  const big: Person[] = [];
  for (const r of byTasks) {
    if (big.length >= 7) break;
    const p = await staffOf(r.id);
    if (p) big.push({ ...p, kind: `staff, big unit (${Number(r.c).toLocaleString("en")} tasks)` });
  }
  const wards = await q<{ id: number; c: number }>("SELECT n.id, COUNT(t.id) c FROM units n LEFT JOIN tasks t ON t.lead_unit_id = n.id WHERE n.kind = 'ward' GROUP BY n.id ORDER BY c ASC, n.id LIMIT 12");
  const small: Person[] = [];
  for (const r of wards) {
    if (small.length >= 6) break;
    const p = (await q<{ username: string; unit: string }>("SELECT u.username, n.name unit FROM users u JOIN units n ON n.id = u.unit_id WHERE u.unit_id = ? AND u.roles = 'staff' AND u.active ORDER BY u.id LIMIT 1", [r.id]))[0];
    if (p) small.push({ ...p, kind: `staff, small unit (${Number(r.c).toLocaleString("en")} tasks)` });
  }
  const sec = secretariat.map((p) => ({ ...p, kind: "secretariat" }));
  const lead = leaders.map((p) => ({ ...p, kind: "leader" }));
  // Task lists and search: the mix of the brief. The dashboard is for the secretariat and leaders only (reports:view).
  const mixed = [...sec.slice(0, 4), ...lead.slice(0, 3), ...big, ...small].slice(0, CONNECTIONS);
  const dashboard = [...sec, ...lead].slice(0, CONNECTIONS);
  return { mixed, dashboard };
}

async function scopeIds(db: mysql.Connection) {
  const q = async <T>(sql: string) => ((await db.query(sql)) as unknown as [T[]])[0];
  // The district with the most tasks, counting its phòng and phường.
  const [bigUnit] = await q<{ id: number; name: string; c: number }>(
    "SELECT p.id, p.name, COUNT(*) c FROM tasks t JOIN units u ON u.id = t.lead_unit_id JOIN units p ON p.id = IF(u.kind = 'district', u.id, u.parent_id) WHERE p.kind = 'district' GROUP BY p.id ORDER BY c DESC LIMIT 1",
  );
  const [ct24] = await q<{ id: number }>("SELECT id FROM directives WHERE symbol = 'CT/TU' AND number = '24' AND year = 2023 LIMIT 1");
  const [body] = await q<{ id: number; name: string }>("SELECT id, name FROM bodies WHERE code = 'UBND-TP'");
  return { bigUnit, directiveId: ct24?.id, body };
}

// ── The app as a child process ─────────────────────────────────────────────

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

type AccessEntry = { path: string; status: number; ms: number };
type Server = { port: number; child: ChildProcess; sink: AccessEntry[] | null; errors: string[]; stop(): Promise<void> };
/** Everything the app logs except its access lines, for reading errors after a run. */
const SERVER_LOG = path.join(os.tmpdir(), "phs-scale-bench-server.log");

const SESSION_SECRET = randomBytes(24).toString("hex");
/** Started servers, stopped on every way out. */
const live = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of live) if (c.exitCode == null) c.kill("SIGKILL");
});

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), [...SERVE_NODE_FLAGS, "server.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", JOBS: "0", SESSION_SECRET, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  live.add(child);
  child.once("exit", () => live.delete(child));
  const logFile = fs.createWriteStream(SERVER_LOG, { flags: "a" });
  const server: Server = {
    port,
    child,
    sink: null,
    errors: [],
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode != null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
      }),
  };
  const errors = server.errors;
  readline.createInterface({ input: child.stderr! }).on("line", (l) => {
    errors.push(l);
    logFile.write(l + "\n");
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s\n${errors.slice(-20).join("\n")}`)), 120_000);
    child.once("exit", (code) => reject(new Error(`server exited (${code})\n${errors.slice(-20).join("\n")}`)));
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("{")) return;
      let entry: { msg?: string; path?: string; status?: number; ms?: number; port?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      // The server's own access log (server.ts): the time from Express receiving the request to the response's end.
      if (entry.msg === "request") {
        server.sink?.push({ path: entry.path!, status: entry.status!, ms: entry.ms! });
        return;
      }
      logFile.write(line + "\n");
      // pino levels: 50 error, 60 fatal
      if (Number((entry as { level?: number }).level) >= 50) errors.push(line);
      if (entry.port) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return server;
}

async function signIn(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base },
    body: new URLSearchParams({ username, password: PASSWORD, next: "/" }),
  });
  const cookie = res.headers.getSetCookie().map((c) => c.split(";")[0]).find((c) => c.startsWith("__phs_session="));
  if (res.status !== 302 || !cookie) throw new Error(`sign-in of ${username} failed: HTTP ${res.status}`);
  return cookie;
}

// ── Load ───────────────────────────────────────────────────────────────────

type Endpoint = { group: "tasks" | "reports" | "search"; label: string; path: string; pool: "mixed" | "dashboard"; data?: boolean };
type Run = { requests: number; seconds: number; rps: number; client: [number, number, number]; server: [number, number, number]; statuses: string; errors: number };
type Result = Endpoint & { status: string; bytes: number; serverTiming: string | null; alone: [number, number] | null; spread: Run | null; paced: Run | null; flat: Run | null };

/**
 * A fixed number of requests (autocannon's `amount`), spread over the
 * connections, all of which complete: a run stopped by a clock would leave
 * slow requests in flight, still loading the server during the next endpoint.
 */
function load(base: string, urlPath: string, cookies: string[], amount: number, connectionRate: number | undefined, onResponse?: (ms: number, status: number) => void, connections = CONNECTIONS) {
  return new Promise<AcResult>((resolve, reject) => {
    let next = 0;
    const instance = autocannon(
      {
        url: base + urlPath,
        connections,
        amount,
        ...(connectionRate ? { connectionRate } : {}),
        timeout: 120,
        // One user per connection: each keeps its own session cookie.
        setupClient: (client) => {
          client.setHeaders({ cookie: cookies[next++ % cookies.length], accept: "text/html,application/json" });
        },
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    if (onResponse) instance.on("response", (_client, statusCode, _bytes, responseTime) => onResponse(responseTime, statusCode));
  });
}

/**
 * Paced users who do not click in step: autocannon's per-connection rate
 * restarts every connection's second at the same instant, so `paced` sends all
 * users' requests in one burst each second. Here each user is its own
 * one-connection instance, started 1/(users × rate) s after the previous one,
 * so the same requests arrive spread over the second as independent users'.
 */
async function loadSpread(base: string, urlPath: string, cookies: string[], amount: number, rate: number, onResponse: (ms: number, status: number) => void): Promise<AcResult> {
  const perUser = Math.max(1, Math.round(amount / CONNECTIONS));
  const gapMs = 1000 / (rate * CONNECTIONS);
  const runs = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, i) =>
      new Promise<void>((r) => setTimeout(r, i * gapMs)).then(() => load(base, urlPath, [cookies[i % cookies.length]], perUser, rate, onResponse, 1)),
    ),
  );
  return { errors: runs.reduce((n, r) => n + r.errors, 0), timeouts: runs.reduce((n, r) => n + r.timeouts, 0), non2xx: runs.reduce((n, r) => n + r.non2xx, 0) };
}

async function probe(base: string, urlPath: string, cookie: string) {
  const res = await fetch(base + urlPath, { headers: { cookie, accept: "text/html,application/json" }, redirect: "manual" });
  const body = await res.arrayBuffer();
  return { status: res.status, bytes: body.byteLength, serverTiming: res.headers.get("server-timing") };
}

async function measure(server: Server, ep: Endpoint, cookies: Record<string, string[]>): Promise<Result> {
  const base = `http://127.0.0.1:${server.port}`;
  const pool = cookies[ep.pool];
  const errorsBefore = server.errors.length;
  const first = await probe(base, ep.path, pool[0]);
  const result: Result = { ...ep, status: String(first.status), bytes: first.bytes, serverTiming: first.serverTiming, alone: null, spread: null, paced: null, flat: null };
  if (first.status === 404) return { ...result, status: "404 (no route)" };
  if (first.status >= 300) {
    log(`  ${first.status}: ${server.errors.slice(errorsBefore).slice(-3).join(" | ").slice(0, 1500) || "(nothing logged)"}`);
    return { ...result, status: `${first.status} on the first request` };
  }
  // Warm-up: one request per user at once; its pace sizes the measured runs (~DURATION s each).
  const w0 = Date.now();
  await load(base, ep.path, pool, CONNECTIONS, undefined);
  const capacity = CONNECTIONS / ((Date.now() - w0) / 1000);
  // Alone: ten requests one after another by the pool's first user — the cost of one request without queueing.
  server.sink = [];
  for (let i = 0; i < 10; i++) await probe(base, ep.path, pool[0]);
  const alone = server.sink.filter((e) => e.path === ep.path.split("?")[0]).map((e) => e.ms).sort((a, b) => a - b);
  server.sink = null;
  result.alone = [quantile(alone, 0.5), alone[alone.length - 1]];
  const runOnce = async (amount: number, rate: number | undefined, spread = false): Promise<Run> => {
    const latencies: number[] = [];
    const statuses = new Map<number, number>();
    server.sink = [];
    const started = Date.now();
    const record = (ms: number, status: number) => {
      latencies.push(ms);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    const r = spread && rate ? await loadSpread(base, ep.path, pool, amount, rate, record) : await load(base, ep.path, pool, amount, rate, record);
    const seconds = (Date.now() - started) / 1000;
    const pathOnly = ep.path.split("?")[0];
    const serverMs = server.sink.filter((e) => e.path === pathOnly).map((e) => e.ms).sort((a, b) => a - b);
    server.sink = null;
    latencies.sort((a, b) => a - b);
    const ok = [...statuses].filter(([s]) => s >= 200 && s < 300).reduce((n, [, c]) => n + c, 0);
    return {
      requests: latencies.length,
      seconds,
      rps: ok / seconds,
      client: [quantile(latencies, 0.5), quantile(latencies, 0.95), quantile(latencies, 0.99)],
      server: [quantile(serverMs, 0.5), quantile(serverMs, 0.95), quantile(serverMs, 0.99)],
      statuses: [...statuses].map(([s, c]) => `${s}×${c}`).join(" "),
      errors: r.errors + r.timeouts + r.non2xx,
    };
  };
  const atLeast = 2 * CONNECTIONS;
  const pacedAmount = Math.max(atLeast, Math.round(Math.min(PACE * CONNECTIONS, capacity) * DURATION));
  if (MODES.has("spread")) result.spread = await runOnce(pacedAmount, PACE, true);
  if (MODES.has("paced")) result.paced = await runOnce(pacedAmount, PACE);
  if (MODES.has("flat")) result.flat = await runOnce(Math.max(atLeast, Math.round(capacity * DURATION)), undefined);
  if (server.errors.length > errorsBefore) log(`  ${server.errors.length - errorsBefore} errors logged by the app, last: ${server.errors[server.errors.length - 1].slice(0, 1000)} (all in ${SERVER_LOG})`);
  result.status = [result.spread?.statuses, result.paced?.statuses, result.flat?.statuses].filter(Boolean).join(", ");
  return result;
}

// ── Task writes while the dashboard is read ───────────────────────────────

type WriteStats = { writes: number; failed: number; writeMs: [number, number]; probes: number; fresh: number; ageMs: [number, number, number] };

/** Open tasks of 2025 and a staff member of each one's lead unit (who may report its progress). */
async function writableTasks(db: mysql.Connection) {
  const [rows] = (await db.query(
    `SELECT t.id, (SELECT u.username FROM users u WHERE u.unit_id = t.lead_unit_id AND u.roles = 'staff' AND u.active ORDER BY u.id LIMIT 1) username
     FROM tasks t WHERE t.assigned_on BETWEEN '2025-01-01' AND '2025-12-31' AND t.state IN ('assigned', 'in_progress') ORDER BY t.id LIMIT 200`,
  )) as unknown as [{ id: number; username: string | null }[]];
  return rows.filter((r) => r.username).slice(0, 40) as { id: number; username: string }[];
}

/**
 * Unit staff posting progress reports through the app (each one moves the
 * tasks write group, so every cached dashboard is recounted), and once a
 * second a leader's look at the city dashboard's data: are its numbers the
 * current ones, and how old are they.
 */
async function startWriter(base: string, tasks: { id: number; username: string }[], perSecond: number, dashboardPath: string, leaderCookie: string) {
  const cookieOf = new Map<string, string>();
  for (const t of tasks) if (!cookieOf.has(t.username)) cookieOf.set(t.username, await signIn(base, t.username));
  const writeMs: number[] = [];
  const ages: number[] = [];
  let failed = 0;
  let fresh = 0;
  let n = 0;
  const inFlight = new Set<Promise<unknown>>();
  const write = async () => {
    const task = tasks[n % tasks.length];
    const progress = String(10 + (n++ % 80));
    const t = Date.now();
    const res = await fetch(`${base}/tasks/${task.id}?_data=${encodeURIComponent("routes/tasks.$id")}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: base, cookie: cookieOf.get(task.username)! },
      body: new URLSearchParams({ intent: "progress", progress, note: `Báo cáo tiến độ lần ${n}: đã triển khai ${progress}% khối lượng công việc.` }),
    }).catch(() => null);
    const ok = res?.ok && ((await res.json().catch(() => null)) as { ok?: boolean } | null)?.ok === true;
    if (ok) writeMs.push(Date.now() - t);
    else failed++;
  };
  const look = async () => {
    const res = await fetch(base + dashboardPath, { headers: { cookie: leaderCookie } }).catch(() => null);
    const body = res?.ok ? ((await res.json().catch(() => null)) as { report?: { fresh: boolean; computedAt: string } } | null) : null;
    if (!body?.report) return;
    if (body.report.fresh) fresh++;
    ages.push(Math.max(0, Date.now() - Date.parse(body.report.computedAt)));
  };
  const track = (p: Promise<unknown>) => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const writes = setInterval(() => track(write()), 1000 / perSecond);
  const looks = setInterval(() => track(look()), 1000);
  return async (): Promise<WriteStats> => {
    clearInterval(writes);
    clearInterval(looks);
    await Promise.all(inFlight);
    const w = [...writeMs].sort((a, b) => a - b);
    const a = [...ages].sort((x, y) => x - y);
    return { writes: writeMs.length, failed, writeMs: [quantile(w, 0.5), quantile(w, 0.95)], probes: ages.length, fresh, ageMs: [quantile(a, 0.5), quantile(a, 0.95), a[a.length - 1] ?? NaN] };
  };
}

// ── Aggregation: the report service against hand-written SQL ──────────────

type Codes = "done_on_time" | "done_late" | "done_no_deadline" | "open_on_time" | "open_overdue" | "no_deadline";
const CODES: Codes[] = ["done_on_time", "done_late", "done_no_deadline", "open_on_time", "open_overdue", "no_deadline"];
type Counts = Record<Codes, number>;
type Scope = { label: string; query: Record<string, string> };
type AggRow = { label: string; tasks: number; service: number; aggregation: number; sql: number; identical: string };

const ymd = (d: Date) => d.toISOString().slice(0, 10);
const hanoiToday = () => ymd(new Date(Date.now() + 7 * 3600_000));

/** The period of a query string, worked out here (not with the app's resolvePeriod): first and last assignment day, and the day statuses are counted at. */
function period(q: Record<string, string>) {
  const y = Number(q.year);
  let from: string, to: string;
  if (q.period === "quarter") {
    const qu = Number(q.quarter);
    from = `${y}-${String(qu * 3 - 2).padStart(2, "0")}-01`;
    to = ymd(new Date(Date.UTC(y, qu * 3, 0)));
  } else if (q.period === "month") {
    const m = Number(q.month);
    from = `${y}-${String(m).padStart(2, "0")}-01`;
    to = ymd(new Date(Date.UTC(y, m, 0)));
  } else {
    from = `${y}-01-01`;
    to = `${y}-12-31`;
  }
  const today = hanoiToday();
  return { from, to, asOf: to < today ? to : today };
}

/**
 * Hand-written SQL for the dashboard's numbers: the six status words as of the
 * report day, per lead unit, with the scope's totals as the ROLLUP row. Unit
 * scope with sub-units walks units.parent_id with a recursive CTE.
 */
async function handWritten(db: mysql.Connection, q: Record<string, string>) {
  const p = period(q);
  const params: unknown[] = [];
  let scopeSql = "";
  let cte = "";
  if (q.scope === "unit") {
    if (q.subunits === "1") {
      cte = "WITH RECURSIVE sub (id) AS (SELECT id FROM units WHERE id = ? UNION ALL SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id) ";
      params.push(Number(q.unitId));
      scopeSql = " AND lead_unit_id IN (SELECT id FROM sub)";
    } else {
      scopeSql = " AND lead_unit_id = ?";
    }
  } else if (q.scope === "body") scopeSql = " AND body_id = ?";
  else if (q.scope === "directive") scopeSql = " AND directive_id = ?";
  const scopeParam = q.scope === "unit" ? (q.subunits === "1" ? [] : [Number(q.unitId)]) : q.scope === "body" ? [Number(q.bodyId)] : q.scope === "directive" ? [Number(q.directiveId)] : [];
  const sql = `${cte}SELECT lead_unit_id,
      SUM(deadline IS NOT NULL AND done AND completed_on <= deadline) done_on_time,
      SUM(deadline IS NOT NULL AND done AND completed_on > deadline) done_late,
      SUM(deadline IS NULL AND done) done_no_deadline,
      SUM(deadline IS NOT NULL AND NOT done AND deadline >= ?) open_on_time,
      SUM(deadline IS NOT NULL AND NOT done AND deadline < ?) open_overdue,
      SUM(deadline IS NULL AND NOT done) no_deadline
    FROM (SELECT lead_unit_id, deadline, completed_on, (state = 'completed' AND completed_on <= ?) AS done
          FROM tasks WHERE assigned_on BETWEEN ? AND ? AND state <> 'cancelled'${scopeSql}) t
    GROUP BY lead_unit_id WITH ROLLUP`;
  const [rows] = (await db.query(sql, [...params, p.asOf, p.asOf, p.asOf, p.from, p.to, ...scopeParam])) as unknown as [Array<Record<string, unknown>>];
  const units = new Map<number, Counts>();
  let total: Counts | null = null;
  for (const r of rows) {
    const c = Object.fromEntries(CODES.map((k) => [k, Number(r[k] ?? 0)])) as Counts;
    if (r.lead_unit_id == null) total = c;
    else units.set(Number(r.lead_unit_id), c);
  }
  return { total: total ?? (Object.fromEntries(CODES.map((k) => [k, 0])) as Counts), units };
}

async function aggregation(db: mysql.Connection, scopes: Scope[]): Promise<{ rows: AggRow[]; note: string }> {
  process.env.DATABASE_URL = DATABASE_URL;
  process.env.REPORT_CACHE_MS = "0"; // every call computes (the cache would answer from memory)
  process.env.LOG_LEVEL = "silent";
  const servicePath = path.join(ROOT, "app/services/reports.server.ts");
  if (!fs.existsSync(servicePath)) return { rows: [], note: "app/services/reports.server.ts does not exist yet" };
  const reports = (await import(servicePath)) as typeof import("../../../app/services/reports.server");
  const { reportQuerySchema, resolvePeriod } = (await import(path.join(ROOT, "app/schemas/report.ts"))) as typeof import("../../../app/schemas/report");
  const { getDb, closeDb } = (await import(path.join(ROOT, "models/index.ts"))) as typeof import("../../../models");
  const [[leader]] = (await db.query("SELECT u.id, u.username, u.full_name, u.title, u.unit_id, n.name unit FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = 'chutich'")) as unknown as [[{ id: number; username: string; full_name: string; title: string; unit_id: number; unit: string }]];
  const actor = { id: leader.id, username: leader.username, fullName: leader.full_name, title: leader.title, unitId: leader.unit_id, unitName: leader.unit, roles: ["leader", "member"] as ("leader" | "member")[], locale: "vi" as const };
  const sequelize = getDb().sequelize;
  const out: AggRow[] = [];
  for (const scope of scopes) {
    const q = reportQuerySchema.parse(scope.query);
    const per = resolvePeriod(q);
    // What the dashboard shows (the whole service call), its aggregation alone (the grouped scan summed up), and hand-written SQL.
    const service = async () => reports.taskReportFor(actor, q);
    const aggregate = async () => {
      const rows = await reports.groupedTaskCounts(sequelize, q, per);
      const units = new Map<number, Counts>();
      const total = Object.fromEntries(CODES.map((k) => [k, 0])) as Counts;
      for (const r of rows) {
        const id = Number(r.unit_id);
        const c = units.get(id) ?? (Object.fromEntries(CODES.map((k) => [k, 0])) as Counts);
        c[r.status as Codes] += Number(r.n);
        total[r.status as Codes] += Number(r.n);
        units.set(id, c);
      }
      return { total, units };
    };
    const hand = () => handWritten(db, scope.query);
    // Correctness first: the same numbers, totals and per lead unit.
    const [s, a, h] = [await service(), await aggregate(), await hand()];
    const diffs: string[] = [];
    for (const k of CODES) {
      if (s.totals[k] !== h.total[k]) diffs.push(`total ${k}: service ${s.totals[k]} ≠ SQL ${h.total[k]}`);
      if (a.total[k] !== h.total[k]) diffs.push(`grouped ${k}: ${a.total[k]} ≠ SQL ${h.total[k]}`);
    }
    const ids = new Set([...a.units.keys(), ...h.units.keys()]);
    let unitDiffs = 0;
    for (const id of ids) {
      const x = a.units.get(id);
      const y = h.units.get(id);
      if (!x || !y || CODES.some((k) => x[k] !== y[k])) unitDiffs++;
    }
    if (unitDiffs) diffs.push(`${unitDiffs} of ${ids.size} lead units differ`);
    // Then time: interleaved, order rotated every round, medians.
    const times: Record<"service" | "aggregation" | "sql", number[]> = { service: [], aggregation: [], sql: [] };
    const fns: Array<["service" | "aggregation" | "sql", () => Promise<unknown>]> = [["service", service], ["aggregation", aggregate], ["sql", hand]];
    for (let r = 0; r < RUNS; r++) {
      for (let k = 0; k < fns.length; k++) {
        const [name, fn] = fns[(k + r) % fns.length];
        const t0 = process.hrtime.bigint();
        await fn();
        times[name].push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }
    const total = CODES.reduce((n, k) => n + h.total[k], 0);
    out.push({ label: scope.label, tasks: total, service: median(times.service), aggregation: median(times.aggregation), sql: median(times.sql), identical: diffs.length ? `✗ ${diffs.slice(0, 3).join("; ")}` : `✓ (${ids.size} lead units)` });
    log(`aggregation ${scope.label}: service ${fmt(median(times.service))} ms, grouped scan ${fmt(median(times.aggregation))} ms, SQL ${fmt(median(times.sql))} ms ${diffs.length ? "DIFFERENT: " + diffs.join("; ") : "identical"}`);
  }
  await closeDb();
  return { rows: out, note: "" };
}

// ── Main ───────────────────────────────────────────────────────────────────

/** The buffer pool size found before --buffer-pool changed it; put back on every way out (shared server). */
let restoreBufferPool: number | null = null;
async function restorePool() {
  if (!restoreBufferPool) return;
  const size = restoreBufferPool;
  restoreBufferPool = null;
  const c = await dbConnection();
  await c.query(`SET GLOBAL innodb_buffer_pool_size = ${size}`);
  await c.end();
  log(`innodb_buffer_pool_size restored to ${Math.round(size / 1048576)} MB`);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    restorePool().finally(() => process.exit(130));
  });
}

function describe(r: Result) {
  const run = (name: string, x: Run | null) => (x ? `${name} ${x.requests} req in ${x.seconds.toFixed(0)} s, ${fmt(x.rps)} req/s, server p50/p95/p99 ${x.server.map(fmt).join("/")} ms (client p95 ${fmt(x.client[1])})` : "");
  return `${r.label}: ${r.status}; alone ${r.alone ? `${fmt(r.alone[0])} ms (max ${fmt(r.alone[1])})` : "–"}; ${[run("spread", r.spread), run("paced", r.paced), run("flat", r.flat)].filter(Boolean).join("; ")}`;
}

async function main() {
  const t0 = Date.now();
  const loadAtStart = os.loadavg().map((x) => x.toFixed(1)).join(" ");
  const db = await dbConnection();
  if (BUFFER_POOL_MB) {
    const [[before]] = (await db.query("SELECT @@innodb_buffer_pool_size bp")) as unknown as [[{ bp: number | string }]];
    if (!(Number(before.bp) > 0)) throw new Error(`cannot read innodb_buffer_pool_size (${JSON.stringify(before)})`);
    if (Math.round(Number(before.bp) / 1048576) !== BUFFER_POOL_MB) {
      restoreBufferPool = Number(before.bp);
      log(`innodb_buffer_pool_size ${Math.round(restoreBufferPool / 1048576)} MB → ${BUFFER_POOL_MB} MB for this run (restored at the end)`);
      await db.query(`SET GLOBAL innodb_buffer_pool_size = ${BUFFER_POOL_MB * 1048576}`);
      // The resize runs in the background: wait until the size is the new one and the status says done.
      for (let i = 0; i < 240; i++) {
        await new Promise((r) => setTimeout(r, 500));
        const [[row]] = (await db.query("SELECT @@innodb_buffer_pool_size bp")) as unknown as [[{ bp: number }]];
        const [[st]] = (await db.query("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'")) as unknown as [[{ Value: string } | undefined]];
        if (Number(row.bp) === BUFFER_POOL_MB * 1048576 && (!st?.Value || /complet/i.test(st.Value))) break;
      }
    }
  }
  if (arg("no-prewarm") === undefined) {
    // A running server has its working set in the buffer pool: read every index of the tables the pages use once
    // (the FULLTEXT index warms with the first searches), so the first endpoint does not measure the disk.
    const w0 = Date.now();
    const [idx] = (await db.query(
      "SELECT DISTINCT TABLE_NAME t, INDEX_NAME i FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() AND INDEX_TYPE = 'BTREE' AND TABLE_NAME IN ('tasks','task_reports','task_coordinators','units','users','directives','meetings','bodies','body_memberships','invitations','minutes','search_entries','sessions')",
    )) as unknown as [Array<{ t: string; i: string }>];
    for (const { t, i } of idx) await db.query(`SELECT COUNT(*) FROM \`${t}\` FORCE INDEX (\`${i}\`)`);
    log(`buffer pool pre-warmed: ${idx.length} indexes read in ${((Date.now() - w0) / 1000).toFixed(0)} s`);
  }
  const f = await facts(db);
  if (f.counts.tasks < 100_000) log(`warning: only ${f.counts.tasks} tasks — run \`npm run seed:scale\` first`);
  log(`MariaDB ${f.version}, buffer pool ${f.bufferPoolMb} MB; ${f.counts.tasks.toLocaleString("en")} tasks, ${f.counts.task_reports.toLocaleString("en")} reports`);
  const who = await people(db);
  const ids = await scopeIds(db);

  const endpoints: Endpoint[] = [];
  if (ONLY.has("tasks")) {
    for (const [label, p] of [
      ["task list, all", "/tasks?scope=all"],
      ["task list, unit", "/tasks?scope=unit"],
      ["task list, mine", "/tasks?scope=mine"],
      ["task list, all, open overdue", "/tasks?scope=all&status=open_overdue"],
      ["task list, all, page 3", "/tasks?scope=all&page=3"],
    ]) endpoints.push({ group: "tasks", label, path: p, pool: "mixed" });
    if (WITH_DATA) endpoints.push({ group: "tasks", label: "task list, all (data)", path: "/tasks?scope=all&_data=routes%2Ftasks._index", pool: "mixed", data: true });
  }
  const dashboards: Array<[string, Record<string, string>]> = [
    ["city, year 2025", { period: "year", year: "2025" }],
    [`${ids.bigUnit.name} + sub-units, Q4/2026`, { period: "quarter", year: "2026", quarter: "4", scope: "unit", unitId: String(ids.bigUnit.id), subunits: "1" }],
    ...(ids.directiveId ? ([["directive 24-CT/TU, year 2023", { period: "year", year: "2023", scope: "directive", directiveId: String(ids.directiveId) }]] as Array<[string, Record<string, string>]>) : []),
    [`body ${ids.body.name}, year 2025`, { period: "year", year: "2025", scope: "body", bodyId: String(ids.body.id) }],
  ];
  if (ONLY.has("reports")) {
    for (const [label, q] of dashboards) endpoints.push({ group: "reports", label: `dashboard, ${label}`, path: `/reports?${new URLSearchParams(q)}`, pool: "dashboard" });
    if (WITH_DATA) endpoints.push({ group: "reports", label: `dashboard, ${dashboards[0][0]} (data)`, path: `/reports?${new URLSearchParams(dashboards[0][1])}&_data=routes%2Freports._index`, pool: "dashboard", data: true });
  }
  if (ONLY.has("search")) {
    for (const q of ["chi thi 24 ky cuong", "Kế hoạch chuyển đổi số", "dat dai"]) endpoints.push({ group: "search", label: `search “${q}”`, path: `/search?${new URLSearchParams({ q })}`, pool: "mixed" });
    const searchRoute = fs.readdirSync(path.join(ROOT, "app/routes")).find((f) => /^search(\._index)?\.tsx?$/.test(f));
    if (WITH_DATA && searchRoute) endpoints.push({ group: "search", label: "search “dat dai” (data)", path: `/search?q=dat+dai&_data=${encodeURIComponent(`routes/${searchRoute.replace(/\.tsx?$/, "")}`)}`, pool: "mixed", data: true });
  }

  const results: Result[] = [];
  const cachedResults: Result[] = [];
  let writeStats: WriteStats | null = null;
  const peopleUsed = [...new Map([...who.mixed, ...who.dashboard].map((p) => [p.username, p])).values()];
  if (endpoints.length) {
    if (arg("no-build") === undefined) {
      log("npx remix build …");
      const b = spawnSync("npx", ["remix", "build"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_ENV: "production" } });
      if (b.status !== 0) throw new Error(`remix build failed\n${b.stdout}\n${b.stderr}`);
    }
    let server = await startServer({ REPORT_CACHE_MS: "0" });
    const base = `http://127.0.0.1:${server.port}`;
    log(`server on ${base} (NODE_ENV=production, JOBS=0, REPORT_CACHE_MS=0)`);
    const cookieOf = new Map<string, string>();
    for (const p of peopleUsed) cookieOf.set(p.username, await signIn(base, p.username));
    const cookies = { mixed: who.mixed.map((p) => cookieOf.get(p.username)!), dashboard: who.dashboard.map((p) => cookieOf.get(p.username)!) };
    log(`signed in ${cookieOf.size} users`);
    try {
      // One pass over every endpoint first, each user once: the buffer pool (just resized) and the app's caches start warm for the first endpoint too.
      const w0 = Date.now();
      for (const ep of endpoints) await load(base, ep.path, cookies[ep.pool], CONNECTIONS, undefined);
      log(`warm-up pass over ${endpoints.length} endpoints in ${((Date.now() - w0) / 1000).toFixed(0)} s`);
      for (const ep of endpoints) {
        const r = await measure(server, ep, cookies);
        results.push(r);
        log(describe(r));
      }
    } finally {
      await server.stop();
    }
    if (WITH_CACHED && ONLY.has("reports")) {
      // Sessions live in the database, so the same cookies work on the restarted server.
      server = await startServer({});
      log("server restarted with the report cache on (REPORT_CACHE_MS default)");
      try {
        for (const ep of endpoints.filter((e) => e.group === "reports" && !e.data)) {
          const r = await measure(server, { ...ep, label: `${ep.label} (cache on)` }, cookies);
          cachedResults.push(r);
          log(describe(r));
        }
      } finally {
        await server.stop();
      }
      if (WRITES > 0) {
        const tasks = await writableTasks(db);
        server = await startServer({});
        const wbase = `http://127.0.0.1:${server.port}`;
        const cityData = `${endpoints.find((e) => e.group === "reports")!.path}&_data=routes%2Freports._index`;
        log(`server restarted, cache on, ${WRITES} progress reports/s by ${new Set(tasks.map((t) => t.username)).size} unit staff on ${tasks.length} tasks`);
        const stop = await startWriter(wbase, tasks, WRITES, cityData, cookies.dashboard[0]);
        try {
          for (const ep of endpoints.filter((e) => e.group === "reports" && !e.data)) {
            const r = await measure(server, { ...ep, label: `${ep.label} (cache on, ${WRITES} writes/s)` }, cookies);
            cachedResults.push(r);
            log(describe(r));
          }
        } finally {
          writeStats = await stop();
          await server.stop();
        }
        log(`writes: ${JSON.stringify(writeStats)}`);
      }
    }
  }

  let agg: { rows: AggRow[]; note: string } = { rows: [], note: "" };
  if (ONLY.has("aggregation")) agg = await aggregation(db, dashboards.map(([label, query]) => ({ label, query })));

  await restorePool();
  await db.end();

  // ── Report ──
  const commit = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).stdout.trim();
  const dirty = spawnSync("git", ["status", "--porcelain", "--", "app", "models", "migrations", "server.ts"], { cwd: ROOT, encoding: "utf8" }).stdout.trim() ? " + uncommitted changes in app/" : "";
  const cpu = os.cpus()[0]?.model ?? "?";
  const lines: string[] = [];
  lines.push(`### Run ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`);
  lines.push("");
  lines.push(`- Machine: ${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}; MariaDB ${f.version}, innodb_buffer_pool_size ${f.bufferPoolMb} MB${BUFFER_POOL_MB ? " (set for this run with --buffer-pool, restored after)" : ""}; load average at the start ${loadAtStart}, at the end ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}.`);
  lines.push(`- Code: ${commit}${dirty}. Command: \`npx tsx tests/bench/scale/run.ts ${argv.join(" ")}\`.`);
  lines.push(`- Data (\`npm run seed:scale\`${SEED_TIME ? `, seeded in ${SEED_TIME}` : ""}): ${Object.entries(f.counts).map(([t, c]) => `${t} ${c.toLocaleString("en")}`).join(", ")}.`);
  if (results.length) {
    lines.push(`- Load: autocannon, ${CONNECTIONS} signed-in users (one connection and session cookie each), one endpoint at a time. First a warm-up pass: one request per user on every endpoint. Then per endpoint: a warm-up of one request per user at once, then three runs of ~${DURATION} s. **Spread**: every user ${PACE} request/s (${PACE * CONNECTIONS} req/s offered, or what the server manages if less), users started 1/${PACE * CONNECTIONS} s apart, so requests arrive spread over each second as independent users' clicks do. **Lockstep**: the same rate with autocannon's own connectionRate, which fires every user's request at the same instant each second (a burst of ${CONNECTIONS}: the worst case for the same load). **Flat out**: closed loop, no pause (throughput). Every run sends a fixed number of requests and waits for all of them (none left in flight for the next endpoint). The 200 ms criterion is read on the spread run's server p95 and shown for the lockstep run too. "alone" = median server time of 10 requests one after another by the pool's first user (${who.mixed[0]?.username} for lists and search, ${who.dashboard[0]?.username} for the dashboard): the cost of one request without queueing. App started with NODE_ENV=production, JOBS=0, REPORT_CACHE_MS=0 (every dashboard request computes) unless marked "cache on". HTML document requests unless marked "(data)" (\`?_data=routes/…\`, the loader's JSON). "server" is the app's own access log (\`ms\` from Express receiving the request to the end of the response); autocannon, the app and MariaDB share this machine's 2 cores. The app sends no Server-Timing header${results.some((r) => r.serverTiming) ? " (but one was seen: " + results.find((r) => r.serverTiming)!.serverTiming + ")" : ""}.`);
    lines.push(`- Users: task lists and search — ${who.mixed.map((p) => `${p.username} (${p.kind})`).join(", ")}; dashboard — ${who.dashboard.length} users, ${who.dashboard.filter((p) => p.kind === "secretariat").length} secretariat and ${who.dashboard.filter((p) => p.kind === "leader").length} leaders (staff get 403 there).`);
    lines.push("");
    lines.push("| endpoint | request | status | alone p50 (ms) | spread req/s | spread server p50 / p95 / p99 (ms) | p95 < 200 ms | lockstep server p50 / p95 / p99 (ms) | lockstep p95 < 200 ms | flat-out req/s | flat-out server p50 / p95 / p99 (ms) | response KB |");
    lines.push("| --- | --- | --- | ---: | ---: | ---: | :---: | ---: | :---: | ---: | ---: | ---: |");
    const cell = (x: number[] | undefined) => (x ? x.map(fmt).join(" / ") : "–");
    const pass = (x: Run | null) => (x && Number.isFinite(x.server[1]) ? (x.server[1] < 200 ? "✓" : "✗") : "–");
    for (const r of [...results, ...cachedResults]) {
      const errors = (r.spread?.errors ?? 0) + (r.paced?.errors ?? 0) + (r.flat?.errors ?? 0);
      lines.push(`| ${r.label} | \`${decodeURIComponent(r.path)}\` | ${r.status}${errors ? ` (${errors} not 2xx/failed)` : ""} | ${r.alone ? fmt(r.alone[0]) : "–"} | ${r.spread ? fmt(r.spread.rps) : "–"} | ${cell(r.spread?.server)} | ${pass(r.spread)} | ${cell(r.paced?.server)} | ${pass(r.paced)} | ${r.flat ? fmt(r.flat.rps) : "–"} | ${cell(r.flat?.server)} | ${fmt(r.bytes / 1024)} |`);
    }
  }
  if (writeStats) {
    const w = writeStats;
    lines.push("");
    lines.push(`Rows "(cache on, ${WRITES} writes/s)": while they ran, unit staff posted ${w.writes} progress reports through the app (\`POST /tasks/:id\`, intent progress; p50 ${fmt(w.writeMs[0])} ms, p95 ${fmt(w.writeMs[1])} ms round trip; ${w.failed} failed), each one dropping every cached dashboard, which the page then recounts in the background while it shows the last numbers if the current ones take more than REPORT_FRESH_WAIT_MS (150 ms; decision 011). A leader looked at the city dashboard's data once a second: ${w.fresh} of ${w.probes} answers were the current numbers; the numbers shown were p50 ${fmt(w.ageMs[0] / 1000)} s, p95 ${fmt(w.ageMs[1] / 1000)} s, at most ${fmt(w.ageMs[2] / 1000)} s old.`);
  }
  if (ONLY.has("aggregation")) {
    lines.push("");
    if (agg.note) lines.push(`Aggregation vs hand-written SQL: not measured — ${agg.note}.`);
    else {
      lines.push(`Aggregation vs hand-written SQL, in-process, median of ${RUNS} interleaved runs each (order rotated every round), actor chutich (leader), REPORT_CACHE_MS=0. "service" = \`taskReportFor\` (the whole dashboard: grouped scan, ranking, trend, overdue list, meetings held); "grouped scan" = \`groupedTaskCounts\` summed to totals and per lead unit; "SQL" = one hand-written \`GROUP BY lead_unit_id WITH ROLLUP\` over the same tasks (six status counts as of the report day; unit scope through a recursive CTE on units.parent_id), run on a plain mysql2 connection. Numbers checked first: totals of all three and per-lead-unit counts of the grouped scan against the SQL.`);
      lines.push("");
      lines.push("| scope | tasks | service (ms) | grouped scan (ms) | hand SQL (ms) | grouped ÷ SQL | service ÷ SQL | same numbers |");
      lines.push("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
      for (const r of agg.rows) lines.push(`| ${r.label} | ${r.tasks.toLocaleString("en")} | ${fmt(r.service)} | ${fmt(r.aggregation)} | ${fmt(r.sql)} | ${(r.aggregation / r.sql).toFixed(2)}× | ${(r.service / r.sql).toFixed(2)}× | ${r.identical} |`);
    }
  }
  lines.push("");
  lines.push(`Bench time ${Math.round((Date.now() - t0) / 1000)} s.`);
  const table = lines.join("\n");
  console.log("\n" + table + "\n");
  if (APPEND) {
    const file = path.join(ROOT, "tests/bench/RESULTS.md");
    const current = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "# Benchmark results\n";
    const header = "## City scale (seed:scale)";
    const intro = `\n\n${header}\n\nHow to run and what is measured: \`tests/bench/scale/README.md\`. Every run, newest last.\n`;
    fs.appendFileSync(file, `${current.includes(header) ? "" : intro}\n${table}\n`);
    log(`appended to ${path.relative(ROOT, file)}`);
  }
}

main().catch(async (e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  await restorePool().catch((err) => console.error(`could not restore innodb_buffer_pool_size: ${err}`));
  process.exit(1);
});
