import { QueryTypes, type Transaction } from "sequelize";
import { getDb } from "../../models";
import { BODY_KINDS, CONFIDENTIALITY_LEVELS } from "../../models/enums";
import { SEARCH_KINDS, type SearchKind } from "../../models/search-entry";
import { dateOnly } from "../lib/dates";
import { fold, foldedWords } from "../lib/fold";
import { canSeeDirective, canSeeMeeting, canSeeTask, type Actor, type MeetingAccess } from "../policies";
import { meetingAccessFor } from "./meeting-access.server";
import { indexGeneration } from "./search-index.server";

/**
 * One search box over meetings, agenda items, directives, tasks and minutes
 * (decision 009). The query and the index are folded the same way (no
 * diacritics, đ→d, lower case), so "chi thi 24 ky cuong" finds "Chỉ thị
 * 24-CT/TU … kỷ cương".
 *
 * 1. Candidates (the same for everyone, cached until the index changes):
 *    on MariaDB, FULLTEXT in boolean mode on the words of 3+ letters that are
 *    rare enough to be cheap, LIKE on the folded text for the others (short
 *    words like "24" or "d", which the FULLTEXT index does not hold, and very
 *    common ones); when no word is rare enough, or on SQLite, a scan of the
 *    newest entries of each kind. Every statement is bounded (LIMIT … ROWS
 *    EXAMINED on MariaDB), so a query costs the same at any scale.
 * 2. Visibility, per user, in SQL: candidates are joined back to their
 *    records (meetings with their bodies and invitations, directives with
 *    the tasks that involve the user, tasks with their coordinating units)
 *    under a WHERE derived from the policy functions themselves; then every
 *    row is checked again with those functions.
 * 3. Ranking (relevance, then recency), grouping by kind, excerpts and
 *    highlights computed on the folded text and applied to the original.
 */

// ── Tuning (bounded work per query) ────────────────────────────────────────

const env = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v >= 0 ? v : fallback;
};
/** A word goes to FULLTEXT only if about this few entries hold it: InnoDB reads every posting of every word it is given. */
const ftMaxDocs = () => env("SEARCH_FT_MAX_DOCS", 30_000);
/** …and all FULLTEXT words of one query together. */
const ftBudget = () => env("SEARCH_FT_BUDGET", 60_000);
/** Candidates of one FULLTEXT query, and the rows it may read to find them. */
const FT_LIMIT = 3_000;
const FT_EXAMINE = 3_000;
/** Candidates of one kind in a scan, and the entries of that kind it may read (newest first). */
const SCAN_LIMIT = 200;
const scanExamine = () => env("SEARCH_SCAN_EXAMINE", 5_000);
/** Minutes run to 60 000 characters where the others hold a few hundred: LIKE reads them all, so fewer of them. */
const examineFor = (kind: SearchKind) => (kind === "minutes" ? Math.ceil(scanExamine() / 10) : kind === "directive" ? Math.ceil(scanExamine() / 2) : scanExamine());
const cacheMs = () => env("SEARCH_CACHE_MS", 30_000);

const MIN_FT_CHARS = 3; // innodb_ft_min_token_size
const MAX_FT_CHARS = 84; // innodb_ft_max_token_size

export const SEARCH_PER_KIND = 5;
export const SEARCH_PER_KIND_FILTERED = 50;

// ── Results ────────────────────────────────────────────────────────────────

/** Text with highlight ranges [start, end) in UTF-16 offsets of `text`. */
export type Marked = { text: string; marks: Array<[number, number]> };

export type SearchHit = {
  kind: SearchKind;
  id: number;
  title: Marked;
  excerpt: Marked | null;
  /** the meeting of an agenda item or minutes, the lead unit of a task */
  context: string | null;
  url: string;
  /** yyyy-MM-dd: the meeting day, the issue date, the deadline */
  date: string | null;
};

export type SearchGroup = { kind: SearchKind; count: number; more: boolean; hits: SearchHit[] };

export type SearchResult = {
  q: string;
  words: string[];
  kind: SearchKind | null;
  groups: SearchGroup[];
  total: number;
  more: boolean;
  /** only the newest entries of each kind were searched (short or very common words) */
  limited: boolean;
};

const emptyGroups = (): SearchGroup[] => SEARCH_KINDS.map((kind) => ({ kind, count: 0, more: false, hits: [] }));

// ── Words ──────────────────────────────────────────────────────────────────

const len = (w: string) => [...w].length;

/** The folded words of a query, each once, at most 8. */
export function searchWords(q: string): string[] {
  return [...new Set(foldedWords(q, 8))];
}

/** LIKE pattern for a word, its wildcards escaped (with '!', which both databases accept as ESCAPE). */
export const likePattern = (w: string) => `%${w.replace(/[!%_]/g, "!$&")}%`;

// ── Candidates ─────────────────────────────────────────────────────────────

type Candidate = {
  id: number;
  kind: SearchKind;
  entityId: number;
  meetingId: number | null;
  occurredOn: string | null;
  title: string;
  score: number;
  /** found by its document number */
  byNumber?: boolean;
};

type Passage = { title: string; part: string; before: boolean; after: boolean };

type CandidateSet = {
  candidates: Candidate[];
  more: Set<SearchKind>;
  limited: boolean;
  /**
   * Per user, the candidates the SQL form of the policy lets through, kept as
   * long as the candidates themselves (the rows shown are still checked live
   * on every request, see confirm).
   */
  visible?: Map<number, Promise<Candidate[]>>;
  /** Excerpt passages of entries already shown to someone: the same for everyone. */
  passages?: Map<number, Passage>;
};

const isMysql = () => getDb().sequelize.getDialect() !== "sqlite";

function toCandidate(r: Record<string, unknown>): Candidate {
  return {
    id: Number(r.id),
    kind: String(r.kind) as SearchKind,
    entityId: Number(r.entity_id),
    meetingId: r.meeting_id == null ? null : Number(r.meeting_id),
    occurredOn: dateOnly(r.occurred_on),
    title: String(r.title ?? ""),
    score: Number(r.score) || 0,
  };
}

/** Runs a bounded SELECT; on MariaDB also says whether LIMIT ROWS EXAMINED cut it short (warning 1931). */
async function boundedSelect(sql: string, replacements: unknown[]): Promise<{ rows: Record<string, unknown>[]; cut: boolean }> {
  const db = getDb();
  if (!isMysql()) return { rows: (await db.sequelize.query(sql, { replacements, type: QueryTypes.SELECT })) as Record<string, unknown>[], cut: false };
  // SHOW WARNINGS must run on the same connection: a read-only transaction pins one.
  return db.sequelize
    .transaction(async (transaction: Transaction) => {
      const rows = (await db.sequelize.query(sql, { replacements, type: QueryTypes.SELECT, transaction })) as Record<string, unknown>[];
      const warnings = (await db.sequelize.query("SHOW WARNINGS", { type: QueryTypes.SELECT, transaction })) as Array<{ Code?: number }>;
      return { rows, cut: warnings.some((w) => Number(w.Code) === 1931) };
    })
    .catch((e) => {
      // ER_FILSORT_ABORT: the bound stopped a sort before it returned anything (only without the index that orders the scan)
      if ((e as { parent?: { errno?: number } }).parent?.errno === 1028) return { rows: [], cut: true };
      throw e;
    });
}

const SELECT = "SELECT id, kind, entity_id, meeting_id, occurred_on, title";

function likeClauses(words: string[], column = "folded") {
  const collate = isMysql() ? " COLLATE utf8mb4_bin" : "";
  return { sql: words.map(() => `${column}${collate} LIKE ? ESCAPE '!'`), replacements: words.map(likePattern) };
}

/** FULLTEXT candidates: rows come in InnoDB's relevance order, so the first FT_LIMIT are the best ones. */
async function fulltextCandidates(ftWords: { word: string; prefix: boolean }[], likeWords: string[], kind: SearchKind | undefined): Promise<CandidateSet> {
  const against = ftWords.map((w) => `+${w.word.slice(0, MAX_FT_CHARS)}${w.prefix || len(w.word) > MAX_FT_CHARS ? "*" : ""}`).join(" ");
  const like = likeClauses(likeWords);
  const where = ["MATCH(folded) AGAINST(? IN BOOLEAN MODE)", ...(kind ? ["kind = ?"] : []), ...like.sql];
  const { rows, cut } = await boundedSelect(
    `${SELECT}, MATCH(folded) AGAINST(? IN BOOLEAN MODE) AS score FROM search_entries WHERE ${where.join(" AND ")} LIMIT ${FT_LIMIT} ROWS EXAMINED ${FT_EXAMINE}`,
    [against, against, ...(kind ? [kind] : []), ...like.replacements],
  );
  const truncated = cut || rows.length >= FT_LIMIT;
  return { candidates: rows.map(toCandidate), more: new Set(truncated ? (kind ? [kind] : SEARCH_KINDS) : []), limited: false };
}

/** The newest entries of each kind that contain every word (short-word queries, very common words, SQLite). */
async function scanCandidates(words: string[], kind: SearchKind | undefined): Promise<CandidateSet> {
  const mysql = isMysql();
  const like = likeClauses(words);
  const kinds = kind ? [kind] : [...SEARCH_KINDS];
  const hint = mysql ? " FORCE INDEX (search_entries_kind_entity_id_unique)" : "";

  const more = new Set<SearchKind>();
  const scan = async (k: SearchKind) => {
    const bound = mysql ? ` ROWS EXAMINED ${examineFor(k)}` : "";
    const sql = (h: string) => `${SELECT}, 0 AS score FROM search_entries${h} WHERE kind = ? AND ${like.sql.join(" AND ")} ORDER BY entity_id DESC LIMIT ${SCAN_LIMIT}${bound}`;
    const { rows, cut } = await boundedSelect(sql(hint), [k, ...like.replacements]).catch((e) => {
      // ER_KEY_DOES_NOT_EXITS: the index is being rebuilt (a bulk load drops it); slower, but an answer
      if ((e as { parent?: { errno?: number } }).parent?.errno === 1176) return boundedSelect(sql(""), [k, ...like.replacements]);
      throw e;
    });
    if (cut || rows.length >= SCAN_LIMIT) more.add(k);
    return rows.map(toCandidate);
  };
  // The kinds side by side on MariaDB (concurrent searches for the same words share one computation, see candidatesFor); SQLite has one connection.
  const found = mysql ? await Promise.all(kinds.map(scan)) : await kinds.reduce(async (acc, k) => [...(await acc), await scan(k)], Promise.resolve([] as Candidate[][]));
  const candidates = found.flat();
  return { candidates, more, limited: mysql };
}

/**
 * "24" in "chi thi 24 ky cuong" is a document number: directives with that
 * number whose entry holds every word, whatever their age (the scan only
 * reaches the newest). The number is not indexed alone, but the register is
 * small next to tasks.
 */
async function numberCandidates(words: string[]): Promise<Candidate[]> {
  const numbers = words.filter((w) => /^\d{1,6}$/.test(w));
  if (!numbers.length) return [];
  const variants = [...new Set(numbers.flatMap((n) => [n, n.replace(/^0+(?=\d)/, ""), n.length === 1 ? `0${n}` : n]))];
  const like = likeClauses(words, "se.folded");
  const rows = (await getDb().sequelize.query(
    `SELECT se.id, se.kind, se.entity_id, se.meeting_id, se.occurred_on, se.title, 0 AS score FROM directives d
       JOIN search_entries se ON se.kind = 'directive' AND se.entity_id = d.id
      WHERE d.number IN (?) AND ${like.sql.join(" AND ")} LIMIT 100`,
    { replacements: [variants, ...like.replacements], type: QueryTypes.SELECT },
  )) as Record<string, unknown>[];
  return rows.map((r) => ({ ...toCandidate(r), byNumber: true }));
}

// Word frequencies from a sample of the index (MariaDB): which words are rare enough for FULLTEXT.
type Sample = { at: number; scale: number; df: Map<string, number>; keys: string[] };
let sample: Sample | null = null;
let sampling: Promise<Sample> | null = null;
const SAMPLE_MS = 10 * 60_000;
const SAMPLE_RANGES = 200;
const SAMPLE_RUN = 100;

async function loadSample(): Promise<Sample> {
  const db = getDb();
  const [bounds] = (await db.sequelize.query("SELECT MIN(id) AS lo, MAX(id) AS hi FROM search_entries", { type: QueryTypes.SELECT })) as Array<{ lo: number | null; hi: number | null }>;
  const lo = Number(bounds?.lo ?? 0);
  const hi = Number(bounds?.hi ?? 0);
  const df = new Map<string, number>();
  if (!hi) return { at: Date.now(), scale: 1, df, keys: [] };
  const span = hi - lo + 1;
  // Evenly spread runs of consecutive ids: every kind is represented (a rebuild writes them kind after kind).
  const ranges: Array<[number, number]> =
    span <= SAMPLE_RANGES * SAMPLE_RUN
      ? [[lo, hi]]
      : Array.from({ length: SAMPLE_RANGES }, (_, i) => {
          const start = lo + Math.floor(((i + Math.random()) * (span - SAMPLE_RUN)) / SAMPLE_RANGES);
          return [start, start + SAMPLE_RUN - 1] as [number, number];
        });
  const rows = (await db.sequelize.query(
    `SELECT SUBSTRING(folded, 1, 2000) AS f FROM search_entries WHERE ${ranges.map(() => "id BETWEEN ? AND ?").join(" OR ")}`,
    { replacements: ranges.flat(), type: QueryTypes.SELECT },
  )) as Array<{ f: string }>;
  for (const r of rows) for (const w of new Set(String(r.f).split(/[^\p{L}\p{N}]+/u))) if (len(w) >= MIN_FT_CHARS) df.set(w, (df.get(w) ?? 0) + 1);
  const covered = ranges.reduce((n, [a, b]) => n + (b - a + 1), 0);
  // rows found per id looked at, times all ids: the table's size, gaps included
  const total = rows.length ? (rows.length / covered) * span : 0;
  return { at: Date.now(), scale: rows.length ? total / rows.length : 1, df, keys: [...df.keys()].sort() };
}

async function currentSample(): Promise<Sample> {
  if (sample && Date.now() - sample.at < SAMPLE_MS) return sample;
  sampling ??= loadSample().finally(() => void (sampling = null));
  if (sample) {
    // stale-while-revalidate: never make a search wait for a refresh
    void sampling.then((s) => void (sample = s)).catch(() => undefined);
    return sample;
  }
  return (sample = await sampling);
}

/** Estimated entries holding a word (or, for the prefix, any word it starts). */
function estimatedDocs(s: Sample, word: string, prefix: boolean) {
  if (!prefix) return (s.df.get(word) ?? 0) * s.scale;
  let n = 0;
  // keys are sorted: the words with this prefix are one run
  let i = lowerBound(s.keys, word);
  for (; i < s.keys.length && s.keys[i].startsWith(word); i++) n += s.df.get(s.keys[i])!;
  return n * s.scale;
}

function lowerBound(a: string[], x: string) {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type SearchPlan = { mode: "fulltext" | "scan"; fulltext: { word: string; prefix: boolean }[]; like: string[] };

/**
 * Which words go to FULLTEXT: the rarest words of 3+ letters, within the
 * budget. The last word is matched as a prefix (it may be unfinished), the
 * others as whole words, the way people type Vietnamese syllables.
 */
export async function planSearch(words: string[]): Promise<SearchPlan> {
  if (!isMysql()) return { mode: "scan", fulltext: [], like: words };
  const last = words[words.length - 1];
  const long = words.filter((w) => len(w) >= MIN_FT_CHARS);
  if (!long.length) return { mode: "scan", fulltext: [], like: words };
  const s = await currentSample();
  const ranked = long.map((word) => ({ word, prefix: word === last, docs: estimatedDocs(s, word, word === last) })).sort((a, b) => a.docs - b.docs);
  const chosen: typeof ranked = [];
  let spent = 0;
  for (const w of ranked) {
    if (w.docs > ftMaxDocs() || spent + w.docs > ftBudget()) break;
    chosen.push(w);
    spent += w.docs;
  }
  if (!chosen.length) return { mode: "scan", fulltext: [], like: words };
  const inFulltext = new Set(chosen.map((w) => w.word));
  return { mode: "fulltext", fulltext: chosen.map(({ word, prefix }) => ({ word, prefix })), like: words.filter((w) => !inFulltext.has(w)) };
}

const cache = new Map<string, { at: number; generation: number; value: Promise<CandidateSet> }>();

/** Candidates of one kind kept after ranking: what visibility is checked on, per request. */
const RANKED_PER_KIND = 200;

async function computeCandidates(words: string[], kind: SearchKind | undefined): Promise<CandidateSet> {
  const plan = await planSearch(words);
  const set = plan.mode === "fulltext" ? await fulltextCandidates(plan.fulltext, plan.like, kind) : await scanCandidates(words, kind);
  if (!kind || kind === "directive") {
    const seen = new Map(set.candidates.map((c) => [c.id, c]));
    for (const c of await numberCandidates(words)) {
      const known = seen.get(c.id);
      if (known) known.byNumber = true;
      else set.candidates.push(c);
    }
  }
  // Ranking depends on the words only, not on the user: done once here, then cached with the candidates.
  const ranked = set.candidates
    .map((c) => ({ c, r: rank(c, words) }))
    .sort((a, b) => b.r - a.r || (b.c.occurredOn ?? "").localeCompare(a.c.occurredOn ?? "") || b.c.id - a.c.id)
    .map(({ c }) => c);
  const kept: Candidate[] = [];
  for (const k of SEARCH_KINDS) {
    const ofKind = ranked.filter((c) => c.kind === k);
    if (ofKind.length > RANKED_PER_KIND) set.more.add(k);
    kept.push(...ofKind.slice(0, RANKED_PER_KIND));
  }
  return { ...set, candidates: kept };
}

/** The same for every user: cached until this process writes the index, and at most SEARCH_CACHE_MS (other processes' writes). */
function candidatesFor(words: string[], kind: SearchKind | undefined): Promise<CandidateSet> {
  const key = JSON.stringify([words, kind ?? null]);
  const ttl = cacheMs();
  const generation = indexGeneration();
  const hit = cache.get(key);
  if (ttl > 0 && hit && hit.generation === generation && Date.now() - hit.at < ttl) return hit.value;
  const value = computeCandidates(words, kind);
  if (ttl > 0) {
    if (cache.size >= 500) cache.delete(cache.keys().next().value as string);
    cache.set(key, { at: Date.now(), generation, value });
    value.catch(() => cache.delete(key));
  }
  return value;
}

// ── Visibility: the policy as SQL, then the policy itself ──────────────────

type Sql = { sql: string; replacements: unknown[] };
const TRUE: Sql = { sql: "1 = 1", replacements: [] };
const FALSE: Sql = { sql: "1 = 0", replacements: [] };
const or = (parts: Sql[]): Sql => (parts.length ? { sql: `(${parts.map((p) => p.sql).join(" OR ")})`, replacements: parts.flatMap((p) => p.replacements) } : FALSE);
const and = (parts: Sql[]): Sql => (parts.length ? { sql: `(${parts.map((p) => p.sql).join(" AND ")})`, replacements: parts.flatMap((p) => p.replacements) } : TRUE);

type MeetingFact = "isLead" | "isInvitee" | "isBodyMember";
const MEETING_FACTS: MeetingFact[] = ["isLead", "isInvitee", "isBodyMember"];

/** Every subset of the facts, smallest first. */
const subsets = <T,>(xs: T[]): T[][] => xs.reduce<T[][]>((acc, x) => acc.concat(acc.map((s) => [...s, x])), [[]]).sort((a, b) => a.length - b.length);

/**
 * canSeeMeeting as a WHERE on `m` (meetings) and `b` (its body): for each
 * kind of meeting (draft or not × confidentiality × body kind) the policy is
 * asked which facts about the user (chair/secretary, invited, body member)
 * are enough, and the facts become SQL. Exact for any rule that only grows
 * with more facts; the JS check below has the last word either way.
 */
function meetingVisibleSql(actor: Actor, bodyIds: number[], meetingIds: number[]): Sql {
  // invited in person, as a delegate, or through the unit (meetingAccessFor's rule): one indexed part each, among these meetings only
  const invited = [
    "SELECT i.meeting_id FROM invitations i WHERE i.user_id = ? AND i.meeting_id IN (?)",
    "SELECT i.meeting_id FROM invitations i WHERE i.delegate_user_id = ? AND i.meeting_id IN (?)",
    ...(actor.unitId ? ["SELECT i.meeting_id FROM invitations i WHERE i.unit_id = ? AND i.meeting_id IN (?)"] : []),
  ];
  const factSql: Record<MeetingFact, Sql> = {
    isLead: { sql: "(m.chair_id = ? OR m.secretary_id = ?)", replacements: [actor.id, actor.id] },
    isInvitee: {
      sql: `m.id IN (${invited.join(" UNION ")})`,
      replacements: [actor.id, meetingIds, actor.id, meetingIds, ...(actor.unitId ? [actor.unitId, meetingIds] : [])],
    },
    isBodyMember: bodyIds.length ? { sql: "m.body_id IN (?)", replacements: [bodyIds] } : FALSE,
  };
  const terms: Sql[] = [];
  let always = 0;
  for (const isDraft of [false, true]) {
    // (confidentiality, body kind) pairs that need the same facts
    const byFacts = new Map<string, Array<[string, string]>>();
    for (const confidentiality of CONFIDENTIALITY_LEVELS) {
      for (const bodyKind of BODY_KINDS) {
        const base: MeetingAccess = { confidentiality, bodyKind, isDraft, isInvitee: false, isBodyMember: false, isLead: false };
        const enough: MeetingFact[][] = [];
        for (const facts of subsets(MEETING_FACTS)) {
          if (enough.some((e) => e.every((f) => facts.includes(f)))) continue;
          if (canSeeMeeting(actor, { ...base, ...Object.fromEntries(facts.map((f) => [f, true])) })) enough.push(facts);
        }
        if (!enough.length) continue;
        if (enough[0].length === 0) always++;
        const key = JSON.stringify(enough);
        byFacts.set(key, [...(byFacts.get(key) ?? []), [confidentiality, bodyKind]]);
      }
    }
    for (const [key, pairs] of byFacts) {
      const enough = JSON.parse(key) as MeetingFact[][];
      const all = pairs.length === CONFIDENTIALITY_LEVELS.length * BODY_KINDS.length;
      terms.push(
        and([
          { sql: isDraft ? "m.status = 'draft'" : "m.status <> 'draft'", replacements: [] },
          ...(all ? [] : [or(pairs.map(([c, k]) => ({ sql: "(m.confidentiality = ? AND b.kind = ?)", replacements: [c, k] })))]),
          or(enough.map((facts) => and(facts.map((f) => factSql[f])))),
        ]),
      );
    }
  }
  return always === 2 * CONFIDENTIALITY_LEVELS.length * BODY_KINDS.length ? TRUE : or(terms);
}

/**
 * Directives among `ids` with a task the actor is on, as the person in
 * charge, the assigner, the lead unit or a coordinating unit (what
 * "involvesUser" means to canSeeDirective), as a subquery. One part per fact,
 * so each uses the index that fits it (the lead unit's one covers directive_id).
 */
function involvingSql(actor: Actor, ids: number[]): Sql {
  const parts: Sql[] = [
    { sql: "SELECT t.directive_id FROM tasks t WHERE t.directive_id IN (?) AND t.owner_id = ?", replacements: [ids, actor.id] },
    { sql: "SELECT t.directive_id FROM tasks t WHERE t.directive_id IN (?) AND t.assigned_by_id = ?", replacements: [ids, actor.id] },
  ];
  if (actor.unitId) {
    parts.push({ sql: "SELECT t.directive_id FROM tasks t WHERE t.directive_id IN (?) AND t.lead_unit_id = ?", replacements: [ids, actor.unitId] });
    parts.push({ sql: "SELECT t.directive_id FROM tasks t JOIN task_coordinators tc ON tc.task_id = t.id WHERE t.directive_id IN (?) AND tc.unit_id = ?", replacements: [ids, actor.unitId] });
  }
  return { sql: parts.map((p) => p.sql).join(" UNION "), replacements: parts.flatMap((p) => p.replacements) };
}

/**
 * canSeeDirective as SQL on `d`: the levels seen always, and the levels seen
 * when a task of the directive involves the user (the register's visibleWhere).
 */
function directiveVisibleSql(actor: Actor, ids: number[]): Sql {
  const always = CONFIDENTIALITY_LEVELS.filter((c) => canSeeDirective(actor, { confidentiality: c, involvesUser: false }));
  const ifInvolved = CONFIDENTIALITY_LEVELS.filter((c) => !always.includes(c) && canSeeDirective(actor, { confidentiality: c, involvesUser: true }));
  if (always.length === CONFIDENTIALITY_LEVELS.length) return TRUE;
  const parts: Sql[] = [];
  if (always.length) parts.push({ sql: "d.confidentiality IN (?)", replacements: [always] });
  if (ifInvolved.length) {
    const involved = involvingSql(actor, ids);
    parts.push({ sql: `(d.confidentiality IN (?) AND d.id IN (${involved.sql}))`, replacements: [ifInvolved, ...involved.replacements] });
  }
  return or(parts);
}

/**
 * canSeeTask as SQL: the parts for the facts the policy grants on (the person
 * in charge, the assigner, the lead unit, a coordinating unit), each reading
 * only the index entries of this user or unit, never a million task rows.
 * Null when the policy grants every task.
 */
function taskVisibleSql(actor: Actor, ids: number[]): Sql[] | null {
  const nobody = { leadUnitId: -1, coordinatingUnitIds: [] as number[], ownerId: -1, assignedById: -1 };
  if (canSeeTask(actor, nobody)) return null;
  // On MariaDB the primary key would win for "id IN (…)" and read every candidate row; the fact's index holds the id too.
  const noPk = isMysql() ? " IGNORE INDEX (PRIMARY)" : "";
  const parts: Sql[] = [];
  if (canSeeTask(actor, { ...nobody, ownerId: actor.id })) parts.push({ sql: `SELECT t.id FROM tasks t${noPk} WHERE t.owner_id = ? AND t.id IN (?)`, replacements: [actor.id, ids] });
  if (canSeeTask(actor, { ...nobody, assignedById: actor.id })) parts.push({ sql: `SELECT t.id FROM tasks t${noPk} WHERE t.assigned_by_id = ? AND t.id IN (?)`, replacements: [actor.id, ids] });
  if (actor.unitId != null) {
    if (canSeeTask(actor, { ...nobody, leadUnitId: actor.unitId })) parts.push({ sql: `SELECT t.id FROM tasks t${noPk} WHERE t.lead_unit_id = ? AND t.id IN (?)`, replacements: [actor.unitId, ids] });
    if (canSeeTask(actor, { ...nobody, coordinatingUnitIds: [actor.unitId] })) parts.push({ sql: "SELECT tc.task_id AS id FROM task_coordinators tc WHERE tc.unit_id = ? AND tc.task_id IN (?)", replacements: [actor.unitId, ids] });
  }
  return parts;
}

async function select(sql: string, replacements: unknown[]) {
  return (await getDb().sequelize.query(sql, { replacements, type: QueryTypes.SELECT })) as Record<string, unknown>[];
}

const meetingOf = (c: Candidate) => (c.kind === "meeting" || c.kind === "minutes" ? c.entityId : c.meetingId);
const distinct = (xs: Array<number | null>) => [...new Set(xs.filter((x): x is number => x != null))];

/**
 * Candidates the actor may see, by the policy in SQL joined back to their
 * records, in one round trip (a kind the policy shows entirely asks nothing).
 */
async function visibleInSql(actor: Actor, candidates: Candidate[], bodyIds: number[]): Promise<Candidate[]> {
  const meetingIds = distinct(candidates.filter((c) => c.kind !== "directive" && c.kind !== "task").map(meetingOf));
  const directiveIds = distinct(candidates.filter((c) => c.kind === "directive").map((c) => c.entityId));
  const taskIds = distinct(candidates.filter((c) => c.kind === "task").map((c) => c.entityId));
  const parts: Sql[] = [];
  const all = { meeting: false, directive: false, task: false };
  if (meetingIds.length) {
    const vis = meetingVisibleSql(actor, bodyIds, meetingIds);
    if (vis === TRUE) all.meeting = true;
    else parts.push({ sql: `SELECT 'meeting' AS k, m.id FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id IN (?) AND ${vis.sql}`, replacements: [meetingIds, ...vis.replacements] });
  }
  if (directiveIds.length) {
    const vis = directiveVisibleSql(actor, directiveIds);
    if (vis === TRUE) all.directive = true;
    else parts.push({ sql: `SELECT 'directive' AS k, d.id FROM directives d WHERE d.id IN (?) AND ${vis.sql}`, replacements: [directiveIds, ...vis.replacements] });
  }
  if (taskIds.length) {
    const vis = taskVisibleSql(actor, taskIds);
    if (!vis) all.task = true;
    else for (const p of vis) parts.push({ sql: `SELECT 'task' AS k, x.id FROM (${p.sql}) x`, replacements: p.replacements });
  }
  const seen = { meeting: new Set<number>(), directive: new Set<number>(), task: new Set<number>() };
  if (parts.length) {
    for (const r of await select(parts.map((p) => p.sql).join(" UNION ALL "), parts.flatMap((p) => p.replacements))) seen[r.k as keyof typeof seen].add(Number(r.id));
  }
  return candidates.filter((c) => {
    if (c.kind === "directive") return all.directive || seen.directive.has(c.entityId);
    if (c.kind === "task") return all.task || seen.task.has(c.entityId);
    const m = meetingOf(c);
    return m != null && (all.meeting || seen.meeting.has(m));
  });
}

/** visibleInSql once per user and candidate set (the cache entry's lifetime bounds how stale a count can be). */
function visibleCandidates(actor: Actor, set: CandidateSet): Promise<Candidate[]> {
  const cached = set.visible?.get(actor.id);
  if (cached) return cached;
  const value = (async () => {
    const memberships = await getDb().BodyMembership.findAll({ attributes: ["bodyId"], where: { userId: actor.id } });
    return visibleInSql(actor, set.candidates, distinct(memberships.map((m) => m.bodyId)));
  })();
  if (cacheMs() > 0) {
    set.visible ??= new Map();
    if (set.visible.size >= 500) set.visible.clear();
    set.visible.set(actor.id, value);
    value.catch(() => set.visible?.delete(actor.id));
  }
  return value;
}

type Confirmed = { ok: Set<number>; meetingTitles: Map<number, string>; unitNames: Map<number, string> };

/**
 * The policy functions themselves on every row about to be shown, from the
 * records (defense in depth: a row the SQL let through by mistake, or whose
 * record is gone, is dropped here).
 */
async function confirm(actor: Actor, rows: Candidate[]): Promise<Confirmed> {
  const out: Confirmed = { ok: new Set(), meetingTitles: new Map(), unitNames: new Map() };
  const meetingIds = distinct(rows.filter((c) => c.kind !== "directive" && c.kind !== "task").map(meetingOf));
  const agendaIds = distinct(rows.filter((c) => c.kind === "agenda_item").map((c) => c.entityId));
  const minutesIds = distinct(rows.filter((c) => c.kind === "minutes").map((c) => c.entityId));
  const directiveIds = distinct(rows.filter((c) => c.kind === "directive").map((c) => c.entityId));
  const taskIds = distinct(rows.filter((c) => c.kind === "task").map((c) => c.entityId));

  const loadMeetings = async () => {
    if (!meetingIds.length) return { seen: new Set<number>(), items: new Map<number, number>(), minutes: new Set<number>() };
    const rows = await select(
      `SELECT m.id, m.title, m.body_id, m.confidentiality, m.status, m.chair_id, m.secretary_id, b.kind AS body_kind FROM meetings m JOIN bodies b ON b.id = m.body_id WHERE m.id IN (?)`,
      [meetingIds],
    );
    const meetings = rows.map((r) => ({
      id: Number(r.id),
      title: String(r.title),
      bodyId: Number(r.body_id),
      confidentiality: String(r.confidentiality),
      status: String(r.status),
      chairId: r.chair_id == null ? null : Number(r.chair_id),
      secretaryId: r.secretary_id == null ? null : Number(r.secretary_id),
      body: { kind: String(r.body_kind) },
    }));
    const parts = [
      ...(agendaIds.length ? [{ sql: "SELECT 'agenda_item' AS k, a.id, a.meeting_id FROM agenda_items a WHERE a.id IN (?)", replacements: [agendaIds] }] : []),
      ...(minutesIds.length ? [{ sql: "SELECT 'minutes' AS k, n.id, n.meeting_id FROM minutes n WHERE n.meeting_id IN (?)", replacements: [minutesIds] }] : []),
    ];
    // facts about the user (invited? member?) are only read when the policy could use them
    const needsFacts = meetingVisibleSql(actor, [], []) !== TRUE;
    const noFacts = async () => new Map(meetings.map((m) => [m.id, { confidentiality: m.confidentiality, bodyKind: m.body.kind, isDraft: m.status === "draft", isInvitee: false, isBodyMember: false, isLead: false } as MeetingAccess]));
    const [access, parents] = await Promise.all([
      needsFacts ? meetingAccessFor(actor, meetings) : noFacts(),
      parts.length ? select(parts.map((p) => p.sql).join(" UNION ALL "), parts.flatMap((p) => p.replacements)) : Promise.resolve([]),
    ]);
    const seen = new Set<number>();
    for (const m of meetings) {
      out.meetingTitles.set(m.id, m.title);
      if (canSeeMeeting(actor, access.get(m.id)!)) seen.add(m.id);
    }
    const items = new Map(parents.filter((r) => r.k === "agenda_item").map((r) => [Number(r.id), Number(r.meeting_id)]));
    return { seen, items, minutes: new Set(parents.filter((r) => r.k === "minutes").map((r) => Number(r.meeting_id))) };
  };

  const loadDirectives = async () => {
    const out = new Map<number, { confidentiality: string; involved: boolean }>();
    if (!directiveIds.length) return out;
    for (const r of await select("SELECT d.id, d.confidentiality FROM directives d WHERE d.id IN (?)", [directiveIds])) out.set(Number(r.id), { confidentiality: String(r.confidentiality), involved: false });
    // involvement is only asked where it can change the answer
    const open = (c: string) => canSeeDirective(actor, { confidentiality: c as "normal", involvesUser: false });
    const ask = [...out].filter(([, d]) => !open(d.confidentiality)).map(([id]) => id);
    if (ask.length) {
      const involved = involvingSql(actor, ask);
      for (const r of await select(involved.sql, involved.replacements)) {
        const d = out.get(Number(r.directive_id));
        if (d) d.involved = true;
      }
    }
    return out;
  };

  const loadTasks = async () => {
    if (!taskIds.length) return new Map<number, { leadUnitId: number; ownerId: number | null; assignedById: number | null; coordinating: number[]; unit: string | null }>();
    // GROUP_CONCAT: both databases, "," by default
    const rows = await select(
      `SELECT t.id, t.lead_unit_id, t.owner_id, t.assigned_by_id, u.name AS unit_name,
              (SELECT GROUP_CONCAT(tc.unit_id) FROM task_coordinators tc WHERE tc.task_id = t.id) AS coordinating
         FROM tasks t LEFT JOIN units u ON u.id = t.lead_unit_id WHERE t.id IN (?)`,
      [taskIds],
    );
    return new Map(
      rows.map((r) => [
        Number(r.id),
        {
          leadUnitId: Number(r.lead_unit_id),
          ownerId: r.owner_id == null ? null : Number(r.owner_id),
          assignedById: r.assigned_by_id == null ? null : Number(r.assigned_by_id),
          coordinating: r.coordinating == null ? [] : String(r.coordinating).split(",").map(Number),
          unit: r.unit_name == null ? null : String(r.unit_name),
        },
      ]),
    );
  };

  const [meetings, directives, tasks] = await Promise.all([loadMeetings(), loadDirectives(), loadTasks()]);
  for (const c of rows) {
    let ok = false;
    if (c.kind === "meeting") ok = meetings.seen.has(c.entityId);
    else if (c.kind === "agenda_item") ok = c.meetingId != null && meetings.items.get(c.entityId) === c.meetingId && meetings.seen.has(c.meetingId);
    else if (c.kind === "minutes") ok = meetings.minutes.has(c.entityId) && meetings.seen.has(c.entityId);
    else if (c.kind === "directive") {
      const d = directives.get(c.entityId);
      ok = Boolean(d && canSeeDirective(actor, { confidentiality: d.confidentiality as "normal", involvesUser: d.involved }));
    } else if (c.kind === "task") {
      const t = tasks.get(c.entityId);
      if (t) {
        ok = canSeeTask(actor, { leadUnitId: t.leadUnitId, coordinatingUnitIds: t.coordinating, ownerId: t.ownerId, assignedById: t.assignedById });
        if (t.unit) out.unitNames.set(c.entityId, t.unit);
      }
    }
    if (ok) out.ok.add(c.id);
  }
  return out;
}

// ── Highlights ─────────────────────────────────────────────────────────────

/** The folded text and, for each of its UTF-16 units, where it came from in the original. */
export function foldWithOffsets(text: string): { folded: string; offsets: number[] | null } {
  const whole = fold(text);
  // NFC Vietnamese folds letter for letter: the offsets are the identity (null)
  if (whole.length === text.length) return { folded: whole, offsets: null };
  let folded = "";
  const offsets: number[] = [];
  let i = 0;
  for (const ch of text) {
    const f = fold(ch);
    folded += f;
    for (let k = 0; k < f.length; k++) offsets.push(i);
    i += ch.length;
  }
  offsets.push(text.length);
  return { folded, offsets };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Where the words occur in `text` (ranges in the original), found on the folded text: at a word's start, else anywhere. */
export function matchRanges(text: string, words: string[]): Array<[number, number]> {
  const { folded, offsets } = foldWithOffsets(text);
  const at = (i: number) => (offsets ? offsets[i] ?? text.length : Math.min(i, text.length));
  const ranges: Array<[number, number]> = [];
  for (const w of words) {
    // the whole word where it stands alone, else where a word starts with it, else inside words
    const whole: Array<[number, number]> = [];
    const starts: Array<[number, number]> = [];
    const inside: Array<[number, number]> = [];
    for (let i = folded.indexOf(w), n = 0; i >= 0 && n < 300; i = folded.indexOf(w, i + w.length), n++) {
      const start = at(i);
      const range: [number, number] = [start, Math.max(at(i + w.length), start + 1)];
      const open = i === 0 || !WORD_CHAR.test(folded[i - 1]);
      const closed = i + w.length >= folded.length || !WORD_CHAR.test(folded[i + w.length]);
      (open ? (closed ? whole : starts) : inside).push(range);
    }
    ranges.push(...(whole.length ? whole : starts.length ? starts : inside));
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([...r]);
  }
  return merged;
}

export function marked(text: string, words: string[]): Marked {
  return { text, marks: matchRanges(text, words) };
}

const EXCERPT_CHARS = 220;

/** A passage of `text` around the best cluster of matches, with its highlights. */
export function excerptOf(text: string, words: string[], size = EXCERPT_CHARS, { before = false, after = false }: { before?: boolean; after?: boolean } = {}): Marked | null {
  const clean = text.replace(/\s+/g, " ").trim();
  if (!clean) return null;
  const ranges = matchRanges(clean, words);
  let start = 0;
  if (ranges.length && clean.length > size) {
    // the window that holds the most different matched words, starting a little before its first match
    const which = ranges.map(([a, b]) => fold(clean.slice(a, b)));
    let best = -1;
    for (let i = 0, j = 0; i < ranges.length && i < 400; i++) {
      const from = Math.max(0, ranges[i][0] - 40);
      while (j < ranges.length && ranges[j][1] <= from + size) j++;
      const covered = new Set(which.slice(i, j)).size;
      if (covered > best) {
        best = covered;
        start = from;
      }
      if (best === words.length) break;
    }
    if (start > 0) {
      const space = clean.lastIndexOf(" ", start + 1);
      start = space > start - 20 ? space + 1 : start;
    }
  }
  let end = Math.min(clean.length, start + size);
  if (end < clean.length) {
    const space = clean.lastIndexOf(" ", end);
    if (space > start + size / 2) end = space;
  }
  if (/[\ud800-\udbff]/.test(clean[end - 1] ?? "")) end--;
  // `before`/`after`: the text given is itself a part of a longer one
  const prefix = start > 0 || before ? "…" : "";
  const suffix = end < clean.length || after ? "…" : "";
  const body = clean.slice(start, end);
  const marks = ranges
    .filter(([a, b]) => a >= start && b <= end)
    .map(([a, b]) => [a - start + prefix.length, b - start + prefix.length] as [number, number]);
  return { text: `${prefix}${body}${suffix}`, marks };
}

// ── Ranking and presenting ─────────────────────────────────────────────────

function rank(c: Candidate, words: string[]) {
  const title = fold(c.title);
  const inTitle = words.filter((w) => title.includes(w)).length;
  // InnoDB's boolean-mode score grows with repetitions (long minutes win): damp it, and let the title decide first.
  return (inTitle === words.length ? 4 : inTitle / words.length) + Math.log1p(c.score) / 2 + (c.byNumber ? 3 : 0);
}

function urlOf(c: Candidate) {
  switch (c.kind) {
    case "meeting":
      return `/meetings/${c.entityId}`;
    case "agenda_item":
      return `/meetings/${c.meetingId}#item-${c.entityId}`;
    case "minutes":
      return `/meetings/${c.entityId}#minutes-title`;
    case "directive":
      return `/directives/${c.entityId}`;
    case "task":
      return `/tasks/${c.entityId}`;
  }
}

const PASSAGE_CHARS = 1_500;

/**
 * The part of each entry's text worth an excerpt: from a little before the
 * first place its folded text holds the longest query word, cut in SQL (a
 * minutes text is up to 60 000 characters; five of them per page add up).
 * `folded` is fold(title + one separator + body), so a position in it less
 * the title is a position in the body.
 */
async function passagesOf(allIds: number[], words: string[], known = new Map<number, Passage>()) {
  const out = new Map<number, Passage>();
  for (const id of allIds) if (known.has(id)) out.set(id, known.get(id)!);
  const ids = allIds.filter((id) => !known.has(id));
  if (!ids.length) return out;
  const chars = isMysql() ? "CHAR_LENGTH" : "length";
  const longest = [...words].sort((a, b) => b.length - a.length)[0];
  const at = `(INSTR(folded, ?) - ${chars}(title) - 1)`;
  const skip = `CASE WHEN ${at} > 300 THEN ${at} - 300 ELSE 0 END`;
  const rows = await select(`SELECT id, title, ${skip} AS skipped, SUBSTR(body, ${skip} + 1, ${PASSAGE_CHARS}) AS part, ${chars}(body) AS total FROM search_entries WHERE id IN (?)`, [
    ...Array(4).fill(longest),
    ids,
  ]);
  for (const r of rows) {
    const part = r.part == null ? "" : String(r.part);
    const skipped = Number(r.skipped) || 0;
    const passage = { title: String(r.title), part, before: skipped > 0, after: skipped + [...part].length < (Number(r.total) || 0) };
    out.set(Number(r.id), passage);
    if (known.size < 2_000) known.set(Number(r.id), passage);
  }
  return out;
}

/**
 * Searches what the actor may see. `q` is the validated query (trimmed,
 * ≤ 200 characters); an empty query, or one without letters or digits,
 * answers empty without touching the database.
 */
export async function searchFor(actor: Actor, q: string, { kind, limit }: { kind?: SearchKind; limit?: number } = {}): Promise<SearchResult> {
  const words = searchWords(q);
  const empty: SearchResult = { q, words, kind: kind ?? null, groups: emptyGroups(), total: 0, more: false, limited: false };
  if (!words.length || actor.roles.length === 0) return empty;
  const perKind = Math.max(1, Math.min(limit ?? (kind ? SEARCH_PER_KIND_FILTERED : SEARCH_PER_KIND), SEARCH_PER_KIND_FILTERED));
  const set = await candidatesFor(words, kind);
  // still in rank order
  const ranked = await visibleCandidates(actor, set);
  const byKind = new Map<SearchKind, Candidate[]>(SEARCH_KINDS.map((k) => [k, ranked.filter((c) => c.kind === k)]));

  // The rows to show, each confirmed by the policy functions; a refused one is dropped (and not counted) and the next takes its place.
  const shown = new Map<SearchKind, Candidate[]>(SEARCH_KINDS.map((k) => [k, []]));
  const dropped = new Map<SearchKind, number>();
  const context = new Map<number, string>();
  const next = new Map<SearchKind, number>(SEARCH_KINDS.map((k) => [k, 0]));
  for (let round = 0; round < 5; round++) {
    const batch = SEARCH_KINDS.flatMap((k) => {
      const want = perKind - shown.get(k)!.length;
      const from = next.get(k)!;
      next.set(k, from + Math.max(0, want));
      return want > 0 ? byKind.get(k)!.slice(from, from + want) : [];
    });
    if (!batch.length) break;
    const confirmed = await confirm(actor, batch);
    for (const c of batch) {
      if (!confirmed.ok.has(c.id)) {
        dropped.set(c.kind, (dropped.get(c.kind) ?? 0) + 1);
        continue;
      }
      shown.get(c.kind)!.push(c);
      const ctx = c.kind === "task" ? confirmed.unitNames.get(c.entityId) : c.kind === "agenda_item" && c.meetingId != null ? confirmed.meetingTitles.get(c.meetingId) : undefined;
      if (ctx) context.set(c.id, ctx);
    }
  }

  const displayed = [...shown.values()].flat();
  const texts = await passagesOf(displayed.map((c) => c.id), words, (set.passages ??= new Map()));
  const hit = (c: Candidate): SearchHit => {
    const t = texts.get(c.id) ?? { title: c.title, part: "", before: false, after: false };
    let part = t.part;
    // a task's text starts with its content, which is its title already
    const lead = t.title.replace(/…$/, "");
    if (c.kind === "task" && !t.before && !t.title.endsWith("…") && part.startsWith(lead)) part = part.slice(lead.length);
    return { kind: c.kind, id: c.entityId, title: marked(t.title, words), excerpt: excerptOf(part, words, EXCERPT_CHARS, t), context: context.get(c.id) ?? null, url: urlOf(c), date: c.occurredOn };
  };

  const groups = SEARCH_KINDS.map((k) => ({
    kind: k,
    count: byKind.get(k)!.length - (dropped.get(k) ?? 0),
    more: set.more.has(k),
    hits: shown.get(k)!.map(hit),
  }));
  return { q, words, kind: kind ?? null, groups, total: groups.reduce((n, g) => n + g.count, 0), more: groups.some((g) => g.more), limited: set.limited };
}
