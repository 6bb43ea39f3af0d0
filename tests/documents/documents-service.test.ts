import fs from "node:fs";
import path from "node:path";
import type { Db } from "../../models";
import type { Actor } from "../../app/policies";
import { protectFileNames, receiveUpload, restoreFileName, type ReceivedFile } from "../../app/lib/uploads.server";
import {
  attachAgendaItemDocuments,
  canManageMeetingDocuments,
  deleteDocument,
  listDocumentsFor,
  openDocumentForDownload,
  removeDocumentsOf,
} from "../../app/services/documents.server";
import * as f from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { listFiles, minimalDocx, minimalPdf, multipartBody, sha256 } from "./fixtures";

const UPLOAD_DIR = process.env.UPLOAD_DIR!;
let db: Db;
let secretariat: Actor;
let secretary: Actor;
let staff: Actor;
let meetingId: number;
let itemIds: number[];

const actorOf = (u: { id: number; roles: Actor["roles"]; unitId?: number | null }): Actor => ({ id: u.id, roles: u.roles, unitId: u.unitId ?? null });

/** Receives files through the real multipart parser, as the route does. */
async function receive(files: Array<[name: string, content: Buffer]>) {
  const form = new FormData();
  for (const [name, content] of files) form.append("file", new Blob([new Uint8Array(content)]), name);
  return receiveUpload(new Request("http://localhost/upload", { method: "POST", body: form }));
}

const readAll = async (stream: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
};

beforeAll(async () => {
  fs.rmSync(UPLOAD_DIR, { recursive: true, force: true });
  db = await resetDatabase();
  secretariat = actorOf(await f.createUser(db, { roles: ["secretariat"] }));
  secretary = actorOf(await f.createUser(db, { roles: ["member"] }));
  staff = actorOf(await f.createUser(db, { roles: ["staff"] }));
  const meeting = await f.createMeeting(db, { status: "convened", secretaryId: secretary.id });
  meetingId = meeting.id;
  const items = await db.AgendaItem.bulkCreate([1, 2, 3].map((position) => ({ meetingId, position, title: `Nội dung ${position}`, durationMinutes: 30 })));
  itemIds = items.map((i) => i.id);
});
afterAll(() => closeDb());

test("receive → attach → list → download, by the meeting's own secretary", async () => {
  const pdf = minimalPdf();
  const upload = await receive([["Tờ trình.pdf", pdf], ["Dự thảo.docx", minimalDocx()]]);
  try {
    expect(upload.files.map((x) => [x.fileName, x.mime, x.size, x.sha256])).toEqual([
      ["Tờ trình.pdf", "application/pdf", pdf.length, sha256(pdf)],
      ["Dự thảo.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", minimalDocx().length, sha256(minimalDocx())],
    ]);
    const docs = await attachAgendaItemDocuments({ actor: secretary, meetingId, agendaItemId: itemIds[0], files: upload.files });
    expect(docs).toHaveLength(2);
  } finally {
    await upload.discard();
  }
  expect(listFiles(path.join(UPLOAD_DIR, "tmp"))).toEqual([]);

  const listed = await listDocumentsFor("agenda_item", itemIds);
  expect(Object.keys(listed).map(Number).sort()).toEqual([...itemIds].sort());
  expect(listed[itemIds[0]].map((d) => d.fileName)).toEqual(["Tờ trình.pdf", "Dự thảo.docx"]);
  expect(listed[itemIds[1]]).toEqual([]);
  expect(listed[itemIds[0]][0]).toMatchObject({ mime: "application/pdf", size: pdf.length, uploadedBy: { id: secretary.id } });
  expect(typeof listed[itemIds[0]][0].uploadedAt).toBe("string");

  const dl = await openDocumentForDownload({ actor: staff, documentId: listed[itemIds[0]][0].id });
  expect(dl).toMatchObject({ fileName: "Tờ trình.pdf", mime: "application/pdf", size: pdf.length });
  expect(sha256(await readAll(dl.stream))).toBe(sha256(pdf));
});

test("staff may not attach (403) and nothing is stored", async () => {
  const before = listFiles(UPLOAD_DIR);
  const upload = await receive([["a.pdf", minimalPdf()]]);
  try {
    await expect(attachAgendaItemDocuments({ actor: staff, meetingId, agendaItemId: itemIds[1], files: upload.files })).rejects.toMatchObject({ status: 403 });
  } finally {
    await upload.discard();
  }
  expect(listFiles(UPLOAD_DIR)).toEqual(before);
});

test("when the row cannot be written, the stored file is deleted again", async () => {
  const before = listFiles(UPLOAD_DIR);
  const rows = await db.Document.count();
  const upload = await receive([["hỏng.pdf", minimalPdf()]]);
  // An impossible hash makes the model refuse the insert after the file was moved into place.
  const broken: ReceivedFile = { ...upload.files[0], sha256: "not-a-sha256" };
  try {
    await expect(attachAgendaItemDocuments({ actor: secretariat, meetingId, agendaItemId: itemIds[1], files: [broken] })).rejects.toThrow();
  } finally {
    await upload.discard();
  }
  expect(await db.Document.count()).toBe(rows);
  expect(await db.AuditEvent.count({ where: { action: "document.upload", entityType: "document" } })).toBe(2);
  expect(listFiles(UPLOAD_DIR)).toEqual(before);
});

test("removeDocumentsOf follows its owner's transaction: a rollback keeps the files, a commit removes them", async () => {
  const upload = await receive([["Phụ lục.pdf", minimalPdf()]]);
  const [doc] = await attachAgendaItemDocuments({ actor: secretariat, meetingId, agendaItemId: itemIds[2], files: upload.files });
  await upload.discard();
  const key = (await db.Document.findByPk(doc.id))!.storageKey;
  const file = path.join(UPLOAD_DIR, key);

  await expect(
    db.sequelize.transaction(async (transaction) => {
      await removeDocumentsOf({ actor: secretariat, ownerType: "agenda_item", ownerIds: [itemIds[2]], transaction });
      throw new Error("rollback");
    }),
  ).rejects.toThrow("rollback");
  expect(await db.Document.findByPk(doc.id)).not.toBeNull();
  expect(fs.existsSync(file)).toBe(true);

  await db.sequelize.transaction(async (transaction) => {
    expect(await removeDocumentsOf({ actor: secretariat, ownerType: "agenda_item", ownerIds: [itemIds[2]], transaction })).toBe(1);
  });
  expect(await db.Document.findByPk(doc.id)).toBeNull();
  expect(fs.existsSync(file)).toBe(false);
});

test("downloads follow the meeting page: a draft is invisible to staff, an owner without a rule is invisible to all", async () => {
  const draft = await f.createMeeting(db, { status: "draft" });
  const [item] = await db.AgendaItem.bulkCreate([{ meetingId: draft.id, position: 1, title: "Dự thảo", durationMinutes: 15 }]);
  const upload = await receive([["Dự thảo.pdf", minimalPdf()]]);
  const [doc] = await attachAgendaItemDocuments({ actor: secretariat, meetingId: draft.id, agendaItemId: item.id, files: upload.files });
  await upload.discard();

  await expect(openDocumentForDownload({ actor: staff, documentId: doc.id })).rejects.toMatchObject({ status: 404, message: "Không tìm thấy tài liệu." });
  // The secretary of another meeting is not the secretariat: the draft stays hidden.
  await expect(openDocumentForDownload({ actor: secretary, documentId: doc.id })).rejects.toMatchObject({ status: 404 });
  const ok = await openDocumentForDownload({ actor: secretariat, documentId: doc.id });
  ok.stream.destroy();
  await expect(deleteDocument({ actor: staff, documentId: doc.id })).rejects.toMatchObject({ status: 404 });

  const taskDoc = await db.Document.create({ ownerType: "task", ownerId: 1, fileName: "x.pdf", mime: "application/pdf", size: 1, sha256: "0".repeat(64), storageKey: "00/00/00000000-0000-4000-8000-000000000000" });
  await expect(openDocumentForDownload({ actor: secretariat, documentId: taskDoc.id })).rejects.toMatchObject({ status: 404 });
  await taskDoc.destroy();
});

test("a missing stored file is a 404 with a clear message, not a crash", async () => {
  const upload = await receive([["Mất.pdf", minimalPdf()]]);
  const [doc] = await attachAgendaItemDocuments({ actor: secretariat, meetingId, agendaItemId: itemIds[1], files: upload.files });
  await upload.discard();
  fs.rmSync(path.join(UPLOAD_DIR, (await db.Document.findByPk(doc.id))!.storageKey));
  await expect(openDocumentForDownload({ actor: secretariat, documentId: doc.id })).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/không còn trên máy chủ/) });
});

test("who may manage: the secretariat and the meeting's secretary, not staff", async () => {
  expect(await canManageMeetingDocuments({ actor: secretariat, meetingId })).toBe(true);
  expect(await canManageMeetingDocuments({ actor: secretary, meetingId })).toBe(true);
  expect(await canManageMeetingDocuments({ actor: staff, meetingId })).toBe(false);
  expect(await canManageMeetingDocuments({ actor: secretariat, meetingId: 987654 })).toBe(false);
});

/** A request whose body arrives in chunks of the given sizes (cycled), to split boundaries and headers anywhere. */
function chunkedRequest(body: Buffer, contentType: string, sizes: number[]) {
  let offset = 0;
  let i = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      const n = sizes[i++ % sizes.length];
      controller.enqueue(new Uint8Array(body.subarray(offset, offset + n)));
      offset += n;
    },
  });
  return new Request("http://localhost/upload", { method: "POST", headers: { "Content-Type": contentType }, body: stream, duplex: "half" } as RequestInit & { duplex: "half" });
}

test("file names with ; and = survive the multipart parser, and file bytes pass through untouched however the body is split", async () => {
  const name = "Báo cáo; quý 1 = bản cuối.pdf";
  // Content that looks almost like a delimiter and like a part header.
  const pdf = Buffer.concat([minimalPdf(), Buffer.from('\r\n--not-the-boundary\r\nContent-Disposition: form-data; name="x"; filename="a;b.pdf"\r\n\r\n')]);
  const { body, contentType } = multipartBody([
    { name: "intent", value: "upload" },
    { name: "file", filename: name, content: pdf, type: "application/pdf" },
    { name: "file", filename: "KQ=2024.docx", content: minimalDocx() },
  ]);
  for (const sizes of [[1], [2, 3], [7], [64], [13, 1, 250], [body.length]]) {
    const upload = await receiveUpload(chunkedRequest(body, contentType, sizes));
    try {
      expect(upload.fields).toEqual({ intent: "upload" });
      expect(upload.files.map((x) => [x.fileName, x.sha256])).toEqual([
        [name, sha256(pdf)],
        ["KQ=2024.docx", sha256(minimalDocx())],
      ]);
    } finally {
      await upload.discard();
    }
  }
});

test("the file-name protection is lossless: restoring the placeholders gives back the original body", async () => {
  const { body, contentType } = multipartBody([{ name: "file", filename: "a;b=c.pdf", content: minimalPdf() }]);
  const boundary = contentType.split("boundary=")[1];
  const out = Buffer.from(await new Response(protectFileNames(chunkedRequest(body, contentType, [5]).body!, boundary)).arrayBuffer());
  expect(out.equals(body)).toBe(false);
  // Byte-wise (the PDF is not valid UTF-8): each placeholder's UTF-8 bytes back to ";" or "=".
  const latin1 = (c: string) => Buffer.from(c, "utf8").toString("latin1");
  const restored = out.toString("latin1").replaceAll(latin1("\ue03b"), ";").replaceAll(latin1("\ue03d"), "=");
  expect(Buffer.from(restored, "latin1").equals(body)).toBe(true);
  expect(restoreFileName("a\ue03bb\ue03dc.pdf")).toBe("a;b=c.pdf");
});

test("a malformed multipart body is a 400 and leaves nothing behind", async () => {
  const before = listFiles(UPLOAD_DIR);
  const body = Buffer.from('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4 truncated');
  await expect(receiveUpload(chunkedRequest(body, "multipart/form-data; boundary=xyz", [4]))).rejects.toMatchObject({ status: 400 });
  expect(listFiles(UPLOAD_DIR)).toEqual(before);
});
