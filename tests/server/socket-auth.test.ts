import { getDb } from "../../models";
import { signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect } from "../helpers/socket";

describe("socket.io authentication", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("an anonymous socket is refused", async () => {
    const socket = connectSocket(server.baseUrl);
    await expect(waitForConnect(socket)).rejects.toThrow(/unauthorized/);
    socket.disconnect();
  });

  test("a forged or tampered cookie is refused", async () => {
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const [name, value] = cookie.split("=");
    for (const bad of [`${name}=${value.slice(0, -3)}xyz`, `${name}=abc`]) {
      const socket = connectSocket(server.baseUrl, bad);
      await expect(waitForConnect(socket)).rejects.toThrow(/unauthorized/);
      socket.disconnect();
    }
  });

  test("a signed-in socket joins user:{id} and its unit; other users' rooms are refused", async () => {
    const db = getDb();
    const me = await db.User.findOne({ where: { username: "chuyenvien" } });
    const other = await db.User.findOne({ where: { username: "badinh" } });
    const cookie = await signInAs(server.baseUrl, "chuyenvien");
    const socket = connectSocket(server.baseUrl, cookie);
    try {
      await waitForConnect(socket);
      const io = server.runtime.getIo() as { in(room: string): { fetchSockets(): Promise<unknown[]> } };
      expect(await io.in(`user:${me!.id}`).fetchSockets()).toHaveLength(1);
      expect(await io.in(`unit:${me!.unitId}`).fetchSockets()).toHaveLength(1);

      await expect(emitWithAck(socket, "room:join", { room: `user:${other!.id}` })).resolves.toMatchObject({ ok: false });
      await expect(emitWithAck(socket, "room:join", { room: `unit:${other!.unitId}` })).resolves.toMatchObject({ ok: false });
      await expect(emitWithAck(socket, "room:join", { room: "../../etc" })).resolves.toMatchObject({ ok: false, error: "Phòng không hợp lệ." });
      await expect(emitWithAck(socket, "room:join", null)).resolves.toMatchObject({ ok: false });
      expect(await io.in(`user:${other!.id}`).fetchSockets()).toHaveLength(0);
    } finally {
      socket.disconnect();
    }
  });

  test("a socket whose session was signed out can no longer connect", async () => {
    const cookie = await signInAs(server.baseUrl, "thanhvien");
    const db = getDb();
    const user = await db.User.findOne({ where: { username: "thanhvien" } });
    await db.Session.destroy({ where: { userId: user!.id } });
    const socket = connectSocket(server.baseUrl, cookie);
    await expect(waitForConnect(socket)).rejects.toThrow(/unauthorized/);
    socket.disconnect();
  });
});
