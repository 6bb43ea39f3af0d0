import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { closeDb } from "../../models";
import { resetDatabase } from "./db";
import { SERVE_NODE_FLAGS } from "./serve-flags";

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

/**
 * Runs the app exactly as `npm start` does (tsx with its flags, server.ts on the built app) in
 * a child process, against this worker's freshly migrated database.
 */
export async function startChildServer(extraEnv: Record<string, string> = {}) {
  await resetDatabase();
  await closeDb();
  return spawnAppServer({ env: extraEnv });
}

/** Starts `tsx server.ts` on the current database (no reset), e.g. again after a crash. */
export async function spawnAppServer({ port: wanted, env: extraEnv = {} }: { port?: number; env?: Record<string, string> } = {}) {
  const port = wanted ?? (await freePort());
  const root = path.resolve(__dirname, "../..");
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "test", SEED_DEMO: "1", LOG_LEVEL: "warn", ...extraEnv };
  const child: ChildProcess = // `node --import tsx` (not the tsx CLI, which runs the script in a grandchild):
  // kill -9 must hit the real server process.
  spawn(process.execPath, [...SERVE_NODE_FLAGS, "--import", "tsx", "server.ts"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/healthz`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start within 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    port,
    pid: child.pid!,
    /** kill -9: no shutdown hook runs, nothing is flushed */
    crash() {
      child.kill("SIGKILL");
      return new Promise((r) => child.once("exit", r));
    },
    output: () => output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
