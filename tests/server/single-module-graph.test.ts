import fs from "node:fs";
import path from "node:path";
import { connectSocket, waitForConnect, waitForEvent } from "../helpers/socket";
import { postForm, signInAs, startTestServer, type TestServer } from "../helpers/server";

// DESIGN.md §3: the server must reach models/ and realtime/ only through the
// Remix build, so an emit from a service goes to the io the sockets are on.
describe("one process, one module graph", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("server.ts imports nothing from app/, models/ or realtime/", () => {
    const source = fs.readFileSync(path.resolve(__dirname, "../../server.ts"), "utf8");
    const imports = [...source.matchAll(/(?:from|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
    expect(imports.length).toBeGreaterThan(0);
    for (const spec of imports) expect(spec).not.toMatch(/^\.{1,2}\/(app|models|realtime)\b|^~\//);
  });

  test("a socket connected to the HTTP port is held by the build's io, and a service's emit reaches it", async () => {
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const socket = connectSocket(server.baseUrl, cookie);
    try {
      await waitForConnect(socket);
      expect(await server.runtime.connectedSocketCount()).toBe(1);
      // POST /notifications → notify service → realtime.emitAfterCommit → user:{id}
      const received = waitForEvent<{ ids: unknown }>(socket, "notification:read");
      const res = await postForm(server.baseUrl, "/notifications", {}, cookie);
      expect(res.status).toBeLessThan(400);
      await expect(received).resolves.toEqual({ ids: "all" });
    } finally {
      socket.disconnect();
    }
  });
});
