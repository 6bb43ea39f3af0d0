import fs from "node:fs";
import path from "node:path";
import { closeDb } from "../../models";
import { resetDatabase } from "./db";

/**
 * Starts the real server (server.ts + the Remix build, with socket.io on the
 * same port) on a free port against this worker's freshly migrated database.
 * `npm test` builds the app first; run `npx remix build` when using jest alone.
 */
export async function startTestServer(opts: { seedDemo?: boolean } = {}) {
  const buildFile = path.resolve(__dirname, "../../build/index.js");
  if (!fs.existsSync(buildFile)) throw new Error("build/index.js is missing: run `npx remix build` (npm test does it)");
  await resetDatabase();
  await closeDb();
  process.env.SEED_DEMO = opts.seedDemo === false ? "0" : "1";
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require("../../server") as typeof import("../../server");
  const server = await startServer({ port: 0, host: "127.0.0.1" });
  const baseUrl = `http://127.0.0.1:${server.port}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const build = require(buildFile) as { entry: { module: { runtime: { connectedSocketCount(): Promise<number>; getDb(): unknown; getIo(): unknown } } } };
  return { ...server, baseUrl, runtime: build.entry.module.runtime };
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** Signs in through the real /login form; returns the Cookie header to send. */
export async function signInAs(baseUrl: string, username: string, password = "Demo@2023"): Promise<string> {
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

export async function get(baseUrl: string, pathname: string, cookie?: string) {
  return fetch(baseUrl + pathname, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

export async function postForm(baseUrl: string, pathname: string, form: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x);
  return fetch(baseUrl + pathname, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: baseUrl, ...(cookie ? { Cookie: cookie } : {}) },
    body: body.toString(),
  });
}
