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
