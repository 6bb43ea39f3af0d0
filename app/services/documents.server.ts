import type { Readable } from "node:stream";
import type { Transaction } from "sequelize";
import { getDb, type Document, type DocumentOwnerType, type Meeting } from "../../models";
import { AppError, NotFoundError, ValidationError } from "../lib/errors";
import { logger } from "../lib/logger.server";
import { openStoredFile, removeStoredFile, storeReceivedFile, type ReceivedFile } from "../lib/uploads.server";
import { authorize, can, canSeeTask, type Actor, type MeetingAccess, type MeetingRole } from "../policies";
import { recordAudit } from "./audit.server";
import { meetingAccessFor } from "./meeting-access.server";
import { emitMeetingChanged } from "./meeting-events.server";

/**
 * No `transaction` prop on the user-facing operations: their permission checks
 * go through meetingAccessFor, which takes none, and on SQLite (one pooled
 * connection) a query outside an open transaction would wait for it forever.
 * Owners that are deleted call removeDocumentsOf inside their own transaction.
 */
type ActorProps = { actor: Actor; ip?: string | null };

/** A document as lists and components see it. */
export type PresentedDocument = {
  id: number;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: { id: number; fullName: string } | null;
};

const MEETING_NOT_FOUND = "Không tìm thấy cuộc họp.";
const DOCUMENT_NOT_FOUND = "Không tìm thấy tài liệu.";

function present(d: Document): PresentedDocument {
  return {
    id: d.id,
    fileName: d.fileName,
    mime: d.mime,
    size: Number(d.size),
    sha256: d.sha256,
    uploadedAt: d.createdAt.toISOString(),
    uploadedBy: d.uploadedBy ? { id: d.uploadedBy.id, fullName: d.uploadedBy.fullName } : null,
  };
}

const auditView = (d: Document) => ({ ownerType: d.ownerType, ownerId: d.ownerId, fileName: d.fileName, mime: d.mime, size: Number(d.size), sha256: d.sha256 });

/**
 * The meeting page's visibility rule (getMeetingFor): drafts only for the
 * secretariat, then the `meeting:view` policy. A meeting one may not see is
 * reported as missing, never as forbidden, so its existence does not leak.
 */
async function loadVisibleMeeting(actor: Actor, meetingId: number): Promise<{ meeting: Meeting; access: MeetingAccess }> {
  const db = getDb();
  const meeting = await db.Meeting.findByPk(meetingId, { include: [{ model: db.Body, as: "body", attributes: ["id", "kind"] }] });
  if (!meeting || (meeting.status === "draft" && !actor.roles.includes("secretariat"))) throw new NotFoundError(MEETING_NOT_FOUND);
  const access = (await meetingAccessFor(actor, [meeting])).get(meeting.id)!;
  if (!can(actor, "meeting:view", access)) throw new NotFoundError(MEETING_NOT_FOUND);
  return { meeting, access };
}

const roleIn = (meeting: Meeting, access: MeetingAccess): MeetingRole => ({
  secretaryId: meeting.secretaryId ?? null,
  chairId: meeting.chairId ?? null,
  isInvitee: access.isInvitee,
});

/** 404 when the meeting is invisible, 403 when it is visible but not the actor's to run. */
export async function assertCanManageMeetingDocuments({ actor, meetingId }: { actor: Actor; meetingId: number }) {
  const { meeting, access } = await loadVisibleMeeting(actor, meetingId);
  authorize(actor, "meeting:manage", roleIn(meeting, access));
  return meeting;
}

/** For pages: whether to show the upload form and delete buttons (the action checks again). */
export async function canManageMeetingDocuments({ actor, meetingId }: { actor: Actor; meetingId: number }) {
  try {
    await assertCanManageMeetingDocuments({ actor, meetingId });
    return true;
  } catch (e) {
    if (e instanceof AppError && (e.status === 403 || e.status === 404)) return false;
    throw e;
  }
}

/** The meeting a document belongs to; null for owners whose rules live elsewhere (tasks, directives). */
async function owningMeetingId(doc: Pick<Document, "ownerType" | "ownerId">): Promise<number | null> {
  if (doc.ownerType === "meeting") return doc.ownerId;
  if (doc.ownerType === "agenda_item") {
    const item = await getDb().AgendaItem.findByPk(doc.ownerId, { attributes: ["id", "meetingId"] });
    return item?.meetingId ?? null;
  }
  return null;
}

/** Evidence of a task report (or a task's own file) may be downloaded by whoever may see the task. */
async function canSeeTaskOf(actor: Actor, doc: Pick<Document, "ownerType" | "ownerId">) {
  const db = getDb();
  const taskId = doc.ownerType === "task" ? doc.ownerId : (await db.TaskReport.findByPk(doc.ownerId, { attributes: ["id", "taskId"] }))?.taskId;
  const task = taskId ? await db.Task.findByPk(taskId, { attributes: ["id", "leadUnitId", "ownerId", "assignedById"] }) : null;
  if (!task) return false;
  const coordinators = await db.TaskCoordinator.findAll({ attributes: ["unitId"], where: { taskId: task.id } });
  return canSeeTask(actor, { leadUnitId: task.leadUnitId, coordinatingUnitIds: coordinators.map((c) => c.unitId), ownerId: task.ownerId ?? null, assignedById: task.assignedById ?? null });
}

/**
 * Attaches received files to one agenda item, all or nothing: files are moved
 * to their random keys first, then the rows and audit events are written in
 * one transaction; if that fails the stored files are deleted again.
 */
export async function attachAgendaItemDocuments({
  actor,
  meetingId,
  agendaItemId,
  files,
  ip,
}: ActorProps & { meetingId: number; agendaItemId: number; files: ReceivedFile[] }): Promise<PresentedDocument[]> {
  const db = getDb();
  await assertCanManageMeetingDocuments({ actor, meetingId });
  const item = await db.AgendaItem.findOne({ where: { id: agendaItemId, meetingId }, attributes: ["id", "meetingId"] });
  if (!item) throw new NotFoundError("Không tìm thấy nội dung họp.");
  if (files.length === 0) throw new ValidationError({ file: "Vui lòng chọn tệp cần tải lên." }, "Vui lòng chọn tệp cần tải lên.");

  const stored: string[] = [];
  try {
    for (const f of files) stored.push(await storeReceivedFile(f));
    const ids = await db.sequelize.transaction(async (t) => {
      const created: number[] = [];
      for (const [i, f] of files.entries()) {
        const doc = await db.Document.create(
          { ownerType: "agenda_item", ownerId: item.id, fileName: f.fileName, mime: f.mime, size: f.size, sha256: f.sha256, storageKey: stored[i], uploadedById: actor.id },
          { transaction: t },
        );
        await recordAudit({ actorId: actor.id, action: "document.upload", entityType: "document", entityId: doc.id, after: { ...auditView(doc), meetingId }, ip, transaction: t });
        created.push(doc.id);
      }
      emitMeetingChanged(t, meetingId, "agenda");
      return created;
    });
    const docs = await db.Document.findAll({
      where: { id: ids },
      include: [{ model: db.User, as: "uploadedBy", attributes: ["id", "fullName"] }],
      order: [["id", "ASC"]],
    });
    return docs.map(present);
  } catch (e) {
    await Promise.all(stored.map(removeStoredFile));
    throw e;
  }
}

/** One file; see attachAgendaItemDocuments. */
export async function attachAgendaItemDocument(props: ActorProps & { meetingId: number; agendaItemId: number; file: ReceivedFile }) {
  const { file, ...rest } = props;
  const [doc] = await attachAgendaItemDocuments({ ...rest, files: [file] });
  return doc;
}

/**
 * Deletes a meeting's or agenda item's document: the row and its audit event
 * in one transaction, then (after commit) the stored file. With `meetingId`,
 * a document of another meeting is reported as missing.
 */
export async function deleteDocument({ actor, documentId, meetingId, ip }: ActorProps & { documentId: number; meetingId?: number }) {
  const db = getDb();
  const doc = await db.Document.findByPk(documentId);
  if (!doc) throw new NotFoundError(DOCUMENT_NOT_FOUND);
  const ownerMeetingId = await owningMeetingId(doc);
  if (ownerMeetingId == null || (meetingId != null && ownerMeetingId !== meetingId)) throw new NotFoundError(DOCUMENT_NOT_FOUND);
  await assertCanManageMeetingDocuments({ actor, meetingId: ownerMeetingId });

  const storageKey = doc.storageKey;
  await db.sequelize.transaction(async (t) => {
    await doc.destroy({ transaction: t });
    await recordAudit({ actorId: actor.id, action: "document.delete", entityType: "document", entityId: doc.id, before: { ...auditView(doc), meetingId: ownerMeetingId }, ip, transaction: t });
    // The file goes only once the row is surely gone; removeStoredFile never throws.
    t.afterCommit(() => removeStoredFile(storageKey));
    emitMeetingChanged(t, ownerMeetingId, "agenda");
  });
  return { id: doc.id, meetingId: ownerMeetingId, ownerType: doc.ownerType, ownerId: doc.ownerId, agendaItemId: doc.ownerType === "agenda_item" ? doc.ownerId : null };
}

/**
 * For services that delete an owner (agenda item, meeting, task…), inside
 * their transaction and after their own authorization: the rows go with the
 * owner (audited), the stored files after the commit.
 */
export async function removeDocumentsOf({ actor, ownerType, ownerIds, ip, transaction }: ActorProps & { ownerType: DocumentOwnerType; ownerIds: number[]; transaction: Transaction }) {
  if (!ownerIds.length) return 0;
  const db = getDb();
  const docs = await db.Document.findAll({ where: { ownerType, ownerId: ownerIds }, transaction });
  for (const doc of docs) {
    await doc.destroy({ transaction });
    await recordAudit({ actorId: actor.id, action: "document.delete", entityType: "document", entityId: doc.id, before: auditView(doc), ip, transaction });
  }
  const keys = docs.map((d) => d.storageKey);
  transaction.afterCommit(async () => {
    await Promise.all(keys.map(removeStoredFile));
  });
  return docs.length;
}

/**
 * Documents of many owners in one query, keyed by owner id (every requested id
 * has an entry). No policy check here: call it only for owners the actor has
 * already been allowed to see (e.g. the agenda of a meeting from getMeetingFor).
 */
export async function listDocumentsFor(ownerType: DocumentOwnerType, ownerIds: number[]): Promise<Record<number, PresentedDocument[]>> {
  const db = getDb();
  const result: Record<number, PresentedDocument[]> = {};
  for (const id of ownerIds) result[id] = [];
  if (!ownerIds.length) return result;
  const docs = await db.Document.findAll({
    where: { ownerType, ownerId: [...new Set(ownerIds)] },
    include: [{ model: db.User, as: "uploadedBy", attributes: ["id", "fullName"] }],
    order: [["createdAt", "ASC"], ["id", "ASC"]],
  });
  for (const d of docs) (result[d.ownerId] ??= []).push(present(d));
  return result;
}

/**
 * A download, checked with the same visibility rule as the owning meeting's
 * page. Anything the actor may not see — another body's restricted meeting, a
 * draft, an owner type without a rule yet — is reported as missing (404).
 */
export async function openDocumentForDownload({ actor, documentId }: { actor: Actor; documentId: number }): Promise<{ stream: Readable; fileName: string; mime: string; size: number; sha256: string }> {
  const doc = await getDb().Document.findByPk(documentId);
  if (!doc) throw new NotFoundError(DOCUMENT_NOT_FOUND);
  if (doc.ownerType === "task_report" || doc.ownerType === "task") {
    if (!(await canSeeTaskOf(actor, doc))) throw new NotFoundError(DOCUMENT_NOT_FOUND);
  } else {
    const meetingId = await owningMeetingId(doc);
    if (meetingId == null) throw new NotFoundError(DOCUMENT_NOT_FOUND);
    try {
      await loadVisibleMeeting(actor, meetingId);
    } catch (e) {
      if (e instanceof NotFoundError) throw new NotFoundError(DOCUMENT_NOT_FOUND);
      throw e;
    }
  }
  let file: Awaited<ReturnType<typeof openStoredFile>>;
  try {
    file = await openStoredFile(doc.storageKey);
  } catch (e) {
    logger.error({ err: e, documentId: doc.id, storageKey: doc.storageKey }, "stored file is missing");
    throw new NotFoundError("Tệp của tài liệu này không còn trên máy chủ, vui lòng báo Văn phòng.");
  }
  if (file.size !== Number(doc.size)) logger.warn({ documentId: doc.id, expected: doc.size, actual: file.size }, "stored file size differs from its row");
  return { stream: file.stream, fileName: doc.fileName, mime: doc.mime, size: file.size, sha256: doc.sha256 };
}
