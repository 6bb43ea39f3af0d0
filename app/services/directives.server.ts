import { Op, UniqueConstraintError, type Transaction } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import type { Directive, Meeting, ProseMirrorJson } from "../../models";
import { emitAfterCommit } from "../../realtime";
import type { CurrentUser } from "../lib/current-user";
import { formatDateOnly, formatDateTime, todayInHanoi } from "../lib/dates";
import { DIRECTIVE_KIND_INFO } from "../lib/directive-number";
import { ConflictError, NotFoundError, ValidationError } from "../lib/errors";
import { CONFIDENTIALITY_LABELS, DIRECTIVE_STATUS_LABELS } from "../lib/labels";
import { authorize, canSeeDirective, canSeeMeeting } from "../policies";
import { deadlinesBeforeIssue, type DirectiveFormInput, type TaskRows } from "../schemas/directive";
import { changedOnly, recordAudit } from "./audit.server";
import { directiveAccessFor, sanitizeDirectiveBody } from "./directive-queries.server";

export { sanitizeDirectiveBody };
import { meetingAccessFor } from "./meeting-access.server";
import { renderMinutesJSON } from "./minutes-render.server";
import { indexDirective } from "./search-index.server";
import { createTasks } from "./tasks.server";
import { inTransaction } from "./transaction.server";

/**
 * The directive register (sổ văn bản chỉ đạo): recording a directive with the
 * tasks it assigns (one transaction), correcting it under optimistic locking,
 * its validity (còn / hết hiệu lực / được thay thế), the conclusion notice
 * drafted from a meeting's minutes, and assigning more tasks later.
 */

type Actor = CurrentUser;
type Props = { actor: Actor; ip?: string | null; transaction?: Transaction };

const NOT_FOUND = "Không tìm thấy văn bản.";

// ── Checks against the database ────────────────────────────────────────────

const norm = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim().toLocaleLowerCase("vi");

type Identity = { issuer: string; symbol: string; number: string; year: number };

function duplicateMessage(display: string, issuer: string, year: number, existing?: Pick<Directive, "summary"> | null) {
  const what = existing ? ` («${existing.summary.length > 80 ? `${existing.summary.slice(0, 77)}…` : existing.summary}»)` : "";
  return `Đã có văn bản số ${display} của ${issuer} năm ${year}${what}. Vui lòng kiểm tra lại số, ký hiệu hoặc cơ quan ban hành.`;
}

/** Unique per issuer + symbol + number + year (the index in 0001), spelled loosely: case and spacing do not make a new document. */
async function assertUnique(id: Identity, display: string, excludeId: number | null, transaction: Transaction) {
  const rows = await getDb().Directive.findAll({
    attributes: ["id", "issuer", "symbol", "number", "year", "summary"],
    where: { number: id.number, year: id.year, ...(excludeId ? { id: { [Op.ne]: excludeId } } : {}) },
    transaction,
  });
  const same = rows.find((r) => norm(r.issuer) === norm(id.issuer) && norm(r.symbol) === norm(id.symbol));
  if (same) throw new ValidationError({ number: duplicateMessage(display, same.issuer, id.year, same) }, "Số, ký hiệu văn bản bị trùng.");
}

/** The race the check above cannot see: the unique index answers, with the same message. */
async function guardUnique<T>(id: Identity, display: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof UniqueConstraintError) throw new ValidationError({ number: duplicateMessage(display, id.issuer, id.year) }, "Số, ký hiệu văn bản bị trùng.");
    throw e;
  }
}

async function visibleMeeting(actor: Actor, meetingId: number, transaction?: Transaction): Promise<Meeting | null> {
  const db = getDb();
  const m = await db.Meeting.findByPk(meetingId, {
    include: [
      { model: db.Body, as: "body" },
      { model: db.User, as: "chair", attributes: ["id", "fullName", "title"] },
    ],
    transaction,
  });
  if (!m) return null;
  const access = (await meetingAccessFor(actor, [m])).get(m.id)!;
  return canSeeMeeting(actor, access) ? m : null;
}

/** "được thay thế bởi X": X exists, is visible, is not this one, and does not lead back to it. */
async function assertReplacement(actor: Actor, selfId: number | null, status: string, replacedById: number | null, transaction: Transaction) {
  if (status !== "replaced") return null;
  if (!replacedById) throw new ValidationError({ replacedById: "Vui lòng chọn văn bản thay thế." });
  if (replacedById === selfId) throw new ValidationError({ replacedById: "Văn bản không thể được thay thế bởi chính nó." });
  const db = getDb();
  const access = await directiveAccessFor(actor, replacedById);
  if (!access || !canSeeDirective(actor, access)) throw new ValidationError({ replacedById: "Văn bản thay thế không tồn tại." });
  // Follow X's own chain: A replaced by B replaced by A is a loop, not a history.
  let next: number | null = replacedById;
  for (let hops = 0; next && hops < 100; hops++) {
    const d: Directive | null = await db.Directive.findByPk(next, { attributes: ["id", "replacedById"], transaction });
    if (!d) break;
    if (selfId && d.replacedById === selfId) throw new ValidationError({ replacedById: "Văn bản được chọn đã được thay thế bởi chính văn bản này; không thể thay thế vòng." });
    next = d.replacedById ?? null;
  }
  return replacedById;
}

/** The same rule the form's parser applies, for callers that come without it (the service is the last word). */
function assertDeadlinesAfterIssue(tasks: TaskRows, issuedOn: string) {
  const fields = deadlinesBeforeIssue(tasks, issuedOn);
  if (Object.keys(fields).length) throw new ValidationError(fields, "Có nhiệm vụ có thời hạn trước ngày ban hành văn bản.");
}

/** createTasks numbers rows 0…n-1 among the filled ones; the page numbers them as they were on screen. */
function remapRowErrors(e: ValidationError, indexes: number[]): ValidationError {
  if (!e.fields) return e;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.fields)) {
    const m = /^tasks\[(\d+)\]\.(.+)$/.exec(k);
    fields[m ? `tasks[${indexes[Number(m[1])] ?? m[1]}].${m[2]}` : k] = v;
  }
  return new ValidationError(fields, e.message);
}

async function createRows(actor: Actor, directive: Directive, tasks: TaskRows, transaction: Transaction, ip?: string | null) {
  if (!tasks.rows.length) return [];
  assertDeadlinesAfterIssue(tasks, directive.issuedOn);
  try {
    return await createTasks({ actor, source: { directiveId: directive.id, meetingId: null, minutesAnchor: null }, rows: tasks.rows, transaction, ip, rowPrefix: true });
  } catch (e) {
    throw e instanceof ValidationError ? remapRowErrors(e, tasks.indexes) : e;
  }
}

// ── Audit and stale forms ──────────────────────────────────────────────────

type Snapshot = Record<string, string | number | null>;

const FIELD_LABELS: Record<string, string> = {
  kind: "Loại văn bản",
  number: "Số, ký hiệu",
  issuer: "Cơ quan ban hành",
  signer: "Người ký",
  issuedOn: "Ngày ban hành",
  summary: "Trích yếu",
  body: "Toàn văn",
  confidentiality: "Độ mật",
  sourceMeeting: "Cuộc họp",
  status: "Hiệu lực",
  replacedBy: "Văn bản thay thế",
};

async function snapshotOf(d: Directive, transaction: Transaction): Promise<Snapshot> {
  const db = getDb();
  const [meeting, successor] = await Promise.all([
    d.sourceMeetingId ? db.Meeting.findByPk(d.sourceMeetingId, { attributes: ["id", "title"], transaction }) : null,
    d.replacedById ? db.Directive.findByPk(d.replacedById, { attributes: ["id", "numberFormat", "number", "symbol"], transaction }) : null,
  ]);
  return {
    kind: d.kind,
    number: formatDirectiveNumber(d),
    issuer: d.issuer,
    signer: d.signer ?? null,
    issuedOn: d.issuedOn,
    summary: d.summary,
    body: d.body ?? null,
    confidentiality: d.confidentiality,
    sourceMeeting: meeting?.title ?? null,
    status: d.status,
    replacedBy: successor ? formatDirectiveNumber(successor) : null,
    version: d.version,
  };
}

function describe(field: string, v: unknown): string {
  if (v === null || v === undefined || v === "") return "(trống)";
  if (field === "issuedOn") return formatDateOnly(String(v));
  if (field === "kind") return DIRECTIVE_KIND_INFO[v as keyof typeof DIRECTIVE_KIND_INFO]?.name ?? String(v);
  if (field === "status") return DIRECTIVE_STATUS_LABELS[String(v)] ?? String(v);
  if (field === "confidentiality") return CONFIDENTIALITY_LABELS[String(v)] ?? String(v);
  const s = String(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * A stale form says who changed what since the version it was loaded at
 * (from the audit trail), so nobody overwrites an earlier correction unseen.
 */
async function assertVersion(d: Directive, version: number, transaction: Transaction) {
  if (d.version === version) return;
  const db = getDb();
  const events = await db.AuditEvent.findAll({
    where: { entityType: "directive", entityId: d.id },
    include: [{ model: db.User, as: "actor", attributes: ["fullName"] }],
    order: [["id", "ASC"]],
    transaction,
  });
  const changes = new Map<string, string>();
  let who = "";
  let when: Date | null = null;
  for (const e of events) {
    const after = (e.after ?? null) as Snapshot | null;
    const before = (e.before ?? null) as Snapshot | null;
    if (!after || !before || Number(after.version) <= version) continue;
    who = e.actor?.fullName ?? who;
    when = e.createdAt;
    for (const k of Object.keys(after)) {
      if (!FIELD_LABELS[k]) continue;
      // the first value the person saw → the latest value
      const from = changes.has(k) ? changes.get(k)!.split(" → ")[0] : describe(k, before[k]);
      changes.set(k, k === "body" ? "đã được sửa" : `${from} → ${describe(k, after[k])}`);
    }
  }
  const by = who ? ` bởi ${who}` : "";
  const at = when ? ` lúc ${formatDateTime(when)}` : "";
  const what = changes.size ? ` Đã thay đổi: ${[...changes].map(([k, v]) => (k === "body" ? `${FIELD_LABELS[k]} ${v}` : `${FIELD_LABELS[k]}: ${v}`)).join("; ")}.` : "";
  throw new ConflictError(`Văn bản vừa được cập nhật${by}${at}.${what} Thay đổi của bạn chưa được lưu; vui lòng tải lại trang, xem lại rồi sửa tiếp.`);
}

function emitDirectiveChanged(transaction: Transaction, directiveId: number, change: "created" | "updated" | "status") {
  emitAfterCommit(transaction, [`directive:${directiveId}`], "directive:changed", { directiveId, change });
}

/** The directive, row-locked; invisible → 404, visible but not the actor's to change → 403. */
async function loadForChange(actor: Actor, directiveId: number, transaction: Transaction) {
  const d = await getDb().Directive.findByPk(directiveId, { transaction, lock: transaction.LOCK.UPDATE });
  if (!d) throw new NotFoundError(NOT_FOUND);
  const access = await directiveAccessFor(actor, d.id);
  if (!access || !canSeeDirective(actor, access)) throw new NotFoundError(NOT_FOUND);
  return d;
}

function columnsOf(input: DirectiveFormInput) {
  return {
    kind: input.kind,
    numberFormat: input.number.numberFormat,
    number: input.number.number,
    symbol: input.number.symbol,
    year: input.number.year ?? Number(input.issuedOn.slice(0, 4)),
    issuer: input.issuer,
    signer: input.signer,
    issuedOn: input.issuedOn,
    summary: input.summary,
    body: sanitizeDirectiveBody(input.body),
    confidentiality: input.confidentiality,
    sourceMeetingId: input.sourceMeetingId,
  };
}

async function assertSourceMeeting(actor: Actor, meetingId: number | null, transaction: Transaction) {
  if (meetingId && !(await visibleMeeting(actor, meetingId, transaction))) throw new ValidationError({ sourceMeetingId: "Cuộc họp không tồn tại." });
}

// ── Operations ─────────────────────────────────────────────────────────────

/**
 * Ghi sổ một văn bản with the tasks it assigns: all in one transaction, so a
 * bad task row leaves no directive behind (and a duplicate number no tasks).
 */
export async function createDirective({ actor, input, tasks = { rows: [], indexes: [] }, ip, transaction }: Props & { input: DirectiveFormInput; tasks?: TaskRows }) {
  authorize(actor, "directive:create");
  if (tasks.rows.length) authorize(actor, "task:assign");
  const cols = columnsOf(input);
  const identity = { issuer: cols.issuer, symbol: cols.symbol, number: cols.number, year: cols.year };
  const display = input.number.display;
  return inTransaction(transaction, async (t) => {
    await assertSourceMeeting(actor, cols.sourceMeetingId, t);
    const replacedById = await assertReplacement(actor, null, input.status, input.replacedById, t);
    await assertUnique(identity, display, null, t);
    const directive = await guardUnique(identity, display, () =>
      getDb().Directive.create({ ...cols, status: input.status, replacedById, createdById: actor.id, version: 1 }, { transaction: t }),
    );
    await recordAudit({ actorId: actor.id, action: "directive.create", entityType: "directive", entityId: directive.id, after: await snapshotOf(directive, t), ip, transaction: t });
    await indexDirective(directive.id, { transaction: t });
    const created = await createRows(actor, directive, tasks, t, ip);
    emitDirectiveChanged(t, directive.id, "created");
    return Object.assign(directive, { createdTasks: created });
  });
}

/** Sửa văn bản: refused when the form is stale; the issue date may not move past a task's deadline. */
export async function updateDirective({ actor, directiveId, input, version, ip, transaction }: Props & { directiveId: number; input: DirectiveFormInput; version: number }) {
  authorize(actor, "directive:edit");
  const cols = columnsOf(input);
  const identity = { issuer: cols.issuer, symbol: cols.symbol, number: cols.number, year: cols.year };
  return inTransaction(transaction, async (t) => {
    const d = await loadForChange(actor, directiveId, t);
    await assertVersion(d, version, t);
    if (cols.sourceMeetingId !== (d.sourceMeetingId ?? null)) await assertSourceMeeting(actor, cols.sourceMeetingId, t);
    const replacedById = await assertReplacement(actor, d.id, input.status, input.replacedById, t);
    await assertUnique(identity, input.number.display, d.id, t);
    if (cols.issuedOn > d.issuedOn) {
      const early = await getDb().Task.findOne({
        attributes: ["id", "content", "deadline"],
        where: { directiveId: d.id, deadline: { [Op.lt]: cols.issuedOn }, state: { [Op.ne]: "cancelled" } },
        order: [["deadline", "ASC"]],
        transaction: t,
      });
      if (early) {
        throw new ValidationError({
          issuedOn: `Ngày ban hành (${formatDateOnly(cols.issuedOn)}) không được sau thời hạn ${formatDateOnly(early.deadline)} của nhiệm vụ «${early.content.slice(0, 60)}${early.content.length > 60 ? "…" : ""}».`,
        });
      }
    }
    const before = await snapshotOf(d, t);
    await guardUnique(identity, input.number.display, () =>
      d.update({ ...cols, status: input.status, replacedById, version: d.version + 1 }, { transaction: t }),
    );
    const diff = changedOnly(before, await snapshotOf(d, t));
    await recordAudit({ actorId: actor.id, action: "directive.update", entityType: "directive", entityId: d.id, before: diff.before, after: diff.after, ip, transaction: t });
    await indexDirective(d.id, { transaction: t });
    emitDirectiveChanged(t, d.id, "updated");
    return d;
  });
}

/** Còn hiệu lực / hết hiệu lực / được thay thế bởi X. */
export async function setDirectiveStatus({ actor, directiveId, status, replacedById, version, ip, transaction }: Props & { directiveId: number; status: Directive["status"]; replacedById: number | null; version: number }) {
  authorize(actor, "directive:edit");
  return inTransaction(transaction, async (t) => {
    const d = await loadForChange(actor, directiveId, t);
    await assertVersion(d, version, t);
    const successor = await assertReplacement(actor, d.id, status, replacedById, t);
    const before = await snapshotOf(d, t);
    await d.update({ status, replacedById: successor, version: d.version + 1 }, { transaction: t });
    const diff = changedOnly(before, await snapshotOf(d, t));
    await recordAudit({ actorId: actor.id, action: "directive.status", entityType: "directive", entityId: d.id, before: diff.before, after: diff.after, ip, transaction: t });
    emitDirectiveChanged(t, d.id, "status");
    return d;
  });
}

/** Giao nhiệm vụ (several rows at once) on a directive already in the register. */
export async function assignDirectiveTasks({ actor, directiveId, tasks, ip, transaction }: Props & { directiveId: number; tasks: TaskRows }) {
  authorize(actor, "task:assign");
  return inTransaction(transaction, async (t) => {
    const d = await getDb().Directive.findByPk(directiveId, { transaction: t });
    if (!d) throw new NotFoundError(NOT_FOUND);
    const access = await directiveAccessFor(actor, d.id);
    if (!access || !canSeeDirective(actor, access)) throw new NotFoundError(NOT_FOUND);
    if (d.status !== "active") throw new ValidationError({ _form: `Văn bản ${DIRECTIVE_STATUS_LABELS[d.status].toLowerCase()}; không giao thêm nhiệm vụ.` }, `Văn bản ${DIRECTIVE_STATUS_LABELS[d.status].toLowerCase()}; không giao thêm nhiệm vụ.`);
    if (!tasks.rows.length) throw new ValidationError({ "tasks[0].content": "Vui lòng nhập ít nhất một nhiệm vụ." }, "Vui lòng nhập ít nhất một nhiệm vụ.");
    return createRows(actor, d, tasks, t, ip);
  });
}

// ── Thông báo kết luận from a meeting ──────────────────────────────────────

type PMNode = { type?: string; attrs?: Record<string, unknown>; content?: PMNode[]; text?: string };

const textOf = (n: PMNode): string => (n.type === "text" ? n.text ?? "" : (n.content ?? []).map(textOf).join(""));
const isConclusionsHeading = (n: PMNode) =>
  n.type === "heading" && (n.attrs?.section === "conclusions" || /^\s*(?:[IVX]+\.\s*)?KẾT LUẬN(?: CỦA CHỦ TRÌ| CỦA CHỦ TỌA)?\s*$/iu.test(textOf(n)));
const isEmptyParagraph = (n: PMNode) => n.type === "paragraph" && textOf(n).trim() === "";

/**
 * The "KẾT LUẬN CỦA CHỦ TRÌ" section of the Decree 30 minutes: what follows
 * its heading up to the next section heading, the closing sentence
 * ("Cuộc họp kết thúc vào…") or the signature table.
 */
export function conclusionsOfMinutes(json: ProseMirrorJson | null | undefined): PMNode[] {
  const nodes = ((json?.content ?? []) as PMNode[]).slice();
  const start = nodes.findIndex(isConclusionsHeading);
  if (start < 0) return [];
  const level = Number(nodes[start].attrs?.level ?? 2);
  const out: PMNode[] = [];
  for (const n of nodes.slice(start + 1)) {
    if (n.type === "heading" && Number(n.attrs?.level ?? 1) <= level) break;
    if (n.type === "table") break;
    if (n.type === "paragraph" && /^\s*(Cuộc họp|Hội nghị|Phiên họp) kết thúc (vào|lúc)/iu.test(textOf(n))) break;
    out.push(n);
  }
  while (out.length && isEmptyParagraph(out[0])) out.shift();
  while (out.length && isEmptyParagraph(out[out.length - 1])) out.pop();
  return out;
}

/** The same, from the HTML snapshot when the minutes have no JSON (imported as HTML). */
function conclusionsOfHtml(html: string | null | undefined): string | null {
  if (!html) return null;
  const headings = /<h([1-3])\b[^>]*>([\s\S]*?)<\/h\1>/giu;
  for (let m = headings.exec(html); m; m = headings.exec(html)) {
    if (!/KẾT LUẬN/iu.test(m[2].replace(/<[^>]*>/g, ""))) continue;
    const rest = html.slice(m.index + m[0].length);
    const end = rest.search(/<h[1-2][\s>]|<table[\s>]|<p[^>]*>\s*(?:Cuộc họp|Phiên họp|Hội nghị) kết thúc/iu);
    return end < 0 ? rest : rest.slice(0, end);
  }
  return null;
}

const lowerFirst = (s: string) => s.charAt(0).toLocaleLowerCase("vi") + s.slice(1);

/**
 * Prefill of a Thông báo kết luận (TB) from a meeting the actor may see: the
 * body as issuer, "Kết luận của … tại …" as trích yếu, the conclusions of the
 * minutes as toàn văn, and the meeting as its source.
 */
export async function conclusionNoticeDraft({ actor, meetingId }: { actor: Actor; meetingId: number }) {
  authorize(actor, "directive:create");
  const meeting = await visibleMeeting(actor, meetingId);
  if (!meeting) throw new NotFoundError("Không tìm thấy cuộc họp.");
  const minutes = await getDb().Minutes.findOne({ attributes: ["id", "json", "html", "status"], where: { meetingId } });
  const nodes = conclusionsOfMinutes(minutes?.json ?? null);
  const body = nodes.length
    ? sanitizeDirectiveBody(renderMinutesJSON({ type: "doc", content: nodes as never }).html)
    : sanitizeDirectiveBody(conclusionsOfHtml(minutes?.html));
  const chair = meeting.chair;
  const who = chair ? `đồng chí ${chair.fullName}${chair.title ? `, ${chair.title}` : ""}` : meeting.body?.name ?? "chủ trì cuộc họp";
  const where = /^(phiên họp|cuộc họp|hội nghị|buổi làm việc|họp)\b/iu.test(meeting.title) ? lowerFirst(meeting.title) : `cuộc họp ${meeting.title}`;
  return {
    kind: "TB" as const,
    number: "",
    issuer: meeting.body?.name ?? "",
    signer: null as string | null,
    issuedOn: todayInHanoi(),
    summary: `Kết luận của ${who} tại ${where}`.slice(0, 2000),
    body,
    confidentiality: meeting.confidentiality,
    sourceMeetingId: meeting.id,
    status: "active" as const,
    replacedById: null as number | null,
    meeting: { id: meeting.id, title: meeting.title, minutesStatus: minutes?.status ?? null, hasConclusions: Boolean(body) },
  };
}
