import { getDb } from "../../models";
import { signInAs, startTestServer, type TestServer } from "../helpers/server";
import { connectSocket, emitWithAck, waitForConnect } from "../helpers/socket";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { MAX_BATCH, MESSAGE_SYNC } from "../../app/lib/minutes/wire";
import { MINUTES_FIELD } from "../../app/lib/minutes/extensions";
import { fragmentText, openMinutes, textOfState, typeParagraph, waitFor } from "./helpers";

/** The text of the stored Yjs state (what a reconnecting client would load). */
async function storedStateText(meetingId: number) {
  return textOfState((await getDb().Minutes.findOne({ where: { meetingId } }))?.yjsState);
}

describe("live minutes over socket.io", () => {
  let server: TestServer;
  let meetingId: number;
  let restrictedId: number;
  const cookies: Record<string, string> = {};
  beforeAll(async () => {
    process.env.COLLAB_DEBOUNCE_MS = "200";
    process.env.COLLAB_MAX_DEBOUNCE_MS = "1000";
    server = await startTestServer();
    const db = getDb();
    meetingId = (await db.Meeting.findOne({ where: { status: "convened", confidentiality: "normal" }, order: [["startsAt", "ASC"]] }))!.id;
    restrictedId = (await db.Meeting.findOne({ where: { confidentiality: "restricted", status: "convened" } }))!.id;
    for (const u of ["vanphong", "thanhvien", "chuyenvien", "chutich"]) cookies[u] = await signInAs(server.baseUrl, u);
  });
  afterAll(async () => {
    await server?.stop();
  });

  test("several people opening new minutes at once get ONE template", async () => {
    const clients = await Promise.all(["vanphong", "thanhvien", "chutich", "vanphong"].map((u) => openMinutes(server.baseUrl, cookies[u], meetingId)));
    try {
      for (const c of clients) expect(c.status).toBe("synced");
      for (const c of clients) {
        const text = fragmentText(c.doc);
        expect(text.match(/BIÊN BẢN/g)).toHaveLength(1);
        expect(text).toContain("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        expect(text).toContain("KẾT LUẬN CỦA CHỦ TRÌ");
      }
      const row = await getDb().Minutes.findOne({ where: { meetingId } });
      expect(row!.templateApplied).toBe(true);
      expect((row!.html ?? "").match(/BIÊN BẢN/g)).toHaveLength(1);
    } finally {
      clients.forEach((c) => c.close());
    }
  });

  test("the secretary's edits reach a reader live; the reader's edits are refused", async () => {
    const writer = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    const reader = await openMinutes(server.baseUrl, cookies.thanhvien, meetingId);
    try {
      expect(writer.provider.readOnly).toBe(false);
      expect(reader.provider.readOnly).toBe(true);
      typeParagraph(writer.doc, "Đồng chí Chủ tịch kết luận: giao Sở Nội vụ chủ trì.");
      await waitFor(() => fragmentText(reader.doc).includes("giao Sở Nội vụ chủ trì"), 5000, "reader to see the edit");

      const refused = new Promise<{ message: string }>((resolve) => reader.socket.once("minutes:readonly", resolve));
      typeParagraph(reader.doc, "Sửa trái phép");
      await expect(refused).resolves.toMatchObject({ message: expect.stringContaining("chỉ có quyền xem") });
      await new Promise((r) => setTimeout(r, 300));
      expect(fragmentText(writer.doc)).not.toContain("Sửa trái phép");
    } finally {
      writer.close();
      reader.close();
    }
  });

  test("a reader rejoining minutes with deletions is not told its sync was refused; a deletion of its own is", async () => {
    const writer = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    const reader = await openMinutes(server.baseUrl, cookies.thanhvien, meetingId);
    try {
      typeParagraph(writer.doc, "Đoạn sẽ bị xóa");
      const fragment = writer.doc.getXmlFragment("default");
      fragment.delete(fragment.length - 1, 1);
      await waitFor(() => !fragmentText(reader.doc).includes("Đoạn sẽ bị xóa") && reader.doc.store.clients.has(writer.doc.clientID), 5000, "reader to get the deletion");
      let refusals = 0;
      reader.socket.on("minutes:readonly", () => refusals++);
      // On rejoin the reader's sync step 2 carries the document's whole delete set, which the server already has.
      const synced = new Promise<void>((resolve) => {
        const off = reader.provider.on((p) => {
          if (p.status === "synced") {
            off();
            resolve();
          }
        });
      });
      reader.socket.disconnect();
      reader.socket.connect();
      await synced;
      await new Promise((r) => setTimeout(r, 300));
      expect(refusals).toBe(0);
      const refused = new Promise<{ message: string }>((resolve) => reader.socket.once("minutes:readonly", resolve));
      const readerFragment = reader.doc.getXmlFragment("default");
      readerFragment.delete(readerFragment.length - 1, 1);
      await expect(refused).resolves.toMatchObject({ message: expect.stringContaining("chỉ có quyền xem") });
    } finally {
      reader.close();
      writer.close();
    }
  });

  test("edits are stored while typing (debounced); the HTML snapshot for the read-only view follows when the editor leaves", async () => {
    const writer = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    try {
      typeParagraph(writer.doc, "Nội dung lưu tự động");
      await waitFor(async () => storedStateText(meetingId).then((t) => t.includes("Nội dung lưu tự động")), 5000, "the debounced store");
    } finally {
      writer.close();
    }
    await waitFor(async () => ((await getDb().Minutes.findOne({ where: { meetingId } }))?.html ?? "").includes("Nội dung lưu tự động"), 5000, "the snapshot");
    const row = await getDb().Minutes.findOne({ where: { meetingId } });
    expect(row!.text).toContain("Nội dung lưu tự động");
    expect(Buffer.isBuffer(row!.yjsState)).toBe(true);
  });

  test("people who may not see the meeting cannot join its minutes", async () => {
    const outsider = await openMinutes(server.baseUrl, cookies.chuyenvien, restrictedId);
    try {
      expect(outsider.status).toBe("denied");
      expect(fragmentText(outsider.doc)).toBe("");
    } finally {
      outsider.close();
    }
  });

  test("a page watching minutes:N for status events does not receive the keystrokes", async () => {
    const watcher = connectSocket(server.baseUrl, cookies.thanhvien);
    await waitForConnect(watcher);
    const writer = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    const reader = await openMinutes(server.baseUrl, cookies.chutich, meetingId);
    try {
      await expect(emitWithAck(watcher, "room:join", { room: `minutes:${meetingId}` })).resolves.toEqual({ ok: true });
      let leaked = 0;
      watcher.on("minutes:message", () => leaked++);
      typeParagraph(writer.doc, "Chỉ người mở biên bản mới nhận");
      await waitFor(() => fragmentText(reader.doc).includes("Chỉ người mở biên bản mới nhận"), 5000, "the editor's peer to see the edit");
      await new Promise((r) => setTimeout(r, 200));
      expect(leaked).toBe(0);
    } finally {
      writer.close();
      reader.close();
      watcher.disconnect();
    }
  });

  test("a malformed join or message is ignored, never crashes the server", async () => {
    const c = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    try {
      c.socket.emit("minutes:message", { docId: meetingId, data: Buffer.from([0, 9, 9, 9]) });
      c.socket.emit("minutes:message", { docId: "x", data: "nope" });
      c.socket.emit("minutes:message", { docId: meetingId, data: "!!not base64, not yjs!!" });
      c.socket.emit("minutes:message", { docId: meetingId, data: { nested: true } });
      c.socket.emit("minutes:join", { docId: -1 });
      typeParagraph(c.doc, "Vẫn hoạt động");
      await waitFor(async () => storedStateText(meetingId).then((t) => t.includes("Vẫn hoạt động")), 5000, "store after bad input");
    } finally {
      c.close();
    }
  });

  test("a batch of messages is applied in order and reaches the others; garbage in it is skipped; an oversized batch changes nothing", async () => {
    const writer = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    const reader = await openMinutes(server.baseUrl, cookies.thanhvien, meetingId);
    /** A sync "update" message adding a paragraph, made on a copy of what the writer has. */
    const updateMessage = (text: string) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(writer.doc));
      typeParagraph(copy, text);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      encoding.writeVarUint(encoder, 2); // y-protocols messageYjsUpdate
      encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(copy, Y.encodeStateVector(writer.doc)));
      return Buffer.from(encoding.toUint8Array(encoder)).toString("base64");
    };
    try {
      const tooMany = Array.from({ length: MAX_BATCH + 1 }, () => updateMessage("Lô quá lớn"));
      writer.socket.emit("minutes:message", { docId: meetingId, data: tooMany });
      writer.socket.emit("minutes:message", { docId: meetingId, data: [updateMessage("Lô thứ nhất"), "", { x: 1 }, updateMessage("Lô thứ hai")] });
      await waitFor(() => fragmentText(reader.doc).includes("Lô thứ hai"), 5000, "the batch at the reader");
      const text = fragmentText(reader.doc);
      expect(text).toContain("Lô thứ nhất");
      expect(text).not.toContain("Lô quá lớn");
      await waitFor(async () => storedStateText(meetingId).then((t) => t.includes("Lô thứ hai")), 5000, "the batch stored");
      expect(await storedStateText(meetingId)).not.toContain("Lô quá lớn");
    } finally {
      writer.close();
      reader.close();
    }
  });

  test("an edit made while a remote update is applied (an observer's fix-up) still reaches the others", async () => {
    const a = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    const b = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
    const hasUpdateListener = (doc: Y.Doc) => (doc as unknown as { _observers: Map<string, unknown> })._observers.has("update");
    try {
      let fixed = false;
      // Like an editor plugin that appends a node when it sees a change: a local transaction inside the remote one's cleanup.
      b.doc.getXmlFragment(MINUTES_FIELD).observeDeep(() => {
        if (fixed || !fragmentText(b.doc).includes("Cần bổ sung")) return;
        fixed = true;
        typeParagraph(b.doc, "Đã bổ sung tự động");
      });
      typeParagraph(a.doc, "Cần bổ sung");
      await waitFor(() => fragmentText(a.doc).includes("Đã bổ sung tự động"), 5000, "the fix-up at the first client");
      // The receiver did not have Yjs encode the last remote update for nobody, and listens again for its own edits.
      const c = await openMinutes(server.baseUrl, cookies.vanphong, meetingId);
      try {
        typeParagraph(a.doc, "Lần nữa");
        await waitFor(() => fragmentText(c.doc).includes("Lần nữa"), 5000, "the edit at the third client");
        expect(hasUpdateListener(c.doc)).toBe(false);
        typeParagraph(c.doc, "Của người thứ ba");
        expect(hasUpdateListener(c.doc)).toBe(true);
        await waitFor(() => fragmentText(a.doc).includes("Của người thứ ba"), 5000, "the third client's edit at the first");
      } finally {
        c.close();
      }
    } finally {
      a.close();
      b.close();
    }
  });
});
