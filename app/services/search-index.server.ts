import { QueryTypes, type Transaction } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import type { SearchKind } from "../../models/search-entry";
import { dateOnly, todayInHanoi } from "../lib/dates";
import { DIRECTIVE_KIND_INFO } from "../lib/directive-number";
import { fold } from "../lib/fold";
import { singleton } from "../lib/singleton.server";

/**
 * The search index (search_entries, decision 009): one row per meeting,
 * agenda item, directive, task and minutes, with its title, its plain text
 * (for excerpts) and both folded (no diacritics, đ→d, lower case) for
 * matching. Who may see a row is never stored here: search joins back to the
 * records and applies the policy at query time, so a change of invitations,
 * confidentiality or units never leaves the index stale on visibility.
 *
 * The services that write those records call the index* functions inside
 * their transaction: the entry commits (or rolls back) with the record.
 */

type Opts = { transaction?: Transaction };

/** Excerpts come from the start of the text; a task or a directive is never near this. */
const MAX_BODY_CHARS = 20_000;
/** Minutes run long; what a search needs is well within this (and FULLTEXT work grows with it). */
const MAX_MINUTES_CHARS = 60_000;
const MAX_TITLE_CHARS = 500;

export type SearchEntryRow = {
  kind: SearchKind;
  entityId: number;
  meetingId: number | null;
  title: string;
  body: string;
  occurredOn: string | null;
};

// ── Plain text ─────────────────────────────────────────────────────────────

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/** Sanitized HTML (toàn văn, the minutes snapshot) → text, one line per block. */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return "";
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, " ")
    .replace(/<\/(p|h[1-6]|li|tr|blockquote|pre|div)\s*>|<br\s*\/?>|<hr\s*\/?>/gi, "\n")
    .replace(/<\/t[dh]\s*>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === "#") {
        const code = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : " ";
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
}

/** NFC (fold keeps its length then), no control characters, spaces squeezed, blank lines dropped, capped. */
export function cleanText(text: string | null | undefined, max = MAX_BODY_CHARS): string {
  if (!text) return "";
  const clean = text
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, " ")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n[\n ]*/g, "\n")
    .trim();
  if (clean.length <= max) return clean;
  // never cut a surrogate pair in two
  const cut = /[\ud800-\udbff]/.test(clean[max - 1]) ? max - 1 : max;
  return clean.slice(0, cut);
}

const oneLine = (s: string, max = MAX_TITLE_CHARS) => {
  const line = cleanText(s, 5000).replace(/\n/g, " ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

/** What the index matches: title and text, folded, one string. */
export function foldedOf(entry: Pick<SearchEntryRow, "title" | "body">) {
  return fold(`${entry.title}\n${entry.body}`);
}

// ── Entries from records ───────────────────────────────────────────────────

const hanoiDate = (d: Date | string | null | undefined) => (d ? todayInHanoi(d instanceof Date ? d : new Date(d)) : null);

type MeetingFacts = { id: number; title: string; notes?: string | null; startsAt: Date | string; bodyName?: string | null };

export function meetingEntry(m: MeetingFacts): SearchEntryRow {
  return {
    kind: "meeting",
    entityId: m.id,
    meetingId: m.id,
    title: oneLine(m.title),
    body: cleanText([m.bodyName, m.notes].filter(Boolean).join("\n")),
    occurredOn: hanoiDate(m.startsAt),
  };
}

export function agendaItemEntry(a: { id: number; meetingId: number; title: string; description?: string | null; meetingStartsAt: Date | string | null }): SearchEntryRow {
  return {
    kind: "agenda_item",
    entityId: a.id,
    meetingId: a.meetingId,
    title: oneLine(a.title),
    body: cleanText(a.description),
    occurredOn: hanoiDate(a.meetingStartsAt),
  };
}

type DirectiveFacts = {
  id: number;
  kind: keyof typeof DIRECTIVE_KIND_INFO;
  numberFormat: "party" | "state";
  number: string;
  symbol: string;
  issuer: string;
  signer?: string | null;
  issuedOn: string | Date;
  summary: string;
  body?: string | null;
  sourceMeetingId?: number | null;
};

/** "Chỉ thị 24-CT/TU" as the title: the kind's name and the number are what people type ("chi thi 24"). */
export function directiveEntry(d: DirectiveFacts): SearchEntryRow {
  const kindName = DIRECTIVE_KIND_INFO[d.kind]?.name ?? d.kind;
  return {
    kind: "directive",
    entityId: d.id,
    meetingId: null,
    title: oneLine(`${kindName} ${formatDirectiveNumber(d)}`),
    body: cleanText([d.summary, d.issuer, d.signer, htmlToText(d.body)].filter(Boolean).join("\n")),
    occurredOn: dateOnly(d.issuedOn),
  };
}

export function taskEntry(t: { id: number; content: string; result?: string | null; deadline?: string | Date | null; assignedOn?: string | Date | null }): SearchEntryRow {
  return {
    kind: "task",
    entityId: t.id,
    meetingId: null,
    title: oneLine(t.content, 300),
    body: cleanText([t.content, t.result].filter(Boolean).join("\n")),
    occurredOn: dateOnly(t.deadline ?? t.assignedOn ?? null),
  };
}

export function minutesEntry(m: { meetingId: number; meetingTitle: string; meetingStartsAt: Date | string | null; text?: string | null; html?: string | null }): SearchEntryRow {
  const text = m.text && m.text.trim() ? m.text : htmlToText(m.html);
  return {
    kind: "minutes",
    // one minutes per meeting: keyed by the meeting, which is also what its link and its visibility follow
    entityId: m.meetingId,
    meetingId: m.meetingId,
    title: oneLine(`Biên bản: ${m.meetingTitle}`),
    body: cleanText(text, MAX_MINUTES_CHARS),
    occurredOn: hanoiDate(m.meetingStartsAt),
  };
}

// ── Writing ────────────────────────────────────────────────────────────────

/**
 * Bumped after every committed index write in this process, so search drops
 * cached candidates at once (other processes within their cache TTL). On
 * globalThis: the Remix build and code importing the sources (scripts, tests)
 * are two module copies in one process and must agree on it.
 */
const index = singleton("searchIndexGeneration", () => ({ generation: 0 }));
export const indexGeneration = () => index.generation;
function changed(transaction?: Transaction) {
  if (transaction) transaction.afterCommit(() => void index.generation++);
  else index.generation++;
}

const COLUMNS = ["kind", "entity_id", "meeting_id", "title", "folded", "body", "occurred_on", "updated_at"];
const UPDATED = COLUMNS.filter((c) => c !== "kind" && c !== "entity_id");

/** Upserts many entries in one statement (ON DUPLICATE KEY / ON CONFLICT on the unique (kind, entity_id)). */
export async function writeEntries(entries: SearchEntryRow[], { transaction }: Opts = {}) {
  if (!entries.length) return;
  const db = getDb();
  const mysql = db.sequelize.getDialect() !== "sqlite";
  const now = new Date();
  const values: unknown[] = [];
  for (const e of entries) values.push(e.kind, e.entityId, e.meetingId, e.title, foldedOf(e), e.body || null, e.occurredOn, now);
  const row = `(${COLUMNS.map(() => "?").join(", ")})`;
  const conflict = mysql
    ? `ON DUPLICATE KEY UPDATE ${UPDATED.map((c) => `${c} = VALUES(${c})`).join(", ")}`
    : `ON CONFLICT (kind, entity_id) DO UPDATE SET ${UPDATED.map((c) => `${c} = excluded.${c}`).join(", ")}`;
  await db.sequelize.query(`INSERT INTO search_entries (${COLUMNS.join(", ")}) VALUES ${entries.map(() => row).join(", ")} ${conflict}`, {
    replacements: values,
    transaction,
  });
  changed(transaction);
}

export async function removeFromIndex(kind: SearchKind, entityId: number, { transaction }: Opts = {}) {
  await getDb().SearchEntry.destroy({ where: { kind, entityId }, transaction });
  changed(transaction);
}

export async function indexMeeting(meetingId: number, { transaction }: Opts = {}) {
  const db = getDb();
  const m = await db.Meeting.findByPk(meetingId, {
    attributes: ["id", "title", "notes", "startsAt"],
    include: [{ model: db.Body, as: "body", attributes: ["id", "name"] }],
    transaction,
  });
  if (!m) return removeFromIndex("meeting", meetingId, { transaction });
  const entry = meetingEntry({ id: m.id, title: m.title, notes: m.notes, startsAt: m.startsAt, bodyName: m.body?.name });
  await writeEntries([entry], { transaction });
  // Its agenda items and minutes are dated by it (a postponed meeting moves them) and the minutes carry its title.
  await db.SearchEntry.update({ occurredOn: entry.occurredOn }, { where: { meetingId: m.id, kind: ["agenda_item", "minutes"] }, transaction });
  const minutes = await db.SearchEntry.findOne({ attributes: ["id"], where: { kind: "minutes", entityId: m.id }, transaction });
  if (minutes) await indexMinutes(m.id, { transaction });
}

export async function indexAgendaItem(itemId: number, { transaction }: Opts = {}) {
  const db = getDb();
  const a = await db.AgendaItem.findByPk(itemId, {
    attributes: ["id", "meetingId", "title", "description"],
    include: [{ model: db.Meeting, as: "meeting", attributes: ["id", "startsAt"] }],
    transaction,
  });
  if (!a) return removeFromIndex("agenda_item", itemId, { transaction });
  await writeEntries([agendaItemEntry({ ...a.get({ plain: true }), meetingStartsAt: a.meeting?.startsAt ?? null })], { transaction });
}

export async function indexDirective(directiveId: number, { transaction }: Opts = {}) {
  const d = await getDb().Directive.findByPk(directiveId, {
    attributes: ["id", "kind", "numberFormat", "number", "symbol", "issuer", "signer", "issuedOn", "summary", "body", "sourceMeetingId"],
    transaction,
  });
  if (!d) return removeFromIndex("directive", directiveId, { transaction });
  await writeEntries([directiveEntry(d.get({ plain: true }) as DirectiveFacts)], { transaction });
}

/** Indexes one task, or several (createTasks gives many at once) in one statement. */
export async function indexTask(taskId: number | number[], { transaction }: Opts = {}) {
  const ids = Array.isArray(taskId) ? taskId : [taskId];
  if (!ids.length) return;
  const rows = await getDb().Task.findAll({ attributes: ["id", "content", "result", "deadline", "assignedOn"], where: { id: ids }, transaction });
  await writeEntries(rows.map((t) => taskEntry(t.get({ plain: true }))), { transaction });
  for (const id of ids) if (!rows.some((t) => t.id === id)) await removeFromIndex("task", id, { transaction });
}

/**
 * The minutes of a meeting, from their stored snapshot (the plain text the
 * snapshot writer derives, else the HTML stripped). `text` may be passed by
 * the writer that has just rendered it, saving a read of a MEDIUMTEXT.
 */
export async function indexMinutes(meetingId: number, { transaction, text }: Opts & { text?: string | null } = {}) {
  const db = getDb();
  const meeting = await db.Meeting.findByPk(meetingId, { attributes: ["id", "title", "startsAt"], transaction });
  const minutes = meeting ? await db.Minutes.findOne({ attributes: text != null ? ["id"] : ["id", "text", "html"], where: { meetingId }, transaction }) : null;
  if (!meeting || !minutes) return removeFromIndex("minutes", meetingId, { transaction });
  const entry = minutesEntry({ meetingId, meetingTitle: meeting.title, meetingStartsAt: meeting.startsAt, text: text ?? minutes.text, html: text != null ? null : minutes.html });
  // Empty minutes (nothing typed yet) would only ever match on the meeting's title, which the meeting itself does.
  if (!entry.body) return removeFromIndex("minutes", meetingId, { transaction });
  await writeEntries([entry], { transaction });
}

// ── Rebuilding ─────────────────────────────────────────────────────────────

type Batch = { kind: SearchKind; table: string; select: string; toEntry: (r: Record<string, unknown>) => SearchEntryRow; idColumn?: string; batch: number };

const str = (v: unknown) => (v == null ? null : String(v));

function batches(): Batch[] {
  return [
    {
      kind: "meeting",
      table: "meetings m",
      idColumn: "m.id",
      select: "m.id, m.title, m.notes, m.starts_at, b.name AS body_name FROM meetings m LEFT JOIN bodies b ON b.id = m.body_id",
      toEntry: (r) => meetingEntry({ id: Number(r.id), title: String(r.title), notes: str(r.notes), startsAt: r.starts_at as Date, bodyName: str(r.body_name) }),
      batch: 2000,
    },
    {
      kind: "agenda_item",
      table: "agenda_items a",
      idColumn: "a.id",
      select: "a.id, a.meeting_id, a.title, a.description, m.starts_at FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id",
      toEntry: (r) => agendaItemEntry({ id: Number(r.id), meetingId: Number(r.meeting_id), title: String(r.title), description: str(r.description), meetingStartsAt: r.starts_at as Date }),
      batch: 2000,
    },
    {
      kind: "directive",
      table: "directives d",
      idColumn: "d.id",
      select: "d.id, d.kind, d.number_format, d.number, d.symbol, d.issuer, d.signer, d.issued_on, d.summary, d.body FROM directives d",
      toEntry: (r) =>
        directiveEntry({
          id: Number(r.id),
          kind: String(r.kind) as DirectiveFacts["kind"],
          numberFormat: String(r.number_format) as DirectiveFacts["numberFormat"],
          number: String(r.number),
          symbol: String(r.symbol),
          issuer: String(r.issuer),
          signer: str(r.signer),
          issuedOn: r.issued_on as string,
          summary: String(r.summary),
          body: str(r.body),
        }),
      batch: 500,
    },
    {
      kind: "task",
      table: "tasks t",
      idColumn: "t.id",
      select: "t.id, t.content, t.result, t.deadline, t.assigned_on FROM tasks t",
      toEntry: (r) => taskEntry({ id: Number(r.id), content: String(r.content), result: str(r.result), deadline: r.deadline as string | null, assignedOn: r.assigned_on as string | null }),
      batch: 5000,
    },
    {
      kind: "minutes",
      table: "minutes n",
      idColumn: "n.id",
      select: "n.id, n.meeting_id, n.text, n.html, m.title, m.starts_at FROM minutes n JOIN meetings m ON m.id = n.meeting_id",
      toEntry: (r) => minutesEntry({ meetingId: Number(r.meeting_id), meetingTitle: String(r.title), meetingStartsAt: r.starts_at as Date, text: str(r.text), html: str(r.html) }),
      batch: 200,
    },
  ];
}

/** Entries whose record is gone (deleted agenda items, minutes never written). */
const ORPHANS: Record<SearchKind, string> = {
  meeting: "kind = 'meeting' AND NOT EXISTS (SELECT 1 FROM meetings x WHERE x.id = search_entries.entity_id)",
  agenda_item: "kind = 'agenda_item' AND NOT EXISTS (SELECT 1 FROM agenda_items x WHERE x.id = search_entries.entity_id)",
  directive: "kind = 'directive' AND NOT EXISTS (SELECT 1 FROM directives x WHERE x.id = search_entries.entity_id)",
  task: "kind = 'task' AND NOT EXISTS (SELECT 1 FROM tasks x WHERE x.id = search_entries.entity_id)",
  minutes: "kind = 'minutes' AND NOT EXISTS (SELECT 1 FROM minutes x WHERE x.meeting_id = search_entries.entity_id)",
};

/**
 * Rebuilds every entry from the records, in batches by id (no long
 * transaction, bounded memory): for existing data, after seeds and imports
 * that write rows directly, and from `npm run search:reindex`.
 */
export async function reindexAll({ log }: { log?: (msg: string) => void } = {}) {
  const db = getDb();
  const counts: Record<string, number> = {};
  for (const b of batches()) {
    let last = 0;
    let total = 0;
    const started = Date.now();
    for (;;) {
      const rows = (await db.sequelize.query(`SELECT ${b.select} WHERE ${b.idColumn} > ? ORDER BY ${b.idColumn} LIMIT ${b.batch}`, {
        replacements: [last],
        type: QueryTypes.SELECT,
      })) as Record<string, unknown>[];
      if (!rows.length) break;
      last = Number(rows[rows.length - 1].id);
      const entries = rows.map(b.toEntry).filter((e) => e.kind !== "minutes" || e.body);
      await writeEntries(entries, {});
      total += entries.length;
    }
    await db.sequelize.query(`DELETE FROM search_entries WHERE ${ORPHANS[b.kind]}`);
    changed();
    counts[b.kind] = total;
    log?.(`${b.kind}: ${total} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
  return counts;
}

/**
 * On start: a database that has records but an empty index (the 0002
 * migration ran on existing data, or rows were loaded around the services)
 * gets its index built once. Two cheap queries when there is nothing to do;
 * the start-up does not wait for a build (minutes at city scale).
 */
export async function ensureSearchIndex({ log, onStart }: { log?: (msg: string) => void; onStart?: () => void } = {}) {
  const db = getDb();
  if (await db.SearchEntry.findOne({ attributes: ["id"] })) return { built: false };
  const [meeting, directive, task] = await Promise.all([
    db.Meeting.findOne({ attributes: ["id"] }),
    db.Directive.findOne({ attributes: ["id"] }),
    db.Task.findOne({ attributes: ["id"] }),
  ]);
  if (!meeting && !directive && !task) return { built: false };
  onStart?.();
  return { built: true, counts: await reindexAll({ log }) };
}

