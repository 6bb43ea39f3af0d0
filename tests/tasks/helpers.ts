// Shared set-up for the task tests: a valid assignment row, row counts of what
// the task operations write, and the HTTP calls the task page's forms make.
import crypto from "node:crypto";
import type { TaskInput, TaskSource } from "../../app/schemas/task";
import type { Db } from "../../models";
import { listFiles, type UploadPart } from "../documents/fixtures";
import { hanoiDay } from "../meetings/helpers";

export const NO_SOURCE: TaskSource = { directiveId: null, meetingId: null, minutesAnchor: null };

/** A valid assignment row (what the form sends, parsed); lead unit and deadline given by the caller or defaulted. */
export function taskRow(leadUnitId: number, over: Partial<TaskInput> = {}): TaskInput {
  return {
    content: "Rà soát thủ tục hành chính thuộc thẩm quyền giải quyết",
    leadUnitId,
    coordinatingUnitIds: [],
    ownerId: null,
    deadlineKind: "date",
    deadline: hanoiDay(10),
    recurrence: undefined,
    starred: false,
    parentId: null,
    ...over,
  };
}

/** Row counts of everything a task operation may write. */
export async function taskCounts(db: Db) {
  const [tasks, coordinators, reports, documents, extensions, occurrences, audits, notifications] = await Promise.all([
    db.Task.count(),
    db.TaskCoordinator.count(),
    db.TaskReport.count(),
    db.Document.count(),
    db.ExtensionRequest.count(),
    db.TaskOccurrence.count(),
    db.AuditEvent.count(),
    db.Notification.count(),
  ]);
  return { tasks, coordinators, reports, documents, extensions, occurrences, audits, notifications };
}

/** The row counts plus every file under UPLOAD_DIR (stored files and temp files alike). */
export async function snapshot(db: Db) {
  return { ...(await taskCounts(db)), files: listFiles(process.env.UPLOAD_DIR!) };
}

/** The task page's action as a fetcher calls it: JSON back, the intent also in the URL. */
export const taskActionPath = (taskId: number | string, intent?: string) =>
  `/tasks/${taskId}?${intent ? `intent=${encodeURIComponent(intent)}&` : ""}_data=${encodeURIComponent("routes/tasks.$id")}`;
export const NEW_TASK_PATH = `/tasks/new?_data=${encodeURIComponent("routes/tasks.new")}`;
export const editTaskPath = (taskId: number) => `/tasks/${taskId}/edit?_data=${encodeURIComponent("routes/tasks.$id_.edit")}`;

export type ActionJson = { ok: boolean; message: string; fields?: Record<string, string>; errorId?: string };

/** multipart/form-data with real files, through fetch's FormData (what the browser's form sends). */
export async function postTaskMultipart(baseUrl: string, taskId: number, intent: string, parts: UploadPart[], cookie: string) {
  const form = new FormData();
  for (const p of parts) {
    if ("value" in p) form.append(p.name, p.value);
    else form.append(p.name, new Blob([new Uint8Array(p.content)], { type: p.type ?? "application/octet-stream" }), p.filename);
  }
  return fetch(baseUrl + taskActionPath(taskId, intent), { method: "POST", redirect: "manual", headers: { Origin: baseUrl, Cookie: cookie }, body: form });
}

/**
 * An evidence upload of `fileBytes` bytes generated chunk by chunk (chunked,
 * no Content-Length): the test never holds the file in memory, and the server
 * only learns the size while reading.
 */
export function postStreamingEvidence(baseUrl: string, taskId: number, intent: string, fields: Record<string, string>, { filename, fileBytes, cookie }: { filename: string; fileBytes: number; cookie: string }) {
  const boundary = `----phs${crypto.randomBytes(8).toString("hex")}`;
  let head = "";
  for (const [k, v] of Object.entries(fields)) head += `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`;
  head += `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: application/pdf\r\n\r\n`;
  const tail = `\r\n--${boundary}--\r\n`;
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  Buffer.from("%PDF-1.4\n").copy(chunk);
  let sent = 0;
  let stage: "head" | "body" | "tail" | "done" = "head";
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stage === "head") {
        controller.enqueue(new Uint8Array(Buffer.from(head, "utf8")));
        stage = "body";
      } else if (stage === "body") {
        const n = Math.min(chunk.length, fileBytes - sent);
        controller.enqueue(new Uint8Array(chunk.subarray(0, n)));
        sent += n;
        if (sent >= fileBytes) stage = "tail";
      } else if (stage === "tail") {
        controller.enqueue(new Uint8Array(Buffer.from(tail, "utf8")));
        stage = "done";
      } else controller.close();
    },
  });
  return fetch(baseUrl + taskActionPath(taskId, intent), {
    method: "POST",
    redirect: "manual",
    headers: { Origin: baseUrl, Cookie: cookie, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit & { duplex: "half" });
}
