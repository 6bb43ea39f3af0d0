import crypto from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import FileType from "file-type";
import { AppError, ValidationError } from "./errors";
import { logger } from "./logger.server";

/**
 * Attachments (DESIGN.md §8): size limit, type by magic bytes, random storage
 * keys, original names kept only for display and Content-Disposition.
 *
 * Files stream to UPLOAD_DIR/tmp while they are counted and hashed, so a large
 * upload never sits in memory and an oversized one never fills the disk; only
 * validated files are moved (a rename on the same disk) to UPLOAD_DIR/ab/cd/<uuid>.
 */

/** Read from the environment when first used, so tests and the dev server can point it elsewhere. */
export function uploadDir() {
  return path.resolve(process.env.UPLOAD_DIR || path.join(process.cwd(), "uploads"));
}
export const UPLOAD_DIR = uploadDir();

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
/** Room for multipart boundaries, part headers and the small text fields next to one maximal file. */
const MULTIPART_OVERHEAD_BYTES = 1024 * 1024;
/** One request carries at most 50 MB of files (plus the multipart overhead). */
export const MAX_REQUEST_BYTES = MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES;
/**
 * A chunked upload only shows its size while it arrives. Once it is over the
 * limit nothing more is written, but up to this much is still read and thrown
 * away so that browsers and fetch() receive the 413 answer instead of a reset
 * connection; beyond it the request is abandoned.
 */
const DRAIN_LIMIT_BYTES = 2 * MAX_UPLOAD_BYTES;
const MAX_FILES_PER_REQUEST = 20;
const MAX_FIELD_BYTES = 64 * 1024;
/** Plain (urlencoded) forms to the same actions carry only ids. */
const MAX_PLAIN_FORM_BYTES = 64 * 1024;

export const MAX_UPLOAD_LABEL = "50 MB";

export class PayloadTooLargeError extends AppError {
  constructor(message = `Tệp tải lên vượt quá dung lượng cho phép (${MAX_UPLOAD_LABEL}).`) {
    super("payload_too_large", 413, message, { file: message });
  }
}

/** What is allowed, by the type detected from the content; the extension must belong to the same family. */
const ALLOWED_TYPES: Record<string, { family: string; mime: string; extensions: string[] }> = {
  pdf: { family: "PDF", mime: "application/pdf", extensions: ["pdf"] },
  docx: { family: "DOCX", mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extensions: ["docx"] },
  xlsx: { family: "XLSX", mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extensions: ["xlsx"] },
  pptx: { family: "PPTX", mime: "application/vnd.openxmlformats-officedocument.presentationml.presentation", extensions: ["pptx"] },
  // A photo saved as .jpg that is really a PNG is common and harmless: images form one family.
  png: { family: "ảnh", mime: "image/png", extensions: ["png", "jpg", "jpeg", "gif", "webp"] },
  jpg: { family: "ảnh", mime: "image/jpeg", extensions: ["png", "jpg", "jpeg", "gif", "webp"] },
  gif: { family: "ảnh", mime: "image/gif", extensions: ["png", "jpg", "jpeg", "gif", "webp"] },
  webp: { family: "ảnh", mime: "image/webp", extensions: ["png", "jpg", "jpeg", "gif", "webp"] },
};

const DETECTED_LABELS: Record<string, string> = {
  exe: "chương trình Windows (EXE)",
  elf: "chương trình Linux (ELF)",
  mach: "chương trình macOS (Mach-O)",
  cfb: "tài liệu Office đời cũ (DOC/XLS/PPT)",
  zip: "tệp nén ZIP",
  rar: "tệp nén RAR",
  "7z": "tệp nén 7z",
  gz: "tệp nén GZIP",
  xml: "văn bản XML",
};

function isUtf8Prefix(b: Buffer) {
  try {
    // stream: a character cut at the 512th byte is not an error.
    new TextDecoder("utf-8", { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** For the refusal message only: what the content looks like when file-type does not know it. */
async function describeContent(filePath: string, ext: string | undefined) {
  if (ext) return DETECTED_LABELS[ext] ?? ext.toUpperCase();
  const head = Buffer.alloc(512);
  const fh = await fsp.open(filePath, "r");
  let n = 0;
  try {
    ({ bytesRead: n } = await fh.read(head, 0, head.length, 0));
  } finally {
    await fh.close();
  }
  const b = head.subarray(0, n);
  if (b.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))) return DETECTED_LABELS.elf;
  if ([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(b.length >= 4 ? b.readUInt32BE(0) : 0)) return DETECTED_LABELS.mach;
  if (b.subarray(0, 2).toString("latin1") === "#!") return "tập lệnh (script)";
  if (!b.includes(0) && isUtf8Prefix(b)) return "văn bản thuần";
  return "định dạng không nhận biết được";
}

/** A file that arrived, was counted, hashed and recognised, and still sits in the temp directory. */
export type ReceivedFile = {
  field: string;
  tempPath: string;
  /** Sanitised original name, for display and Content-Disposition only. */
  fileName: string;
  /** Detected from the content, never taken from the client. */
  mime: string;
  size: number;
  sha256: string;
};

export type ReceivedUpload = {
  fields: Record<string, string | string[]>;
  files: ReceivedFile[];
  /** Removes the temp files that were not stored; call it in `finally`. */
  discard(): Promise<void>;
};

// ── Names ──────────────────────────────────────────────────────────────────

const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;
// Bidirectional overrides let "hop-dong‮fdp.exe" display as "hop-dongexe.pdf".
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME_LENGTH = 255;

/**
 * Keeps the user's name (Vietnamese included, normalised to NFC: macOS sends
 * NFD) but drops any path, control and bidi characters, and caps it at 255
 * characters while keeping the extension.
 */
export function sanitizeFileName(raw: string, fallbackExtension = "") {
  let name = raw.normalize("NFC").replace(CONTROL_CHARS, "").replace(BIDI_CONTROLS, "");
  name = name.split(/[/\\]/).pop() ?? "";
  name = name.replace(/\s+/g, " ").trim().replace(/^[.\s]+/, "");
  if (!name) name = fallbackExtension ? `tai-lieu.${fallbackExtension}` : "tai-lieu";
  if ([...name].length > MAX_NAME_LENGTH) {
    const ext = extensionOf(name);
    const suffix = ext && ext.length <= 10 ? `.${ext}` : "";
    const stem = [...name.slice(0, name.length - suffix.length)].slice(0, MAX_NAME_LENGTH - suffix.length).join("").trimEnd();
    name = stem + suffix;
  }
  return name;
}

export function extensionOf(name: string) {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/** "Biên bản họp.pdf" → "Bien ban hop.pdf": the fallback for clients that ignore filename*. */
export function asciiFileName(name: string) {
  const ascii = name
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\%;]/g, "_")
    .trim();
  return ascii || "tai-lieu";
}

/** RFC 6266 / RFC 5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(fileName: string, disposition: "attachment" | "inline" = "attachment") {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  return `${disposition}; filename="${asciiFileName(fileName)}"; filename*=UTF-8''${encoded}`;
}

// ── Receiving ──────────────────────────────────────────────────────────────

let swept = false;
const tempDir = () => path.join(uploadDir(), "tmp");

/** Creates the upload directories (cheap, and survives someone removing them) and, once per process, sweeps temp files a crash left behind. */
export async function ensureUploadDirs() {
  await fsp.mkdir(tempDir(), { recursive: true });
  if (!swept) {
    swept = true;
    void sweepStaleTempFiles();
  }
}

async function sweepStaleTempFiles(maxAgeMs = 24 * 3600_000) {
  try {
    const now = Date.now();
    for (const name of await fsp.readdir(tempDir())) {
      const p = path.join(tempDir(), name);
      const st = await fsp.stat(p).catch(() => null);
      if (st && now - st.mtimeMs > maxAgeMs) await fsp.rm(p, { force: true });
    }
  } catch (e) {
    logger.warn({ err: e }, "upload temp sweep failed");
  }
}

const isMultipart = (request: Request) => /^multipart\/form-data\s*;/i.test(request.headers.get("Content-Type") ?? "");

function declaredLength(request: Request) {
  const raw = request.headers.get("Content-Length");
  const n = raw == null ? NaN : Number(raw);
  return Number.isFinite(n) ? n : null;
}

const tooLargeMessage = (fileName: string | null) =>
  fileName
    ? `Tệp «${fileName}» vượt quá dung lượng cho phép (tối đa ${MAX_UPLOAD_LABEL} mỗi lần tải lên).`
    : `Dữ liệu tải lên vượt quá dung lượng cho phép (tối đa ${MAX_UPLOAD_LABEL} mỗi lần tải lên).`;

/**
 * Reads a multipart form: text fields into `fields`, files named `fileField`
 * to temp files that are counted, hashed and then recognised by content.
 * Throws PayloadTooLargeError (413) or ValidationError (400); on any failure
 * every temp file is already gone.
 */
export async function receiveUpload(request: Request, { fileField = "file" }: { fileField?: string } = {}): Promise<ReceivedUpload> {
  if (!isMultipart(request)) throw new ValidationError({ file: "Biểu mẫu tải tệp không hợp lệ." }, "Biểu mẫu tải tệp không hợp lệ.");
  const length = declaredLength(request);
  // Refused before a byte is read: the client said how much it would send.
  if (length != null && length > MAX_REQUEST_BYTES) throw new PayloadTooLargeError(tooLargeMessage(null));
  await ensureUploadDirs();

  const files: ReceivedFile[] = [];
  const temps = new Set<string>();
  let total = 0;
  let fileCount = 0;
  // What went over the limit (a file's name, or null for the request as a whole); read by the handler's closures.
  const over: { oversized: { name: string | null } | null } = { oversized: null };

  const count = (n: number) => {
    total += n;
    if (total > DRAIN_LIMIT_BYTES) throw new PayloadTooLargeError(tooLargeMessage(over.oversized?.name ?? null));
    if (total > MAX_REQUEST_BYTES && !over.oversized) over.oversized = { name: null };
  };
  const drain = async (data: AsyncIterable<Uint8Array>) => {
    for await (const chunk of data) count(chunk.byteLength);
  };

  const handler: UploadHandler = async ({ name, filename, data }) => {
    if (filename === undefined) {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of data) {
        count(chunk.byteLength);
        size += chunk.byteLength;
        if (size > MAX_FIELD_BYTES) throw new ValidationError({ [name]: "Trường dữ liệu quá dài." });
        chunks.push(Buffer.from(chunk));
      }
      return Buffer.concat(chunks).toString("utf8");
    }
    // An empty <input type=file> still sends a part with filename="".
    if (over.oversized || name !== fileField || filename === "") {
      await drain(data);
      return undefined;
    }
    if (++fileCount > MAX_FILES_PER_REQUEST) throw new ValidationError({ file: `Mỗi lần tải lên tối đa ${MAX_FILES_PER_REQUEST} tệp.` });

    const fileName = sanitizeFileName(restoreFileName(filename));
    const tempPath = path.join(tempDir(), `${crypto.randomUUID()}.part`);
    temps.add(tempPath);
    const hash = crypto.createHash("sha256");
    const out = await fsp.open(tempPath, "wx", 0o600);
    let size = 0;
    let writing = true;
    try {
      for await (const chunk of data) {
        count(chunk.byteLength);
        if (!writing) continue;
        size += chunk.byteLength;
        if (size > MAX_UPLOAD_BYTES || over.oversized) {
          // Stop writing at once and free the disk; the rest of the body is only read and dropped.
          writing = false;
          over.oversized = { name: size > MAX_UPLOAD_BYTES ? fileName : null };
          await out.close();
          await fsp.rm(tempPath, { force: true });
          temps.delete(tempPath);
          continue;
        }
        hash.update(chunk);
        await out.write(chunk);
      }
    } finally {
      if (writing) await out.close();
    }
    if (writing) files.push({ field: name, tempPath, fileName, mime: "", size, sha256: hash.digest("hex") });
    return undefined;
  };

  const discard = async () => {
    await Promise.all([...temps].map((p) => fsp.rm(p, { force: true })));
    temps.clear();
  };

  try {
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(withReadableFileNames(request), handler);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw malformed(e);
    }
    if (over.oversized) throw new PayloadTooLargeError(tooLargeMessage(over.oversized.name));
    for (const f of files) f.mime = await recognise(f);
    const fields: Record<string, string | string[]> = {};
    for (const key of new Set(form.keys())) {
      const all = form.getAll(key).filter((v): v is string => typeof v === "string");
      fields[key] = all.length > 1 ? all : all[0];
    }
    return { fields, files, discard };
  } catch (e) {
    await discard();
    throw e;
  }
}

// ── File names the multipart parser cannot read ───────────────────────────
//
// @web3-storage/multipart-parser (under unstable_parseMultipartFormData) splits
// Content-Disposition on ";" and "=" even inside quotes, so "Báo cáo; quý 1.pdf"
// or "KQ=2024.pdf" would be refused as malformed. Before it sees the body, these
// two characters inside a part's filename="…" are swapped for private-use
// characters, which restoreFileName swaps back. Only part headers are touched:
// the file bytes pass through unchanged.

const SEMICOLON = "\ue03b";
const EQUALS = "\ue03d";
const MAX_PART_HEADER_BYTES = 16 * 1024;

export function restoreFileName(name: string) {
  return name.replaceAll(SEMICOLON, ";").replaceAll(EQUALS, "=");
}

function protectHeaderBlock(block: Buffer) {
  // latin1 keeps every byte as one char, so UTF-8 names survive the round trip.
  const text = block.toString("latin1");
  const out = text.replace(/(content-disposition:[^\r\n]*?\bfilename=")([^"\r\n]*)(")/gi, (_m, head: string, name: string, tail: string) => {
    const safe = name.replaceAll(";", Buffer.from(SEMICOLON, "utf8").toString("latin1")).replaceAll("=", Buffer.from(EQUALS, "utf8").toString("latin1"));
    return head + safe + tail;
  });
  return out === text ? block : Buffer.from(out, "latin1");
}

/** The body of a multipart stream with the part headers' file names made parseable (see above). */
export function protectFileNames(body: ReadableStream<Uint8Array>, boundary: string): ReadableStream<Uint8Array> {
  const delimiter = Buffer.from(`\r\n--${boundary}`, "latin1");
  const headersEnd = Buffer.from("\r\n\r\n", "latin1");
  const reader = body.getReader();
  // The first delimiter has no CRLF in front: pretend there was one and drop it on output.
  let pending: Buffer = Buffer.from("\r\n", "latin1");
  let skip = 2;
  let enqueued = 0;
  let inHeaders = false;
  let finished = false;

  const emit = (controller: ReadableStreamDefaultController<Uint8Array>, chunk: Buffer) => {
    if (skip) {
      const dropped = Math.min(skip, chunk.length);
      chunk = chunk.subarray(dropped);
      skip -= dropped;
    }
    if (chunk.length) {
      controller.enqueue(new Uint8Array(chunk));
      enqueued++;
    }
  };

  const process = (controller: ReadableStreamDefaultController<Uint8Array>, final: boolean) => {
    for (;;) {
      if (inHeaders) {
        const end = pending.indexOf(headersEnd);
        if (end === -1) {
          // A runaway header block is passed on untouched; the parser will judge it.
          if (pending.length > MAX_PART_HEADER_BYTES || final) {
            emit(controller, pending);
            pending = Buffer.alloc(0);
            inHeaders = false;
          }
          return;
        }
        emit(controller, protectHeaderBlock(pending.subarray(0, end + headersEnd.length)));
        pending = pending.subarray(end + headersEnd.length);
        inHeaders = false;
        continue;
      }
      const at = pending.indexOf(delimiter);
      if (at === -1) {
        // Keep just enough to find a delimiter split across two chunks.
        const keep = final ? 0 : Math.min(pending.length, delimiter.length - 1);
        emit(controller, pending.subarray(0, pending.length - keep));
        pending = pending.subarray(pending.length - keep);
        return;
      }
      emit(controller, pending.subarray(0, at + delimiter.length));
      pending = pending.subarray(at + delimiter.length);
      inHeaders = true;
    }
  };

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (finished) return;
      // A pull that enqueues nothing is not called again: read until something goes out.
      const before = enqueued;
      while (enqueued === before) {
        const { done, value } = await reader.read();
        if (done) {
          process(controller, true);
          finished = true;
          controller.close();
          return;
        }
        const chunk = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        process(controller, false);
      }
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
}

function withReadableFileNames(request: Request) {
  const [, boundary] = (request.headers.get("Content-Type") ?? "").split(/\s*;\s*boundary=/);
  if (!request.body || !boundary) return request;
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: protectFileNames(request.body, boundary),
    signal: request.signal,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
}

function malformed(e: unknown) {
  const msg = e instanceof Error ? e.message : "";
  if (/content-disposition/i.test(msg)) {
    return new ValidationError({ file: "Không đọc được tên tệp, vui lòng đổi tên tệp rồi tải lại." }, "Không đọc được tên tệp, vui lòng đổi tên tệp rồi tải lại.");
  }
  logger.info({ err: e }, "malformed multipart upload");
  return new ValidationError({ file: "Dữ liệu tải lên bị lỗi hoặc không đầy đủ, vui lòng thử lại." }, "Dữ liệu tải lên bị lỗi hoặc không đầy đủ, vui lòng thử lại.");
}

/** The type comes from the first bytes (and, for OOXML, the zip's entry names); the name's extension must agree. */
async function recognise(f: ReceivedFile) {
  if (f.size === 0) throw new ValidationError({ file: `Tệp «${f.fileName}» rỗng.` }, `Tệp «${f.fileName}» rỗng.`);
  const detected = await FileType.fromFile(f.tempPath).catch(() => undefined);
  const allowed = detected ? ALLOWED_TYPES[detected.ext] : undefined;
  if (!allowed) {
    const message = `Tệp «${f.fileName}» không phải PDF/DOCX/XLSX/PPTX hoặc ảnh (nội dung là ${await describeContent(f.tempPath, detected?.ext)}).`;
    throw new ValidationError({ file: message }, message);
  }
  const ext = extensionOf(f.fileName);
  if (!allowed.extensions.includes(ext)) {
    const message = ext
      ? `Tệp «${f.fileName}» có phần mở rộng .${ext} nhưng nội dung là ${allowed.family}; vui lòng đổi tên tệp cho đúng loại.`
      : `Tệp «${f.fileName}» không có phần mở rộng; nội dung là ${allowed.family}, vui lòng đặt tên có đuôi .${allowed.extensions[0]}.`;
    throw new ValidationError({ file: message }, message);
  }
  return allowed.mime;
}

/**
 * Reads a small urlencoded (or multipart without files) form with a byte cap:
 * request.formData() would buffer any size in memory.
 */
export async function receivePlainForm(request: Request): Promise<Record<string, string | string[]>> {
  if (isMultipart(request)) {
    const upload = await receiveUpload(request, { fileField: "" });
    await upload.discard();
    return upload.fields;
  }
  const length = declaredLength(request);
  if (length != null && length > MAX_PLAIN_FORM_BYTES) throw new PayloadTooLargeError("Dữ liệu gửi lên quá lớn.");
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_PLAIN_FORM_BYTES) throw new PayloadTooLargeError("Dữ liệu gửi lên quá lớn.");
      chunks.push(chunk);
    }
  }
  const params = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
  const fields: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const all = params.getAll(key);
    fields[key] = all.length > 1 ? all : all[0];
  }
  return fields;
}

// ── Storage ────────────────────────────────────────────────────────────────

const STORAGE_KEY = /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Only keys this module made resolve to a path, so a bad row can never point outside UPLOAD_DIR. */
export function storedFilePath(storageKey: string) {
  if (!STORAGE_KEY.test(storageKey)) throw new Error(`invalid storage key: ${JSON.stringify(storageKey)}`);
  return path.join(uploadDir(), ...storageKey.split("/"));
}

/** Moves a received file to its random key ("ab/cd/<uuid>") and returns the key. */
export async function storeReceivedFile(file: ReceivedFile): Promise<string> {
  const uuid = crypto.randomUUID();
  const storageKey = `${uuid.slice(0, 2)}/${uuid.slice(2, 4)}/${uuid}`;
  const target = storedFilePath(storageKey);
  await fsp.mkdir(path.dirname(target), { recursive: true });
  try {
    await fsp.rename(file.tempPath, target);
  } catch (e) {
    // UPLOAD_DIR/tmp on another mount: copy, then drop the temp file.
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    await fsp.copyFile(file.tempPath, target, fs.constants.COPYFILE_EXCL);
    await fsp.rm(file.tempPath, { force: true });
  }
  return storageKey;
}

/** Best effort: a file that is already gone is fine; other failures are logged, never thrown. */
export async function removeStoredFile(storageKey: string) {
  try {
    await fsp.rm(storedFilePath(storageKey), { force: true });
  } catch (e) {
    logger.error({ err: e, storageKey }, "could not remove stored file");
  }
}

/** Opens a stored file (throws ENOENT when it is missing) with its size on disk. */
export async function openStoredFile(storageKey: string): Promise<{ stream: Readable; size: number }> {
  const handle = await fsp.open(storedFilePath(storageKey), "r");
  try {
    const { size } = await handle.stat();
    return { stream: handle.createReadStream({ autoClose: true }), size };
  } catch (e) {
    await handle.close();
    throw e;
  }
}
