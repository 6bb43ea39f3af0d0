import { addDays, format } from "date-fns";
import type { Sequelize } from "sequelize";
import { getDb } from "../../models";
import { writeGeneration } from "../lib/write-generations.server";
import { hanoiWallTimeToUtc } from "../lib/dates";
import { DUE_SOON_DAYS, type TaskStatusCode } from "../lib/task-status";
import type { ReportPeriod, ReportQuery } from "../schemas/report";

/**
 * The status words of app/lib/task-status.ts as SQL, counted as of a day
 * (`:asOf`, yyyy-MM-dd): reports and lists at city scale count and filter in
 * the database with exactly the rule computeTaskStatus applies to one task.
 * A task completed after the report day was still open on it. Every fragment
 * reads the tasks table as `t` and takes its values as named replacements.
 */
export const DONE_BY_AS_OF = "(t.state = 'completed' AND (t.completed_on IS NULL OR t.completed_on <= :asOf))";

/**
 * The status word as of `:asOf` as a small integer (its index in
 * STATUS_NUMBERS): grouping a city's year of tasks by a number is about twice
 * as fast on MariaDB as by a string.
 */
export const STATUS_NUMBERS: TaskStatusCode[] = ["done_no_deadline", "no_deadline", "done_late", "done_on_time", "open_overdue", "open_on_time"];
export const STATUS_NUMBER_AS_OF = `CASE
  WHEN t.deadline IS NULL THEN (CASE WHEN ${DONE_BY_AS_OF} THEN 0 ELSE 1 END)
  WHEN ${DONE_BY_AS_OF} THEN (CASE WHEN t.completed_on > t.deadline THEN 2 ELSE 3 END)
  WHEN t.deadline < :asOf THEN 4
  ELSE 5 END`;

/** The WHERE for one status word (or "sắp đến hạn") as of `:asOf` (`:dueSoonTo` for due soon). */
export function statusCondition(code: TaskStatusCode | "due_soon"): string {
  switch (code) {
    case "done_no_deadline":
      return `(t.deadline IS NULL AND ${DONE_BY_AS_OF})`;
    case "no_deadline":
      return `(t.deadline IS NULL AND NOT ${DONE_BY_AS_OF})`;
    case "done_on_time":
      return `(t.deadline IS NOT NULL AND ${DONE_BY_AS_OF} AND (t.completed_on IS NULL OR t.completed_on <= t.deadline))`;
    case "done_late":
      return `(t.deadline IS NOT NULL AND ${DONE_BY_AS_OF} AND t.completed_on > t.deadline)`;
    case "open_overdue":
      return `(t.deadline < :asOf AND NOT ${DONE_BY_AS_OF})`;
    case "open_on_time":
      return `(t.deadline >= :asOf AND NOT ${DONE_BY_AS_OF})`;
    case "due_soon":
      return `(t.deadline >= :asOf AND t.deadline <= :dueSoonTo AND NOT ${DONE_BY_AS_OF})`;
  }
}

const ymdPlus = (ymd: string, days: number) => format(addDays(new Date(`${ymd}T00:00:00`), days), "yyyy-MM-dd");

/** The update rate's window: progress reported in the 30 days up to the report day. */
export const UPDATE_WINDOW_DAYS = 30;

/** The replacements every fragment above may use, for one report day. */
export function asOfReplacements(asOf: string) {
  return {
    asOf,
    dueSoonTo: ymdPlus(asOf, DUE_SOON_DAYS),
    updatedSince: hanoiWallTimeToUtc(ymdPlus(asOf, -(UPDATE_WINDOW_DAYS - 1)), "00:00"),
  };
}

// ── Units as a tree (1,000 rows at city scale: read once, kept per generation) ──

export type UnitNode = { id: number; name: string; shortName: string | null; parentId: number | null; position: number; active: boolean };
let unitTree: { db: object; generation: number; at: number; nodes: Map<number, UnitNode>; children: Map<number | null, number[]> } | null = null;
const UNIT_TREE_TTL_MS = 60_000;

/** Forget the cached unit tree (units were created, moved or renamed). */
export function forgetUnitTree() {
  unitTree = null;
}

export async function loadUnitTree() {
  const db = getDb();
  // Units created, moved or renamed in this process are seen at once (write-generations hooks); other processes' within the TTL.
  const generation = writeGeneration("units");
  if (unitTree && unitTree.db === db.sequelize && unitTree.generation === generation && Date.now() - unitTree.at < UNIT_TREE_TTL_MS) return unitTree;
  const rows = await db.Unit.findAll({ attributes: ["id", "name", "shortName", "parentId", "position", "active"], order: [["position", "ASC"], ["name", "ASC"]], raw: true });
  const nodes = new Map<number, UnitNode>();
  const children = new Map<number | null, number[]>();
  for (const u of rows as unknown as UnitNode[]) {
    nodes.set(u.id, u);
    const key = u.parentId && u.parentId !== u.id ? u.parentId : null;
    if (!children.has(key)) children.set(key, []);
    children.get(key)!.push(u.id);
  }
  unitTree = { db: db.sequelize, generation, at: Date.now(), nodes, children };
  return unitTree;
}

/** The unit and everything below it (cycle-safe). */
export async function unitWithDescendants(unitId: number): Promise<number[]> {
  const { children } = await loadUnitTree();
  const seen = new Set<number>([unitId]);
  const stack = [unitId];
  while (stack.length) {
    for (const c of children.get(stack.pop()!) ?? []) {
      if (!seen.has(c)) {
        seen.add(c);
        stack.push(c);
      }
    }
  }
  return [...seen];
}

/** WHERE fragments and replacements of a report's period and scope (tasks as `t`). */
export async function reportScopeSql(q: Pick<ReportQuery, "scope" | "bodyId" | "directiveId" | "unitId" | "subunits">, period: Pick<ReportPeriod, "from" | "to">) {
  const where = ["t.assigned_on >= :from", "t.assigned_on <= :to", "t.state <> 'cancelled'"];
  const replacements: Record<string, unknown> = { from: period.from, to: period.to };
  if (q.scope === "body") {
    where.push("t.body_id = :bodyId");
    replacements.bodyId = q.bodyId;
  } else if (q.scope === "directive") {
    where.push("t.directive_id = :directiveId");
    replacements.directiveId = q.directiveId;
  } else if (q.scope === "unit") {
    const ids = q.subunits ? await unitWithDescendants(q.unitId!) : [q.unitId!];
    where.push("t.lead_unit_id IN (:unitIds)");
    replacements.unitIds = ids;
  }
  return { where, replacements };
}

/**
 * MariaDB: a report reads one period of one scope; walking the deadline
 * indexes instead (tempting for `deadline < :asOf ORDER BY deadline`) visits
 * every task of every year. Keep the optimizer on the scope's covering index.
 */
export function reportIndexHint(sequelize: Sequelize) {
  return sequelize.getDialect() === "sqlite" ? "" : "IGNORE INDEX (tasks_deadline, tasks_lead_unit_id_deadline, tasks_state_deadline)";
}
