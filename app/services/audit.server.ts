import type { Transaction } from "sequelize";
import { getDb } from "../../models";

export type AuditInput = {
  actorId: number | null;
  action: string;
  entityType: string;
  entityId?: number | null;
  before?: unknown;
  after?: unknown;
  ip?: string | null;
  transaction?: Transaction;
};

/** Records who did what, with before → after, inside the caller's transaction. */
export async function recordAudit(input: AuditInput) {
  const { transaction, ...e } = input;
  await getDb().AuditEvent.create(
    {
      actorId: e.actorId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      ip: e.ip ?? null,
    },
    { transaction },
  );
}

export type AuditSnapshot = Record<string, string | number | boolean | null>;

/** Only the fields that changed, before and after, each side keeping its `version` (stale-form messages read it). */
export function changedOnly<S extends AuditSnapshot>(before: S, after: S) {
  const b: AuditSnapshot = {};
  const a: AuditSnapshot = {};
  for (const k of Object.keys(after)) {
    if (k !== "version" && before[k] !== after[k]) {
      b[k] = before[k] ?? null;
      a[k] = after[k];
    }
  }
  return { before: { ...b, version: before.version ?? null }, after: { ...a, version: after.version ?? null } };
}
