/**
 * One Node process: Express serves the Remix request handler and socket.io on
 * the same HTTP server and port. This file imports nothing from app/, models/
 * or realtime/: it reaches them only through the Remix build
 * (build.entry.module), so the process holds one copy of every model, one
 * connection pool and one io (DESIGN.md §3).
 */
import http from "node:http";
import path from "node:path";
import v8 from "node:v8";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

type Entry = {
  bootstrap(opts: { httpServer: http.Server }): Promise<{ shutdown(): Promise<void> }>;
};

export async function startServer({ port = Number(process.env.PORT || 3000), host = process.env.HOST } = {}) {
  const buildPath = path.resolve(process.env.BUILD_PATH || "build/index.js");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(buildPath) as ServerBuild;
  const entry = build.entry.module as unknown as Entry;

  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy, req.protocol follows X-Forwarded-Proto so the
  // session cookie gets Secure when users arrive over HTTPS.
  app.set("trust proxy", process.env.TRUST_PROXY ?? "loopback");
  app.use(accessLog);
  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));
  app.use(sameOriginGuard);

  const httpServer = http.createServer(app);
  const runtime = await entry.bootstrap({ httpServer });

  app.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

  await new Promise<void>((resolve) => httpServer.listen(port, host, resolve));
  const address = httpServer.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  if (process.env.LOG_LEVEL !== "silent") {
    console.log(JSON.stringify({ level: 30, msg: `Phòng Họp Số đang chạy tại http://localhost:${actualPort}`, port: actualPort }));
  }

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      await runtime.shutdown();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      // Keep-alive sockets would otherwise hold the process open after SIGTERM.
      httpServer.closeIdleConnections();
      setTimeout(() => httpServer.closeAllConnections(), 2_000).unref();
      await closed;
    })());
  return { httpServer, port: actualPort, stop };
}

/** One JSON line per request (the app's own logs come from pino inside the build). */
function accessLog(req: express.Request, res: express.Response, next: express.NextFunction) {
  const level = process.env.LOG_LEVEL;
  if (level === "silent" || level === "warn" || level === "error" || req.path.startsWith("/build/")) return next();
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // The personal calendar feed's path is its secret: never log it.
    const path = req.path.replace(/^\/calendar\/[^/]+\.ics$/, "/calendar/[token].ics");
    console.log(JSON.stringify({ level: 30, time: Date.now(), msg: "request", method: req.method, path, status: res.statusCode, ms: Math.round(ms * 10) / 10 }));
  });
  next();
}

/**
 * State-changing requests must come from our own pages: a cross-site Origin
 * (or Referer, when a browser sends no Origin) is refused before Remix runs.
 */
function sameOriginGuard(req: express.Request, res: express.Response, next: express.NextFunction) {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const source = req.get("origin") || req.get("referer");
  if (!source) return next();
  let sourceHost: string;
  try {
    sourceHost = new URL(source).host;
  } catch {
    sourceHost = "";
  }
  if (sourceHost === req.get("host")) return next();
  res.status(403).type("text/plain; charset=utf-8").send("Yêu cầu bị từ chối: không cùng nguồn gốc (same-origin).");
}

/**
 * Process-wide settings of a server process (not of a test process that calls
 * startServer): they are run before the build is loaded.
 */
function tuneProcess() {
  // tsx turns source maps on; the build has none, so they only cost: Node would
  // parse and keep every dependency's map (with its sources, MBs of heap) and
  // format every stack through them (Sequelize takes a stack for each query).
  if (process.env.SOURCE_MAPS !== "1") process.setSourceMapsEnabled(false);
  // Live minutes are latency-bound: let the old generation grow to 3× its live
  // size between full collections. V8 chose ~1.3× for our ~60 MB heap, so while
  // 200 editors typed a mark-compact (ending in a 5–10 ms pause) came every ~12 s
  // (decision 005). HEAP_GROWING_PERCENT=0 leaves V8's own choice.
  const growing = Number(process.env.HEAP_GROWING_PERCENT ?? 200);
  if (Number.isInteger(growing) && growing > 0) v8.setFlagsFromString(`--heap-growing-percent=${growing}`);
  // V8's memory reducer is turned off on the command line (`npm start` runs
  // `tsx --no-memory-reducer server.ts`): its compacting collections paused live
  // editing 15–45 ms, and it cannot be stopped from here (decision 005).
}

if (require.main === module) {
  tuneProcess();
  startServer().then(({ stop }) => {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      });
    }
  }, (err) => {
    console.error(JSON.stringify({ level: 60, msg: "server failed to start", err: String(err?.stack || err) }));
    process.exit(1);
  });
}
