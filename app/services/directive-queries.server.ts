import sanitizeHtml from "sanitize-html";
import { fn, literal, Op, type Transaction, type WhereOptions } from "sequelize";
import { formatDirectiveNumber, getDb } from "../../models";
import { CONFIDENTIALITY_LEVELS, type Confidentiality } from "../../models/enums";
import type { CurrentUser } from "../lib/current-user";
import { todayInHanoi } from "../lib/dates";
import { parseDirectiveNumber } from "../lib/directive-number";
import { NotFoundError } from "../lib/errors";
import { computeTaskStatus } from "../lib/task-status";
import { can, canSeeDirective, canSeeTask, type Actor, type DirectiveAccess } from "../policies";
import type { DirectiveFilters } from "../schemas/directive";
import { filterVisibleMeetings } from "./meeting-access.server";

const NOT_FOUND = "Không tìm thấy văn bản.";
export const DIRECTIVES_PER_PAGE = 50;

// ── Rich text ──────────────────────────────────────────────────────────────

const BODY_SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "h2", "h3", "h4", "strong", "em", "u", "s", "blockquote", "ul", "ol", "li", "hr", "a", "table", "thead", "tbody", "tr", "td", "th"],
  allowedAttributes: { a: ["href", "rel", "target"], td: ["colspan", "rowspan"], th: ["colspan", "rowspan"], ol: ["start"], p: ["style"], h2: ["style"], h3: ["style"], h4: ["style"] },
  allowedStyles: { "*": { "text-align": [/^(left|right|center|justify)$/] } },
  allowedSchemes: ["http", "https", "mailto"],
  allowProtocolRelative: false,
  transformTags: {
    h1: "h2",
    b: "strong",
    i: "em",
    a: (tagName, attribs) => ({ tagName, attribs: { ...attribs, rel: "noopener noreferrer", target: "_blank" } }),
  },
  // script/style content goes with its tag, not left behind as text
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe"],
};

const escapeText = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Toàn văn as stored and shown: sanitized HTML (DESIGN.md §8). Text typed
 * into a plain textarea (no JavaScript) becomes one paragraph per blank-line
 * block. Used on write by the service and again on read, so a row written by
 * anything else (an import, the seed) is never shown unsanitized.
 */
export function sanitizeDirectiveBody(input: string | null | undefined): string | null {
  if (!input || !input.trim()) return null;
  const html = /<\/?[a-z][^>]*>/i.test(input)
    ? input
    : input
        .replace(/\r\n?/g, "\n")
        .split(/\n{2,}/)
        .map((para) => para.trim())
        .filter(Boolean)
        .map((para) => `<p>${escapeText(para).replace(/\n/g, "<br>")}</p>`)
        .join("");
  const clean = sanitizeHtml(html, BODY_SANITIZE).trim();
  const text = sanitizeHtml(clean, { allowedTags: [], allowedAttributes: {} }).replace(/&nbsp;|\s/g, "");
  return text ? clean : null;
}

// ── Visibility ─────────────────────────────────────────────────────────────

/** Tasks the user carries or follows: as owner, as assigner, through the unit that leads or coordinates them. */
async function involvedTaskWhere(actor: Actor, transaction?: Transaction) {
  const or: WhereOptions[] = [{ ownerId: actor.id }, { assignedById: actor.id }];
  if (actor.unitId) {
    or.push({ leadUnitId: actor.unitId });
    const coordinated = await getDb().TaskCoordinator.findAll({ attributes: ["taskId"], where: { unitId: actor.unitId }, transaction });
    if (coordinated.length) or.push({ id: coordinated.map((c) => c.taskId) });
  }
  return { [Op.or]: or };
}

async function directiveIdsInvolving(actor: Actor, only?: number) {
  const rows = await getDb().Task.findAll({
    attributes: ["directiveId"],
    where: { [Op.and]: [{ directiveId: only ?? { [Op.ne]: null } }, await involvedTaskWhere(actor)] },
    group: ["directiveId"],
  });
  return new Set(rows.map((r) => r.directiveId as number));
}

/** What the directive rule needs for one directive, or null when it does not exist. */
export async function directiveAccessFor(actor: Actor, id: number): Promise<DirectiveAccess | null> {
  const d = await getDb().Directive.findByPk(id, { attributes: ["id", "confidentiality"] });
  if (!d) return null;
  const involved = d.confidentiality === "normal" ? new Set<number>() : await directiveIdsInvolving(actor, d.id);
  return { confidentiality: d.confidentiality, involvesUser: involved.has(d.id) };
}

/**
 * The policy as a WHERE clause, derived from the policy itself (it depends
 * only on the level and on involvement), so the register pages in SQL and
 * still shows exactly what canSeeDirective allows.
 */
async function visibleWhere(actor: Actor): Promise<WhereOptions> {
  const always = CONFIDENTIALITY_LEVELS.filter((c) => canSeeDirective(actor, { confidentiality: c, involvesUser: false }));
  const ifInvolved = CONFIDENTIALITY_LEVELS.filter((c) => !always.includes(c) && canSeeDirective(actor, { confidentiality: c, involvesUser: true }));
  const or: WhereOptions[] = [];
  if (always.length) or.push({ confidentiality: always });
  if (ifInvolved.length) {
    const ids = [...(await directiveIdsInvolving(actor))];
    if (ids.length) or.push({ confidentiality: ifInvolved, id: ids });
  }
  return or.length ? { [Op.or]: or } : { id: null };
}

// ── The register ───────────────────────────────────────────────────────────

/** Words of a search, without LIKE wildcards (SQLite has no default escape character). */
const searchTerms = (q: string) => q.split(/[\s%_\\]+/).filter(Boolean).slice(0, 8);

function filterWhere(f: Partial<DirectiveFilters>): WhereOptions[] {
  const and: WhereOptions[] = [];
  if (f.kind) and.push({ kind: f.kind });
  if (f.status) and.push({ status: f.status });
  if (f.year) and.push({ year: f.year });
  for (const term of searchTerms(f.issuer ?? "")) and.push({ issuer: { [Op.like]: `%${term}%` } });
  if (f.q) {
    // "24-CT/TU" typed as a search is a number: find that document exactly.
    const parsed = parseDirectiveNumber(f.q);
    if (parsed.ok) and.push({ number: parsed.value.number, symbol: parsed.value.symbol });
    else {
      for (const term of searchTerms(f.q)) {
        const like = { [Op.like]: `%${term}%` };
        and.push({ [Op.or]: [{ number: like }, { symbol: like }, { summary: like }] });
      }
    }
  }
  return and;
}

/** The document number as a number, for sorting "123" after "24": CAST stops at the letter of "24a" on both databases. */
function numericNumber() {
  const cast = getDb().sequelize.getDialect() === "sqlite" ? "INTEGER" : "SIGNED";
  return literal(`CAST(\`Directive\`.\`number\` AS ${cast})`);
}

function orderOf(sort: DirectiveFilters["sort"]) {
  const num = numericNumber();
  switch (sort) {
    case "date_asc":
      return [["issuedOn", "ASC"], ["id", "ASC"]];
    case "number_asc":
      return [["year", "ASC"], [num, "ASC"], ["number", "ASC"], ["id", "ASC"]];
    case "number_desc":
      return [["year", "DESC"], [num, "DESC"], ["number", "DESC"], ["id", "DESC"]];
    default:
      return [["issuedOn", "DESC"], ["id", "DESC"]];
  }
}

export type TaskCounts = { taskCount: number; completedCount: number; overdueCount: number };

/**
 * Tasks per directive, counted by the database (GROUP BY): all non-cancelled
 * tasks, the completed ones, and the open ones past their deadline — the same
 * words computeTaskStatus uses.
 */
export async function taskCountsFor(directiveIds: number[], today = todayInHanoi()): Promise<Map<number, TaskCounts>> {
  const result = new Map<number, TaskCounts>();
  if (!directiveIds.length) return result;
  const db = getDb();
  const q = db.sequelize.escape(today);
  const completed = "(`Task`.`completed_on` IS NOT NULL OR `Task`.`state` = 'completed')";
  const rows = (await db.Task.findAll({
    attributes: [
      "directiveId",
      [fn("COUNT", literal("*")), "taskCount"],
      [literal(`SUM(CASE WHEN ${completed} THEN 1 ELSE 0 END)`), "completedCount"],
      [literal(`SUM(CASE WHEN NOT ${completed} AND \`Task\`.\`deadline\` IS NOT NULL AND \`Task\`.\`deadline\` < ${q} THEN 1 ELSE 0 END)`), "overdueCount"],
    ],
    where: { directiveId: directiveIds, state: { [Op.ne]: "cancelled" } },
    group: ["directiveId"],
    raw: true,
  })) as unknown as { directiveId: number; taskCount: unknown; completedCount: unknown; overdueCount: unknown }[];
  for (const r of rows) {
    result.set(Number(r.directiveId), { taskCount: Number(r.taskCount) || 0, completedCount: Number(r.completedCount) || 0, overdueCount: Number(r.overdueCount) || 0 });
  }
  return result;
}

/** The register (sổ văn bản chỉ đạo): what the user may see, filtered, sorted and paged in SQL. */
export async function listDirectivesFor(actor: CurrentUser, filters: Partial<DirectiveFilters> = {}) {
  const db = getDb();
  const page = filters.page ?? 1;
  const visibleOnly = await visibleWhere(actor);
  const where = { [Op.and]: [visibleOnly, ...filterWhere(filters)] };
  const [total, rows, years] = await Promise.all([
    db.Directive.count({ where }),
    db.Directive.findAll({
      attributes: ["id", "kind", "numberFormat", "number", "symbol", "year", "issuer", "issuedOn", "summary", "status", "confidentiality", "replacedById"],
      where,
      order: orderOf(filters.sort ?? "date_desc") as never,
      limit: DIRECTIVES_PER_PAGE,
      offset: (page - 1) * DIRECTIVES_PER_PAGE,
    }),
    db.Directive.findAll({ attributes: ["year"], where: visibleOnly, group: ["year"], order: [["year", "DESC"]] }),
  ]);
  // Belt and braces: the WHERE above is the policy, and the policy has the last word.
  const involved = rows.some((d) => d.confidentiality !== "normal") ? await directiveIdsInvolving(actor) : new Set<number>();
  const visible = rows.filter((d) => canSeeDirective(actor, { confidentiality: d.confidentiality, involvesUser: involved.has(d.id) }));
  const counts = await taskCountsFor(visible.map((d) => d.id));
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / DIRECTIVES_PER_PAGE)),
    years: years.map((y) => y.year),
    canCreate: can(actor, "directive:create"),
    directives: visible.map((d) => ({
      id: d.id,
      kind: d.kind,
      label: formatDirectiveNumber(d),
      issuer: d.issuer,
      issuedOn: d.issuedOn,
      summary: d.summary,
      status: d.status,
      confidentiality: d.confidentiality,
      ...(counts.get(d.id) ?? { taskCount: 0, completedCount: 0, overdueCount: 0 }),
    })),
  };
}

// ── One directive ──────────────────────────────────────────────────────────

async function loadVisible(actor: Actor, id: number) {
  const access = await directiveAccessFor(actor, id);
  if (!access || !canSeeDirective(actor, access)) throw new NotFoundError(NOT_FOUND);
}

export async function getDirectiveFor(actor: CurrentUser, id: number) {
  const db = getDb();
  await loadVisible(actor, id);
  const d = await db.Directive.findByPk(id, {
    include: [
      { model: db.Meeting, as: "sourceMeeting", attributes: ["id", "title", "bodyId", "confidentiality", "status", "chairId", "secretaryId"], include: [{ model: db.Body, as: "body", attributes: ["id", "kind"] }] },
      { model: db.Directive, as: "replacedBy", attributes: ["id", "numberFormat", "number", "symbol", "confidentiality", "summary"] },
      { model: db.User, as: "createdBy", attributes: ["id", "fullName"] },
      {
        model: db.Task,
        as: "tasks",
        include: [
          { model: db.Unit, as: "leadUnit", attributes: ["id", "name"] },
          { model: db.Unit, as: "coordinatingUnits", attributes: ["id", "name"], through: { attributes: [] } },
          { model: db.User, as: "owner", attributes: ["id", "fullName"] },
        ],
      },
    ],
    order: [[{ model: db.Task, as: "tasks" }, "id", "ASC"]],
  });
  if (!d) throw new NotFoundError(NOT_FOUND);
  const replaces = await db.Directive.findAll({ attributes: ["id", "numberFormat", "number", "symbol", "confidentiality", "summary"], where: { replacedById: d.id }, order: [["issuedOn", "ASC"]] });
  const involved = await directiveIdsInvolving(actor);
  const seeDirective = (x: { id: number; confidentiality: Confidentiality }) => canSeeDirective(actor, { confidentiality: x.confidentiality, involvesUser: involved.has(x.id) });
  const meetingVisible = d.sourceMeeting ? (await filterVisibleMeetings(actor, [d.sourceMeeting])).length > 0 : false;
  const today = todayInHanoi();
  const link = (x: { id: number; numberFormat: "party" | "state"; number: string; symbol: string; summary: string }) => ({ id: x.id, label: formatDirectiveNumber(x), summary: x.summary });
  const allTasks = (d.tasks ?? []).filter((t) => t.state !== "cancelled");
  const tasks = allTasks.filter((t) =>
    canSeeTask(actor, { leadUnitId: t.leadUnitId, coordinatingUnitIds: (t.coordinatingUnits ?? []).map((u) => u.id), ownerId: t.ownerId ?? null, assignedById: t.assignedById ?? null }),
  );
  return {
    id: d.id,
    kind: d.kind,
    numberFormat: d.numberFormat,
    label: formatDirectiveNumber(d),
    year: d.year,
    issuer: d.issuer,
    signer: d.signer ?? null,
    issuedOn: d.issuedOn,
    summary: d.summary,
    body: sanitizeDirectiveBody(d.body),
    status: d.status,
    confidentiality: d.confidentiality,
    version: d.version,
    createdBy: d.createdBy?.fullName ?? null,
    sourceMeeting: d.sourceMeeting && meetingVisible ? { id: d.sourceMeeting.id, title: d.sourceMeeting.title } : null,
    replacedBy: d.replacedBy && seeDirective(d.replacedBy) ? link(d.replacedBy) : null,
    replaces: replaces.filter(seeDirective).map(link),
    hiddenTaskCount: allTasks.length - tasks.length,
    viewer: { canEdit: can(actor, "directive:edit"), canAssign: can(actor, "task:assign") && d.status === "active", canViewReport: can(actor, "reports:view") },
    tasks: tasks.map((t) => ({
      id: t.id,
      content: t.content,
      starred: t.starred,
      leadUnitName: t.leadUnit?.name ?? "",
      coordinating: (t.coordinatingUnits ?? []).map((u) => u.name),
      ownerName: t.owner?.fullName ?? null,
      deadlineKind: t.deadlineKind,
      recurrence: t.recurrence ?? null,
      deadline: t.deadline ?? null,
      progress: t.progress,
      state: t.state,
      status: computeTaskStatus({ deadline: t.deadline ?? null, completedOn: t.completedOn ?? null, state: t.state }, today),
    })),
  };
}

/** The edit form's values: the number as people write it, and the version it is loaded at. */
export async function directiveFormValues(actor: CurrentUser, id: number) {
  await loadVisible(actor, id);
  const d = await getDb().Directive.findByPk(id);
  if (!d) throw new NotFoundError(NOT_FOUND);
  return {
    id: d.id,
    kind: d.kind,
    number: formatDirectiveNumber(d),
    issuer: d.issuer,
    signer: d.signer ?? null,
    issuedOn: d.issuedOn,
    summary: d.summary,
    body: sanitizeDirectiveBody(d.body),
    confidentiality: d.confidentiality,
    sourceMeetingId: d.sourceMeetingId ?? null,
    status: d.status,
    replacedById: d.replacedById ?? null,
    version: d.version,
  };
}

/** Pickers of the directive form: meetings it may come from and directives that may replace it, both as the user may see them. */
export async function directiveFormOptions(actor: CurrentUser, { excludeId, includeMeetingId }: { excludeId?: number; includeMeetingId?: number | null } = {}) {
  const db = getDb();
  const since = new Date(Date.now() - 2 * 365 * 86_400_000);
  const meetings = await db.Meeting.findAll({
    attributes: ["id", "title", "startsAt", "bodyId", "confidentiality", "status", "chairId", "secretaryId"],
    where: { [Op.or]: [{ startsAt: { [Op.gte]: since }, status: { [Op.in]: ["convened", "in_progress", "ended"] } }, ...(includeMeetingId ? [{ id: includeMeetingId }] : [])] },
    include: [{ model: db.Body, as: "body", attributes: ["id", "kind", "name"] }],
    order: [["startsAt", "DESC"]],
    limit: 200,
  });
  const visibleMeetings = await filterVisibleMeetings(actor, meetings);
  const directives = await db.Directive.findAll({
    attributes: ["id", "numberFormat", "number", "symbol", "issuer", "summary", "confidentiality"],
    where: { [Op.and]: [await visibleWhere(actor), ...(excludeId ? [{ id: { [Op.ne]: excludeId } }] : [])] },
    order: [["issuedOn", "DESC"], ["id", "DESC"]],
    limit: 500,
  });
  return {
    meetings: visibleMeetings.map((m) => ({ id: m.id, title: m.title, startsAt: m.startsAt.toISOString() })),
    directives: directives.map((x) => ({ id: x.id, label: formatDirectiveNumber(x), issuer: x.issuer, summary: x.summary })),
  };
}
