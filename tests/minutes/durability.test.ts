import { execFileSync } from "node:child_process";
import path from "node:path";
import { closeDb, getDb } from "../../models";
import { spawnAppServer, startChildServer } from "../helpers/child-server";
import { signInAs } from "../helpers/server";
import { createMeeting } from "../factories";
import { fragmentText, openMinutes, textOfState, typeParagraph, waitFor } from "./helpers";

/**
 * The text of a meeting's stored minutes, read fresh from the database: the
 * Yjs state (what is kept and reloaded); the HTML snapshot may lag up to 30 s
 * behind while typing goes on (decision 005).
 */
async function storedText(meetingId: number) {
  await closeDb(); // a fresh pool: the server process writes, we only read
  const row = await getDb().Minutes.findOne({ where: { meetingId } });
  return textOfState(row?.yjsState);
}

async function demoMeetingId() {
  const m = await getDb().Meeting.findOne({ where: { status: "convened", confidentiality: "normal" }, order: [["startsAt", "ASC"]] });
  return m!.id;
}

describe("minutes survive crashes and shutdowns", () => {
  test("after kill -9 mid-edit, reconnecting clients resync and no edit is lost", async () => {
    // A long debounce: nothing typed is stored before the crash.
    const slow = { COLLAB_DEBOUNCE_MS: "60000", COLLAB_MAX_DEBOUNCE_MS: "60000" };
    let server = await startChildServer(slow);
    const meetingId = await demoMeetingId();
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const a = await openMinutes(server.baseUrl, cookie, meetingId, { reconnect: true });
    const b = await openMinutes(server.baseUrl, cookie, meetingId, { reconnect: true });
    try {
      typeParagraph(a.doc, "Ý kiến A trước sự cố");
      typeParagraph(b.doc, "Ý kiến B trước sự cố");
      await waitFor(() => fragmentText(a.doc).includes("Ý kiến B trước sự cố") && fragmentText(b.doc).includes("Ý kiến A trước sự cố"), 8000, "both edits live");
      expect(await storedText(meetingId)).not.toContain("trước sự cố");

      await server.crash();
      typeParagraph(a.doc, "Ý kiến A khi mất kết nối"); // typed while the server is down
      server = await spawnAppServer({ port: server.port, env: { COLLAB_DEBOUNCE_MS: "200", COLLAB_MAX_DEBOUNCE_MS: "1000" } });

      const all = ["Ý kiến A trước sự cố", "Ý kiến B trước sự cố", "Ý kiến A khi mất kết nối"];
      await waitFor(() => all.every((t) => fragmentText(a.doc).includes(t) && fragmentText(b.doc).includes(t)), 20000, "clients to converge after restart");
      await waitFor(async () => {
        const text = await storedText(meetingId);
        return all.every((t) => text.includes(t));
      }, 20000, "the restarted server to store every edit").catch((e) => {
        console.log(server.output());
        throw e;
      });
      // One template, not two, after the reload.
      expect((await storedText(meetingId)).match(/BIÊN BẢN/g)).toHaveLength(1);
    } finally {
      a.close();
      b.close();
      await server.stop();
    }
  }, 90_000);

  test("SIGTERM stores pending edits before the process exits", async () => {
    const server = await startChildServer({ COLLAB_DEBOUNCE_MS: "60000", COLLAB_MAX_DEBOUNCE_MS: "60000" });
    const meetingId = await demoMeetingId();
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const a = await openMinutes(server.baseUrl, cookie, meetingId);
    try {
      typeParagraph(a.doc, "Ghi chú trước khi dừng máy chủ");
      await new Promise((r) => setTimeout(r, 300)); // the update reaches the server
      expect(await storedText(meetingId)).not.toContain("Ghi chú trước khi dừng máy chủ");
    } finally {
      await server.stop(); // SIGTERM
      a.close();
    }
    expect(await storedText(meetingId)).toContain("Ghi chú trước khi dừng máy chủ");
  }, 60_000);

  test("40 new minutes opened at once are each created once, and SIGTERM stores all of them within a container's 10 s grace", async () => {
    const server = await startChildServer({ COLLAB_DEBOUNCE_MS: "60000", COLLAB_MAX_DEBOUNCE_MS: "60000" });
    const body = (await getDb().Body.findOne())!;
    const ids: number[] = [];
    for (let i = 0; i < 40; i++) ids.push((await createMeeting(getDb(), { bodyId: body.id, status: "convened" })).id);
    await closeDb();
    const cookie = await signInAs(server.baseUrl, "vanphong");
    const clients = await Promise.all(ids.map((id) => openMinutes(server.baseUrl, cookie, id)));
    let stopMs = 0;
    try {
      expect(clients.map((c) => c.status)).toEqual(ids.map(() => "synced"));
      clients.forEach((c, i) => typeParagraph(c.doc, `Ý kiến số ${i} trước khi dừng`));
      await new Promise((r) => setTimeout(r, 500)); // the updates reach the server
      const started = Date.now();
      await server.stop(); // SIGTERM; stop() kills -9 after 10 s, which would lose the edits
      stopMs = Date.now() - started;
    } finally {
      await server.stop();
      clients.forEach((c) => c.close());
    }
    expect(stopMs).toBeLessThan(10_000);
    for (const [i, id] of ids.entries()) {
      const text = await storedText(id);
      expect(text).toContain(`Ý kiến số ${i} trước khi dừng`);
      expect(text.match(/BIÊN BẢN/g)).toHaveLength(1);
    }
  }, 90_000);
});

describe("scale-out: two processes behind one Redis", () => {
  // Runs in its own Node process (see scale-out-check.ts): real app processes and the local Redis.
  test("clients on different processes converge, and rooms span both processes", async () => {
    await startChildServer().then((s) => s.stop()); // a fresh, migrated, seeded database for both processes
    const meetingId = await demoMeetingId();
    const item = await getDb().AgendaItem.findOne({ where: { meetingId } });
    await closeDb();
    const out = execFileSync(process.execPath, ["--import", "tsx", path.join(__dirname, "scale-out-check.ts"), String(meetingId), String(item!.id)], {
      cwd: path.resolve(__dirname, "../.."),
      env: process.env,
      timeout: 80_000,
      encoding: "utf8",
    });
    const result = JSON.parse(out.split("\n").find((l) => l.startsWith("RESULT "))!.slice(7));
    expect(result.error).toBeUndefined();
    expect(result.synced).toEqual(["synced", "synced"]);
    expect(result.converged).toBe(true);
    expect(result.crossProcessMs).toBeLessThan(5000);
    expect(result.joined).toEqual({ ok: true });
    expect(result.postStatus).toBe(200);
    expect(result.remoteEvent).toMatchObject({ meetingId, change: "agenda" });
  }, 90_000);
});
