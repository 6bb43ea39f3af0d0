import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { UniqueConstraintError, type Transaction } from "sequelize";
import { diffLines } from "diff";
import * as Y from "yjs";
import { getDb } from "../../models";
import type { Minutes, ProseMirrorJson } from "../../models";
import { emitAfterCommit, getCollab } from "../../realtime";
import type { CurrentUser } from "../lib/current-user";
import { ForbiddenError, NotFoundError, ValidationError } from "../lib/errors";
import { MINUTES_FIELD } from "../lib/minutes/extensions";
import { buildMinutesTemplate, type MinutesTemplateInput } from "../lib/minutes/template";
import { can, canSeeMeeting } from "../policies";
import { recordAudit } from "./audit.server";
import { meetingAccessFor } from "./meeting-access.server";
import { meetingRoleOf } from "./meetings.server";
import { minutesSchema, plainText, renderMinutes, renderMinutesInTurns, textToMinutesJSON, yDocFromJSON } from "./minutes-render.server";
import { indexMinutes } from "./search-index.server";

/** MEDIUMBLOB holds 16 MB; we refuse well before. */
export const MAX_MINUTES_BYTES = 8 * 1024 * 1024;
const TOO_BIG = "Biên bản vượt quá dung lượng tối đa (8 MB).";
/** A periodic version is kept for every 10 minutes of editing. */
const PERIODIC_VERSION_MS = 10 * 60_000;

/** MySQL/MariaDB deadlock (1213) or lock wait timeout (1205), or SQLite busy: the transaction may simply be retried. */
function isLockConflict(e: unknown) {
  const parent = (e as { parent?: { errno?: number; code?: string } } | null)?.parent;
  return parent?.errno === 1213 || parent?.errno === 1205 || parent?.code === "SQLITE_BUSY";
}

/** The HTML/JSON snapshot is refreshed at most this often while typing goes on; every final store refreshes it. */
const SNAPSHOT_EVERY_MS = 120_000;

/**
 * Snapshots of ongoing edits cost a render (~5 ms for a page of minutes), a
 * search-index write and a locked transaction, where a plain store is one
 * UPDATE. When many documents are edited at once (a morning's meetings), at
 * most this many such renders a second across the process; the rest wait for
 * their document's next store. Final stores and versions never wait.
 */
const SNAPSHOTS_PER_SECOND = 2;
const snapshotBudget = { tokens: SNAPSHOTS_PER_SECOND, at: Date.now() };
function takeSnapshotTurn() {
  const now = Date.now();
  snapshotBudget.tokens = Math.min(SNAPSHOTS_PER_SECOND, snapshotBudget.tokens + ((now - snapshotBudget.at) / 1000) * SNAPSHOTS_PER_SECOND);
  snapshotBudget.at = now;
  if (snapshotBudget.tokens < 1) return false;
  snapshotBudget.tokens--;
  return true;
}

/**
 * What this process last wrote (or loaded) per document: the state's revision
 * (minutes.state_rev), when it last rendered the snapshot, and when the last
 * version was made (periodic versions count 10 minutes of editing from it).
 * While the stored revision is still ours, the live document holds all of the
 * stored state: no merge and no second Y.Doc.
 */
const written = new Map<number, { rev: number; snapshotAt: number; versionAt: number }>();
/**
 * A loaded state is what is stored: the next store need not merge. A snapshot
 * rendered from that same state counts as rendered now, so typing refreshes it
 * 2 minutes later like any other (rendering it again at once would only repeat
 * it: with a morning's meetings opened together, 100 renders in the first
 * seconds of typing). A snapshot behind the state (the process that wrote it
 * stopped between stores) is rendered by the first store.
 */
const remember = (meetingId: number, rev: number, versionAt: number, snapshotCurrent: boolean) =>
  void written.set(meetingId, { rev, snapshotAt: snapshotCurrent ? Date.now() : 0, versionAt });

/** The columns of a state revision written with its snapshot: snapshot_rev always follows (migration 0006). */
function withSnapshot(rev: number, snap: { json: JSONContent; html: string; text: string }) {
  return { stateRev: rev, snapshotRev: rev, json: snap.json as ProseMirrorJson, html: snap.html, text: snap.text };
}

/** The last version's time or, before the first, the minutes' creation (a version of the first keystrokes would only repeat the template). */
async function lastVersionAt(row: Minutes, transaction: Transaction) {
  const last = await getDb().MinutesVersion.findOne({ attributes: ["createdAt"], where: { minutesId: row.id }, order: [["createdAt", "DESC"]], transaction });
  return (last?.createdAt ?? row.createdAt).getTime();
}


type Actor = Pick<CurrentUser, "id" | "roles" | "unitId">;

export const MINUTES_STATUS_LABELS: Record<string, string> = { draft: "Nháp", final: "Hoàn thiện", approved: "Đã duyệt" };

async function loadMeeting(meetingId: number, transaction?: Transaction) {
  const db = getDb();
  const meeting = await db.Meeting.findByPk(meetingId, { include: [{ model: db.Body, as: "body" }], transaction });
  if (!meeting) throw new NotFoundError("Không tìm thấy cuộc họp.");
  return meeting;
}

/** The actor's rights on one meeting's minutes, from the one policy module. */
export async function minutesRights(actor: Actor, meetingId: number) {
  const db = getDb();
  const meeting = await db.Meeting.findByPk(meetingId, { include: [{ model: db.Body, as: "body" }] });
  if (!meeting) return { canRead: false, canWrite: false, canManage: false, canApprove: false, status: null as string | null, attendeesCanEdit: false };
  const access = (await meetingAccessFor(actor, [meeting])).get(meeting.id)!;
  const canRead = canSeeMeeting(actor, access);
  const minutes = await db.Minutes.findOne({ attributes: ["id", "status", "attendeesCanEdit"], where: { meetingId } });
  const status = minutes?.status ?? "draft";
  const attendeesCanEdit = Boolean(minutes?.attendeesCanEdit);
  const canManage = canRead && can(actor, "meeting:manage", meetingRoleOf(meeting, access.isInvitee));
  const open = status === "draft" && meeting.status !== "cancelled";
  const canWrite = canRead && open && (canManage || (attendeesCanEdit && access.isInvitee));
  const canApprove = canRead && status === "final" && (meeting.chairId === actor.id);
  return { canRead, canWrite, canManage, canApprove, status, attendeesCanEdit };
}

/** For the collaboration server: read/write at join time and after each status change. */
export async function minutesAccess(actor: CurrentUser | { id: number }, meetingId: number) {
  const user = "roles" in actor ? actor : await actorById(actor.id);
  if (!user) return { canRead: false, canWrite: false };
  const r = await minutesRights(user, meetingId);
  const reason = !r.canWrite && r.canRead
    ? r.status === "draft"
      ? "Bạn chỉ có quyền xem. Thư ký có thể cho phép người dự họp cùng soạn."
      : `Biên bản đã ${MINUTES_STATUS_LABELS[r.status ?? "draft"].toLowerCase()}; không ai chỉnh sửa được.`
    : undefined;
  return { canRead: r.canRead, canWrite: r.canWrite, reason };
}

async function actorById(id: number) {
  const u = await getDb().User.findByPk(id, { attributes: ["id", "roles", "unitId", "active"] });
  return u && u.active ? { id: u.id, roles: u.roles, unitId: u.unitId ?? null } : null;
}

/** What the biên bản template says about the meeting, from the database. */
export async function templateInputFor(meetingId: number, transaction?: Transaction): Promise<MinutesTemplateInput> {
  const db = getDb();
  const m = await db.Meeting.findByPk(meetingId, {
    include: [
      { model: db.Body, as: "body" },
      { model: db.Room, as: "room" },
      { model: db.User, as: "chair" },
      { model: db.User, as: "secretary" },
      { model: db.AgendaItem, as: "agendaItems", include: [{ model: db.User, as: "presenterUser" }, { model: db.Unit, as: "presenterUnit" }] },
      { model: db.Invitation, as: "invitations", include: [{ model: db.User, as: "user" }, { model: db.Unit, as: "unit" }, { model: db.User, as: "delegateUser" }] },
    ],
    order: [[{ model: db.AgendaItem, as: "agendaItems" }, "position", "ASC"]],
    transaction,
  });
  if (!m) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const invitations = m.invitations ?? [];
  const present = invitations
    .filter((i) => i.user && (i.checkedInAt || i.rsvp === "attending"))
    .map((i) => ({ fullName: i.user!.fullName, title: i.user!.title ?? null, note: i.delegatedFromId ? "dự thay" : undefined }));
  const absent = invitations
    .filter((i) => i.user && (i.rsvp === "absent" || i.rsvp === "delegated"))
    .map((i) => ({ fullName: i.user!.fullName, title: i.user!.title ?? null, reason: i.rsvp === "delegated" ? `cử ${i.delegateUser?.fullName ?? "người"} dự thay` : i.reason ?? null }));
  return {
    bodyName: m.body!.name,
    bodyKind: m.body!.kind,
    title: m.title,
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    place: [m.room?.name, m.room?.location, m.onlineUrl ? "trực tuyến" : null].filter(Boolean).join(", "),
    chair: m.chair ? { fullName: m.chair.fullName, title: m.chair.title ?? null } : null,
    secretary: m.secretary ? { fullName: m.secretary.fullName, title: m.secretary.title ?? null } : null,
    present,
    absent,
    agenda: (m.agendaItems ?? []).map((a) => ({ id: a.id, title: a.title, presenter: [a.presenterUser?.fullName, a.presenterUnit?.name].filter(Boolean).join(" – ") })),
  };
}

/**
 * The stored state of a meeting's minutes. The first time, the row is created
 * and filled from the template inside a locked transaction, so several people
 * (or processes) opening it at once get one template, never two.
 *
 * The empty row is inserted first, outside the locking transaction: on
 * MySQL/MariaDB a `SELECT … FOR UPDATE` on a missing key takes a gap lock, and
 * many new minutes opened at once then deadlock on their inserts. The template
 * is applied under a lock on the existing row only.
 */
export async function loadMinutesState(meetingId: number): Promise<Uint8Array | null> {
  const db = getDb();
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      const existing = await db.Minutes.findOne({ attributes: ["id"], where: { meetingId } });
      if (!existing) {
        await loadMeeting(meetingId);
        await db.Minutes.create({ meetingId, status: "draft" });
      }
      return await db.sequelize.transaction(async (transaction) => {
        await loadMeeting(meetingId, transaction);
        const row = await db.Minutes.findOne({ where: { meetingId }, transaction, lock: transaction.LOCK.UPDATE });
        if (!row) throw new NotFoundError("Không tìm thấy biên bản.");
        if (row.yjsState?.length) {
          const stored = new Uint8Array(row.yjsState);
          remember(meetingId, row.stateRev, await lastVersionAt(row, transaction), row.snapshotRev === row.stateRev);
          return stored;
        }
        // Minutes that exist only as a snapshot (seeded, imported) become the starting document instead of the template.
        const json = (row.json as JSONContent | null) ?? (row.text ? textToMinutesJSON(row.text) : buildMinutesTemplate(await templateInputFor(meetingId, transaction)));
        const doc = yDocFromJSON(json);
        const state = Y.encodeStateAsUpdate(doc);
        const snap = renderMinutes(doc);
        const rev = row.stateRev + 1;
        await row.update({ yjsState: Buffer.from(state), ...withSnapshot(rev, snap), templateApplied: true }, { transaction });
        await indexMinutes(meetingId, { transaction, text: snap.text });
        doc.destroy();
        const versionAt = await lastVersionAt(row, transaction);
        transaction.afterCommit(() => remember(meetingId, rev, versionAt, true));
        return state;
      });
    } catch (e) {
      // Two processes created the row at the same moment: read the winner's. A lock conflict: try again.
      if ((e instanceof UniqueConstraintError || isLockConflict(e)) && attempt < 3) {
        await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (attempt + 1)));
        continue;
      }
      throw e;
    }
  }
  return null;
}

export type StoreOptions = {
  /** the live document `state` was encoded from, rendered directly when nothing foreign is stored */
  doc?: Y.Doc;
  /** the last store before the document goes quiet (leave, flush, shutdown): always refresh the snapshot */
  final?: boolean;
};

/**
 * Stores a document's state merged with what is stored (another process may
 * have stored edits this one has not seen), with its HTML/JSON/text snapshot,
 * and keeps a periodic version every 10 minutes of activity. Under constant
 * typing the snapshot is rendered at most every 2 minutes (rendering is the
 * costly, event-loop-blocking part of a store); final stores always render.
 */
export async function storeMinutesState(meetingId: number, state: Uint8Array, options: StoreOptions = {}) {
  // A lock conflict is retried here, not later: on shutdown there is no later.
  for (let attempt = 0; ; attempt++) {
    try {
      return await storeOnce(meetingId, state, options);
    } catch (e) {
      if (!isLockConflict(e) || attempt >= 3) throw e;
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 80 * (attempt + 1)));
    }
  }
}

async function storeOnce(meetingId: number, state: Uint8Array, { doc, final = true }: StoreOptions) {
  if (state.length > MAX_MINUTES_BYTES) throw new ValidationError({ _form: TOO_BIG });
  const db = getDb();
  const mine = written.get(meetingId);
  const versionDue = mine != null && Date.now() - mine.versionAt >= PERIODIC_VERSION_MS;
  const snapshotDue = final || versionDue || !mine || (Date.now() - mine.snapshotAt >= SNAPSHOT_EVERY_MS && takeSnapshotTurn());
  if (mine && !snapshotDue) {
    // The store of ongoing typing: one statement, taken only if nobody wrote since this process did.
    const [changed] = await db.Minutes.update({ yjsState: Buffer.from(state), stateRev: mine.rev + 1, templateApplied: true }, { where: { meetingId, stateRev: mine.rev } });
    if (changed === 1) {
      mine.rev++;
      return;
    }
  }
  // Rendered before the transaction, in turns: neither the write lock nor other documents' keystrokes wait for it.
  const liveSnapshot = snapshotDue && doc ? await renderMinutesInTurns(doc) : null;
  await db.sequelize.transaction(async (transaction) => {
    // Only the state: the HTML/JSON/text snapshot columns are several times its size and are rewritten, not read.
    const row = await db.Minutes.findOne({ attributes: ["id", "yjsState", "stateRev", "createdAt"], where: { meetingId }, transaction, lock: transaction.LOCK.UPDATE });
    if (!row) return;
    const stored = row.yjsState?.length ? new Uint8Array(row.yjsState) : null;
    const onlyOurs = !stored || row.stateRev === mine?.rev;
    const merged = onlyOurs ? state : Y.mergeUpdates([stored, state]);
    if (merged.length > MAX_MINUTES_BYTES) throw new ValidationError({ _form: TOO_BIG });
    // Known once loaded: this process makes the periodic versions, and snapshotVersion updates it.
    const lastAt = mine?.versionAt ?? (await lastVersionAt(row, transaction));
    const periodic = Date.now() - lastAt >= PERIODIC_VERSION_MS;
    const versionAt = periodic ? Date.now() : lastAt;
    const rev = row.stateRev + 1;
    if (!snapshotDue && !periodic) {
      await row.update({ yjsState: Buffer.from(merged), stateRev: rev, templateApplied: true }, { transaction });
      transaction.afterCommit(() => void written.set(meetingId, { rev, snapshotAt: mine?.snapshotAt ?? 0, versionAt }));
      return;
    }
    const snap = onlyOurs && liveSnapshot ? liveSnapshot : await renderStateInTurns(merged);
    await row.update({ yjsState: Buffer.from(merged), ...withSnapshot(rev, snap), templateApplied: true }, { transaction });
    await indexMinutes(meetingId, { transaction, text: snap.text });
    transaction.afterCommit(() => remember(meetingId, rev, versionAt, true));
    if (periodic) {
      await db.MinutesVersion.create({ minutesId: row.id, reason: "periodic", yjsState: Buffer.from(merged), html: snap.html, json: snap.json as ProseMirrorJson }, { transaction });
    }
  });
}

/** The snapshot of a stored state (merged with another process's edits, or stored without a live document). */
async function renderStateInTurns(state: Uint8Array) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  try {
    return await renderMinutesInTurns(doc);
  } finally {
    doc.destroy();
  }
}

/**
 * Writes any live edits and makes sure the row exists. Call it BEFORE opening
 * a transaction: it opens its own (SQLite has a single connection).
 */
export async function ensureStoredMinutes(meetingId: number) {
  await getCollab()?.flush(meetingId);
  await loadMinutesState(meetingId);
}

async function lockedMinutes(meetingId: number, transaction: Transaction) {
  const row = await getDb().Minutes.findOne({ where: { meetingId }, transaction, lock: transaction.LOCK.UPDATE });
  if (!row) throw new NotFoundError("Chưa có biên bản.");
  return row;
}

function announce(transaction: Transaction, meetingId: number, payload: object) {
  emitAfterCommit(transaction, [`minutes:${meetingId}`, `meeting:${meetingId}`], "minutes:status", { meetingId, ...payload });
  transaction.afterCommit(() => void getCollab()?.refreshAccess(meetingId));
}

async function snapshotVersion(row: Minutes, reason: "finalize" | "approve" | "restore" | "manual", actorId: number, transaction: Transaction) {
  transaction.afterCommit(() => {
    const mine = written.get(row.meetingId);
    if (mine) mine.versionAt = Date.now();
  });
  await getDb().MinutesVersion.create(
    { minutesId: row.id, reason, yjsState: row.yjsState ?? Buffer.alloc(0), html: row.html ?? "", json: row.json, createdById: actorId },
    { transaction },
  );
}

type Transition = { actor: Actor; meetingId: number };

/** Hoàn thiện: the secretary locks the minutes; a version is kept. */
export async function finalizeMinutes({ actor, meetingId }: Transition) {
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  if (!rights.canManage) throw new ForbiddenError("Chỉ thư ký cuộc họp hoặc Văn phòng mới hoàn thiện biên bản.");
  await ensureStoredMinutes(meetingId);
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const row = await lockedMinutes(meetingId, t);
    if (row.status !== "draft") throw new ValidationError({ _form: `Biên bản đang ở trạng thái «${MINUTES_STATUS_LABELS[row.status]}».` });
    await row.update({ status: "final", finalizedById: actor.id, finalizedAt: new Date(), version: row.version + 1 }, { transaction: t });
    await snapshotVersion(row, "finalize", actor.id, t);
    await recordAudit({ actorId: actor.id, action: "minutes.finalize", entityType: "meeting", entityId: meetingId, before: { status: "draft" }, after: { status: "final" }, transaction: t });
    announce(t, meetingId, { status: "final" });
    return row;
  });
}

/** Đã duyệt: only the meeting's chair approves the finalized minutes. */
export async function approveMinutes({ actor, meetingId }: Transition) {
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  await ensureStoredMinutes(meetingId);
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const row = await lockedMinutes(meetingId, t);
    const meeting = await loadMeeting(meetingId, t);
    if (meeting.chairId !== actor.id) throw new ForbiddenError("Chỉ người chủ trì cuộc họp mới duyệt biên bản.");
    if (row.status !== "final") throw new ValidationError({ _form: "Chỉ duyệt biên bản đã hoàn thiện." });
    await row.update({ status: "approved", approvedById: actor.id, approvedAt: new Date(), version: row.version + 1 }, { transaction: t });
    await snapshotVersion(row, "approve", actor.id, t);
    await recordAudit({ actorId: actor.id, action: "minutes.approve", entityType: "meeting", entityId: meetingId, before: { status: "final" }, after: { status: "approved" }, transaction: t });
    announce(t, meetingId, { status: "approved" });
    return row;
  });
}

/** Mở lại: the secretariat reopens finalized or approved minutes for editing (audited). */
export async function reopenMinutes({ actor, meetingId, reason }: Transition & { reason: string }) {
  if (!actor.roles.includes("secretariat")) throw new ForbiddenError("Chỉ Văn phòng mới mở lại biên bản.");
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  await ensureStoredMinutes(meetingId);
  const db = getDb();
  return db.sequelize.transaction(async (t) => {
    const row = await lockedMinutes(meetingId, t);
    if (row.status === "draft") throw new ValidationError({ _form: "Biên bản đang ở trạng thái nháp." });
    const before = { status: row.status, approvedById: row.approvedById, approvedAt: row.approvedAt };
    await row.update({ status: "draft", approvedById: null, approvedAt: null, finalizedById: null, finalizedAt: null, version: row.version + 1 }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: "minutes.reopen", entityType: "meeting", entityId: meetingId, before, after: { status: "draft", reason }, transaction: t });
    announce(t, meetingId, { status: "draft" });
    return row;
  });
}

/** The secretary's switch: may the meeting's attendees edit the draft too? */
export async function setAttendeesCanEdit({ actor, meetingId, allowed }: Transition & { allowed: boolean }) {
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  if (!rights.canManage) throw new ForbiddenError("Chỉ thư ký cuộc họp hoặc Văn phòng mới thay đổi quyền soạn biên bản.");
  const db = getDb();
  await loadMinutesState(meetingId);
  return db.sequelize.transaction(async (t) => {
    const row = await lockedMinutes(meetingId, t);
    await row.update({ attendeesCanEdit: allowed }, { transaction: t });
    await recordAudit({ actorId: actor.id, action: "minutes.attendees_can_edit", entityType: "meeting", entityId: meetingId, before: { allowed: !allowed }, after: { allowed }, transaction: t });
    announce(t, meetingId, { attendeesCanEdit: allowed });
  });
}

export async function listMinutesVersions(actor: Actor, meetingId: number) {
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const db = getDb();
  const row = await db.Minutes.findOne({ attributes: ["id"], where: { meetingId } });
  if (!row) return [];
  const versions = await db.MinutesVersion.findAll({
    attributes: ["id", "reason", "createdAt", "createdById"],
    where: { minutesId: row.id },
    include: [{ model: db.User, as: "createdBy", attributes: ["id", "fullName"] }],
    order: [["createdAt", "DESC"], ["id", "DESC"]],
    limit: 200,
  });
  return versions.map((v) => ({ id: v.id, reason: v.reason, createdAt: v.createdAt.toISOString(), createdBy: v.createdBy?.fullName ?? null }));
}

export async function getMinutesVersion(actor: Actor, meetingId: number, versionId: number) {
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const db = getDb();
  const version = await db.MinutesVersion.findOne({
    where: { id: versionId },
    include: [{ model: db.Minutes, as: "minutes", attributes: ["id", "meetingId"], where: { meetingId } }],
  });
  if (!version) throw new NotFoundError("Không tìm thấy phiên bản.");
  return { id: version.id, reason: version.reason, createdAt: version.createdAt.toISOString(), html: version.html, json: version.json as JSONContent | null };
}

/**
 * Restores a version as a new edit: the live document's content is replaced
 * inside one Yjs transaction, so everyone editing sees it happen and can undo.
 */
export async function restoreMinutesVersion({ actor, meetingId, versionId }: Transition & { versionId: number }) {
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  if (!rights.canManage) throw new ForbiddenError("Chỉ thư ký cuộc họp hoặc Văn phòng mới khôi phục phiên bản.");
  if (rights.status !== "draft") throw new ValidationError({ _form: "Chỉ khôi phục khi biên bản đang ở trạng thái nháp." });
  const version = await getMinutesVersion(actor, meetingId, versionId);
  const json = version.json ?? textToMinutesJSON(version.html.replace(/<[^>]+>/g, "\n"));
  const replace = (doc: Y.Doc) => {
    const fragment = doc.getXmlFragment(MINUTES_FIELD);
    fragment.delete(0, fragment.length);
    prosemirrorJSONToYXmlFragment(minutesSchema(), json, fragment);
  };
  const live = await getCollab()?.change(meetingId, replace);
  if (!live) {
    const state = await loadMinutesState(meetingId);
    const doc = new Y.Doc();
    if (state) Y.applyUpdate(doc, state);
    doc.transact(() => replace(doc));
    await storeMinutesState(meetingId, Y.encodeStateAsUpdate(doc));
    doc.destroy();
  }
  const db = getDb();
  await db.sequelize.transaction(async (t) => {
    const row = await db.Minutes.findOne({ where: { meetingId }, transaction: t });
    if (row) await snapshotVersion(row, "restore", actor.id, t);
    await recordAudit({ actorId: actor.id, action: "minutes.restore", entityType: "meeting", entityId: meetingId, after: { versionId }, transaction: t });
  });
}

/** The read-only view (and the page's initial render) of a meeting's minutes. */
export async function minutesSummary(actor: Actor, meetingId: number) {
  const rights = await minutesRights(actor, meetingId);
  if (!rights.canRead) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const db = getDb();
  const row = await db.Minutes.findOne({
    attributes: ["id", "status", "html", "attendeesCanEdit", "approvedAt", "finalizedAt", "updatedAt"],
    where: { meetingId },
    include: [
      { model: db.User, as: "approvedBy", attributes: ["id", "fullName"] },
      { model: db.User, as: "finalizedBy", attributes: ["id", "fullName"] },
    ],
  });
  return {
    exists: Boolean(row),
    status: row?.status ?? "draft",
    html: row?.html ?? null,
    attendeesCanEdit: Boolean(row?.attendeesCanEdit),
    approvedAt: row?.approvedAt?.toISOString() ?? null,
    approvedBy: row?.approvedBy?.fullName ?? null,
    finalizedAt: row?.finalizedAt?.toISOString() ?? null,
    finalizedBy: row?.finalizedBy?.fullName ?? null,
    updatedAt: row?.updatedAt?.toISOString() ?? null,
    rights,
  };
}


/** Line differences between a version and the current minutes (or two versions). */
export async function diffMinutesVersion(actor: Actor, meetingId: number, versionId: number, againstId?: number) {
  const version = await getMinutesVersion(actor, meetingId, versionId);
  await ensureStoredMinutes(meetingId);
  const base = againstId
    ? await getMinutesVersion(actor, meetingId, againstId)
    : { json: ((await getDb().Minutes.findOne({ attributes: ["json"], where: { meetingId } }))?.json ?? null) as JSONContent | null };
  const textOf = (json: JSONContent | null) => (json ? plainText(json) : "").replace(/\n{2,}/g, "\n");
  return diffLines(textOf(version.json), textOf(base.json)).map((part) => ({ value: part.value, added: Boolean(part.added), removed: Boolean(part.removed) }));
}
