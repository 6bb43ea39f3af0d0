import { QueryTypes, type Sequelize } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import type { CurrentUser } from "../lib/current-user";
import { dateOnly, daysBetween, hanoiWallTimeToUtc, todayInHanoi } from "../lib/dates";
import { NotFoundError } from "../lib/errors";
import type { TaskStatusCode } from "../lib/task-status";
import { authorize, canSeeDirective } from "../policies";
import { resolvePeriod, type ReportPeriod, type ReportQuery } from "../schemas/report";
import { directiveAccessFor } from "./directive-queries.server";
import { generationCache } from "../lib/write-generations.server";
import { asOfReplacements, DONE_BY_AS_OF, loadUnitTree, reportIndexHint, reportScopeSql, statusCondition, STATUS_NUMBER_AS_OF, STATUS_NUMBERS, type UnitNode } from "./task-sql.server";

/**
 * The dashboard: tasks assigned in a period and scope, their status words
 * counted as of the report day, on-time and update rates, units ranked,
 * the trend by month, the overdue list, meetings held and minutes approved.
 * One grouped scan (by lead unit × month × status) over a covering index
 * gives the totals, the units and the trend (decision 008).
 */

export type StatusCounts = Record<TaskStatusCode, number>;
export type ReportCounts = StatusCounts & {
  total: number;
  /** open on the report day (with or without deadline) */
  open: number;
  /** of those, with a progress report in the 30 days up to the report day */
  updated: number;
  dueSoon: number;
  /** done on time ÷ (done with a deadline + open overdue): the tasks whose deadline has been judged; null when none */
  onTimeRate: number | null;
  /** updated ÷ open; null when nothing is open */
  updateRate: number | null;
};
export type UnitReportRow = ReportCounts & { unitId: number; name: string; includesSubunits: boolean };
export type TrendPoint = { month: string; label: string } & ReportCounts;

const CODES: TaskStatusCode[] = ["done_on_time", "done_late", "done_no_deadline", "open_on_time", "open_overdue", "no_deadline"];

export function emptyCounts(): ReportCounts {
  return { done_on_time: 0, done_late: 0, done_no_deadline: 0, open_on_time: 0, open_overdue: 0, no_deadline: 0, total: 0, open: 0, updated: 0, dueSoon: 0, onTimeRate: null, updateRate: null };
}

function addInto(into: ReportCounts, from: Pick<ReportCounts, TaskStatusCode | "updated" | "dueSoon">) {
  for (const c of CODES) into[c] += from[c];
  into.updated += from.updated;
  into.dueSoon += from.dueSoon;
}

/** Totals and rates from the status counts (called once the counts are summed). */
export function finishCounts<C extends ReportCounts>(c: C): C {
  c.total = CODES.reduce((n, code) => n + c[code], 0);
  c.open = c.open_on_time + c.open_overdue + c.no_deadline;
  const judged = c.done_on_time + c.done_late + c.open_overdue;
  c.onTimeRate = judged ? c.done_on_time / judged : null;
  c.updateRate = c.open ? c.updated / c.open : null;
  return c;
}

type GroupRow = { unit_id: number; month: string; status: TaskStatusCode; n: number | string; updated: number | string | null; due_soon: number | string | null };

/** The one grouped scan. Exported for the benchmark, which times it against hand-written SQL. */
export async function groupedTaskCounts(sequelize: Sequelize, q: ReportQuery, period: ReportPeriod): Promise<GroupRow[]> {
  const { where, replacements } = await reportScopeSql(q, period);
  // yyyyMM as a number, the status as its index in STATUS_NUMBERS: cheap to group.
  const month = sequelize.getDialect() === "sqlite" ? "CAST(strftime('%Y%m', t.assigned_on) AS INTEGER)" : "EXTRACT(YEAR_MONTH FROM t.assigned_on)";
  const rows = await sequelize.query<Omit<GroupRow, "status" | "month"> & { status: number | string; month: number | string }>(
    `SELECT t.lead_unit_id AS unit_id, ${month} AS month, ${STATUS_NUMBER_AS_OF} AS status, COUNT(*) AS n,
       SUM(CASE WHEN NOT ${DONE_BY_AS_OF} AND t.last_report_at >= :updatedSince THEN 1 ELSE 0 END) AS updated,
       SUM(CASE WHEN ${statusCondition("due_soon")} THEN 1 ELSE 0 END) AS due_soon
     FROM tasks t ${reportIndexHint(sequelize)} WHERE ${where.join(" AND ")}
     GROUP BY unit_id, month, status${sequelize.getDialect() === "sqlite" ? "" : " ORDER BY NULL"}`,
    { type: QueryTypes.SELECT, replacements: { ...replacements, ...asOfReplacements(period.asOf) } },
  );
  return rows.map((r) => {
    const m = String(r.month);
    return { ...r, month: `${m.slice(0, 4)}-${m.slice(4, 6)}`, status: STATUS_NUMBERS[Number(r.status)] };
  });
}

/**
 * The units a ranking compares: a chosen unit's direct sub-units (its own
 * tasks under its own name); for the whole city the top of the tree — or,
 * when the tree has a single root (UBND Thành phố), its children.
 */
function rankingLevel(tree: Awaited<ReturnType<typeof loadUnitTree>>, scopeUnitId: number | null): { id: number; self: boolean }[] {
  if (scopeUnitId) return [{ id: scopeUnitId, self: true }, ...(tree.children.get(scopeUnitId) ?? []).map((id) => ({ id, self: false }))];
  const roots = tree.children.get(null) ?? [];
  const only = roots.length === 1 ? tree.children.get(roots[0]) ?? [] : [];
  if (only.length) return [{ id: roots[0], self: true }, ...only.map((id) => ({ id, self: false }))];
  return roots.map((id) => ({ id, self: false }));
}

function rollUp(rows: GroupRow[], tree: Awaited<ReturnType<typeof loadUnitTree>>, scopeUnitId: number | null): UnitReportRow[] {
  const level = rankingLevel(tree, scopeUnitId);
  const selfIds = new Set(level.filter((l) => l.self).map((l) => l.id));
  const rowsById = new Map<number, UnitReportRow>();
  const nodeName = (n: UnitNode | undefined) => n?.name ?? "(đơn vị đã xóa)";
  for (const l of level) {
    rowsById.set(l.id, { ...emptyCounts(), unitId: l.id, name: nodeName(tree.nodes.get(l.id)), includesSubunits: !l.self });
  }
  // Which ranked unit a task's lead unit belongs to: itself if ranked, else its nearest ranked ancestor (not one that counts only its own tasks).
  const owner = new Map<number, number | null>();
  const ownerOf = (unitId: number): number | null => {
    if (owner.has(unitId)) return owner.get(unitId)!;
    let cur: number | null = unitId;
    const seen = new Set<number>();
    let found: number | null = null;
    while (cur != null && !seen.has(cur)) {
      seen.add(cur);
      if (rowsById.has(cur) && (cur === unitId || !selfIds.has(cur))) {
        found = cur;
        break;
      }
      cur = tree.nodes.get(cur)?.parentId ?? null;
    }
    owner.set(unitId, found);
    return found;
  };
  // Lead units outside the ranked level (e.g. in a parent loop left by old data) are ranked on their own, never as another's ancestor.
  const loose = new Map<number, UnitReportRow>();
  for (const r of rows) {
    const id = ownerOf(Number(r.unit_id));
    if (id == null) {
      const uid = Number(r.unit_id);
      if (!loose.has(uid)) loose.set(uid, { ...emptyCounts(), unitId: uid, name: nodeName(tree.nodes.get(uid)), includesSubunits: false });
      addInto(loose.get(uid)!, countsOf(r));
      continue;
    }
    addInto(rowsById.get(id)!, countsOf(r));
  }
  return [...rowsById.values(), ...loose.values()].map(finishCounts).filter((u) => u.total > 0);
}

function countsOf(r: GroupRow) {
  const c = { ...emptyCounts() };
  c[r.status] = Number(r.n);
  c.updated = Number(r.updated ?? 0);
  c.dueSoon = Number(r.due_soon ?? 0);
  return c;
}

const MONTH_LABEL = (m: string) => `${m.slice(5, 7)}/${m.slice(0, 4)}`;

function monthsOf(period: ReportPeriod): string[] {
  const out: string[] = [];
  let [y, m] = period.from.split("-").map(Number);
  const [ey, em] = period.to.split("-").map(Number);
  while ((y < ey || (y === ey && m <= em)) && out.length < 240) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export type TaskReport = Awaited<ReturnType<typeof computeTaskReport>>;

/** "Toàn thành phố", "Đơn vị: … (gồm các đơn vị trực thuộc)" …; 404 for a scope that does not exist or may not be seen. */
export async function reportScopeLabel(q: ReportQuery, actor: CurrentUser) {
  const db = getDb();
  if (q.scope === "body") {
    const b = await db.Body.findByPk(q.bodyId!, { attributes: ["id", "name"] });
    if (!b) throw new NotFoundError("Không tìm thấy cơ quan.");
    return `Cơ quan: ${b.name}`;
  }
  if (q.scope === "directive") {
    const access = await directiveAccessFor(actor, q.directiveId!);
    if (!access || !canSeeDirective(actor, access)) throw new NotFoundError("Không tìm thấy văn bản.");
    const d = await db.Directive.findByPk(q.directiveId!, { attributes: ["id", "kind", "number", "symbol", "numberFormat", "summary"] });
    return `Văn bản: ${formatDirectiveNumber(d!)} – ${d!.summary}`;
  }
  if (q.scope === "unit") {
    const u = (await loadUnitTree()).nodes.get(q.unitId!);
    if (!u) throw new NotFoundError("Không tìm thấy đơn vị.");
    return `Đơn vị: ${u.name}${q.subunits ? " (gồm các đơn vị trực thuộc)" : ""}`;
  }
  return "Toàn thành phố";
}

async function computeTaskReport(actor: CurrentUser, q: ReportQuery, today: string) {
  const db = getDb();
  const period = resolvePeriod(q, today);
  const scope = await reportScopeLabel(q, actor);
  const [rows, tree, overdue, meetings] = await Promise.all([
    groupedTaskCounts(db.sequelize, q, period),
    loadUnitTree(),
    overdueTasks(q, period),
    meetingCounts(q, period),
  ]);
  const totals = emptyCounts();
  const byMonth = new Map(monthsOf(period).map((m) => [m, { ...emptyCounts(), month: m, label: MONTH_LABEL(m) } as TrendPoint]));
  for (const r of rows) {
    const c = countsOf(r);
    addInto(totals, c);
    const point = byMonth.get(r.month);
    if (point) addInto(point, c);
  }
  finishCounts(totals);
  const units = rollUp(rows, tree, q.scope === "unit" ? q.unitId! : null);
  return {
    period,
    scope,
    totals,
    units,
    trend: [...byMonth.values()].map(finishCounts),
    overdue: { total: totals.open_overdue, rows: overdue },
    meetings,
  };
}

/** The oldest-overdue tasks of the report (most days overdue first). */
async function overdueTasks(q: ReportQuery, period: ReportPeriod, limit = 20) {
  const db = getDb();
  const { where, replacements } = await reportScopeSql(q, period);
  const rows = await db.sequelize.query<{ id: number; content: string; deadline: string; original_deadline: string | null; lead_unit_id: number; directive_id: number | null }>(
    `SELECT t.id, t.content, t.deadline, t.original_deadline, t.lead_unit_id, t.directive_id FROM tasks t ${reportIndexHint(db.sequelize)}
     WHERE ${where.join(" AND ")} AND ${statusCondition("open_overdue")}
     ORDER BY t.deadline ASC, t.id ASC LIMIT ${limit}`,
    { type: QueryTypes.SELECT, replacements: { ...replacements, ...asOfReplacements(period.asOf) } },
  );
  const tree = await loadUnitTree();
  const directiveIds = [...new Set(rows.map((r) => r.directive_id).filter((x): x is number => x != null))];
  const directives = directiveIds.length
    ? new Map((await db.Directive.findAll({ attributes: ["id", "kind", "number", "symbol", "numberFormat"], where: { id: directiveIds } })).map((d) => [d.id, formatDirectiveNumber(d)]))
    : new Map<number, string>();
  return rows.map((r) => {
    const deadline = dateOnly(r.deadline)!;
    return {
      id: r.id,
      content: r.content,
      deadline,
      originalDeadline: dateOnly(r.original_deadline),
      daysOverdue: daysBetween(deadline, period.asOf),
      leadUnitName: tree.nodes.get(r.lead_unit_id)?.name ?? "",
      directive: r.directive_id ? { id: r.directive_id, label: directives.get(r.directive_id) ?? "" } : null,
    };
  });
}

/** Meetings held (started in the period, not cancelled or postponed) and minutes approved in the period, for the scope's body or units. */
async function meetingCounts(q: ReportQuery, period: ReportPeriod) {
  const db = getDb();
  const start = hanoiWallTimeToUtc(period.from, "00:00");
  const end = new Date(hanoiWallTimeToUtc(period.to, "00:00").getTime() + 24 * 3600_000);
  const where = ["m.starts_at >= :start", "m.starts_at < :end", "m.status IN ('convened', 'in_progress', 'ended')", "m.starts_at <= :now"];
  const replacements: Record<string, unknown> = { start, end, now: new Date() };
  if (q.scope === "body") {
    where.push("m.body_id = :bodyId");
    replacements.bodyId = q.bodyId;
  } else if (q.scope === "directive") {
    where.push("m.id IN (SELECT d.source_meeting_id FROM directives d WHERE d.id = :directiveId)");
    replacements.directiveId = q.directiveId;
  } else if (q.scope === "unit") {
    const { replacements: r } = await reportScopeSql(q, period);
    where.push("m.id IN (SELECT i.meeting_id FROM invitations i WHERE i.unit_id IN (:unitIds))");
    replacements.unitIds = r.unitIds;
  }
  const [row] = await db.sequelize.query<{ held: number | string; approved: number | string | null }>(
    `SELECT COUNT(*) AS held,
       SUM(CASE WHEN mi.status = 'approved' AND mi.approved_at >= :start AND mi.approved_at < :end THEN 1 ELSE 0 END) AS approved
     FROM meetings m LEFT JOIN minutes mi ON mi.meeting_id = m.id WHERE ${where.join(" AND ")}`,
    { type: QueryTypes.SELECT, replacements },
  );
  return { held: Number(row?.held ?? 0), minutesApproved: Number(row?.approved ?? 0) };
}

// ── Cache: the same dashboard for every leader, kept until a task changes ──

/** Dropped on every task write in this process (app/lib/write-generations.server); other processes' writes show within REPORT_CACHE_MS (default 15 s; 0 turns the cache off). */
const cache = generationCache<TaskReport>("tasks", () => Number(process.env.REPORT_CACHE_MS ?? 15_000), 200);
/** How long the dashboard page waits for the current numbers before it shows the last ones (decision 011). */
const freshWaitMs = () => Number(process.env.REPORT_FRESH_WAIT_MS ?? 150);
/** Numbers older than this are never shown in place of the current ones. */
const RECENT_KEEP_MS = 10 * 60_000;

async function reportRequest(actor: CurrentUser, q: ReportQuery, today: string) {
  authorize(actor, "reports:view");
  // Visibility is checked on every call (cheap); the numbers are the same for everyone allowed to see them.
  if (q.scope === "directive") await reportScopeLabel(q, actor);
  return { key: JSON.stringify([q, today]), compute: () => computeTaskReport(actor, q, today) };
}

/** The dashboard for one query, as the actor may see it (secretariat, leaders), from the current data (exports, tests). */
export async function taskReportFor(actor: CurrentUser, q: ReportQuery, today = todayInHanoi()): Promise<TaskReport> {
  const { key, compute } = await reportRequest(actor, q, today);
  return cache.get(key, compute);
}

/**
 * The dashboard page's numbers: the current ones when they can be had within
 * REPORT_FRESH_WAIT_MS, otherwise the last ones computed (marked `fresh: false`,
 * with the time they are from) while the current ones are computed for the
 * next request. A city-wide year takes ~0.5 s to count; under steady task
 * writes every view would otherwise wait for it.
 */
export async function dashboardReportFor(actor: CurrentUser, q: ReportQuery, today = todayInHanoi()) {
  const { key, compute } = await reportRequest(actor, q, today);
  const { value, fresh, computedAt } = await cache.recent(key, compute, freshWaitMs(), RECENT_KEEP_MS);
  return { ...value, fresh, computedAt: new Date(computedAt).toISOString() };
}

/** What the report's filter offers: every body, the units down to the city's departments and districts, recent directives. */
export async function reportFormOptions(actor: CurrentUser, q: Partial<ReportQuery>) {
  authorize(actor, "reports:view");
  const db = getDb();
  const tree = await loadUnitTree();
  const units: { id: number; name: string; depth: number }[] = [];
  const walk = (parent: number | null, depth: number) => {
    for (const id of tree.children.get(parent) ?? []) {
      const n = tree.nodes.get(id)!;
      if (!n.active) continue;
      units.push({ id, name: n.name, depth });
      if (depth < 1) walk(id, depth + 1);
    }
  };
  walk(null, 0);
  // A unit chosen deeper in the tree (from a ranking) stays selectable, with its path.
  if (q.unitId && !units.some((u) => u.id === q.unitId) && tree.nodes.has(q.unitId)) units.push({ id: q.unitId, name: tree.nodes.get(q.unitId)!.name, depth: 0 });
  const [bodies, directives] = await Promise.all([
    db.Body.findAll({ attributes: ["id", "name"], where: { active: true }, order: [["name", "ASC"]] }),
    db.Directive.findAll({ attributes: ["id", "kind", "number", "symbol", "numberFormat", "summary", "confidentiality"], order: [["issuedOn", "DESC"], ["id", "DESC"]], limit: 50 }),
  ]);
  const directiveOptions = directives.map((d) => ({ id: d.id, label: `${formatDirectiveNumber(d)} – ${d.summary.slice(0, 80)}` }));
  if (q.directiveId && !directiveOptions.some((d) => d.id === q.directiveId)) {
    const access = await directiveAccessFor(actor, q.directiveId);
    const d = access && canSeeDirective(actor, access) ? await db.Directive.findByPk(q.directiveId) : null;
    if (d) directiveOptions.unshift({ id: d.id, label: `${formatDirectiveNumber(d)} – ${d.summary.slice(0, 80)}` });
  }
  return { units, bodies: bodies.map((b) => ({ id: b.id, name: b.name })), directives: directiveOptions };
}
