import type { Transaction } from "sequelize";
import { getDb } from "../../models";
import { emitAfterCommit } from "../../realtime";
import { enqueueNotificationEmails } from "./mail.server";
import { generationCache } from "../lib/write-generations.server";

export type NotifyProps = {
  userIds: number[];
  kind: string;
  title: string;
  body?: string | null;
  url?: string | null;
  entityType?: string | null;
  entityId?: number | null;
  /** also by e-mail (when SMTP_URL is set), sent later by a job committed with the notifications */
  email?: boolean;
  transaction?: Transaction;
};

/** In-app notifications; each recipient's bell updates live once the caller's transaction commits. */
export async function notifyUsers(p: NotifyProps) {
  const db = getDb();
  const rows = await db.Notification.bulkCreate(
    [...new Set(p.userIds)].map((userId) => ({
      userId,
      kind: p.kind,
      title: p.title,
      body: p.body ?? null,
      url: p.url ?? null,
      entityType: p.entityType ?? null,
      entityId: p.entityId ?? null,
    })),
    { transaction: p.transaction },
  );
  for (const n of rows) {
    emitAfterCommit(p.transaction, `user:${n.userId}`, "notification:new", { id: n.id, title: n.title, url: n.url, kind: n.kind });
  }
  if (p.email) await enqueueNotificationEmails(rows.map((n) => n.id), { transaction: p.transaction });
  return rows;
}

/** Every page's header shows it: kept while no notification is written in this process (10 s at most for other processes). */
const unreadCache = generationCache<number>("notifications", 10_000);

export function unreadNotificationCount(userId: number) {
  return unreadCache.get(String(userId), () => getDb().Notification.count({ where: { userId, readAt: null } }));
}

export async function listNotifications(userId: number, limit = 30) {
  const rows = await getDb().Notification.findAll({ where: { userId }, order: [["createdAt", "DESC"]], limit });
  return rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, url: n.url, readAt: n.readAt, createdAt: n.createdAt }));
}

export async function markNotificationsRead(userId: number, ids: number[] | "all") {
  const db = getDb();
  const where = ids === "all" ? { userId, readAt: null } : { userId, id: ids, readAt: null };
  const [count] = await db.Notification.update({ readAt: new Date() }, { where });
  emitAfterCommit(null, `user:${userId}`, "notification:read", { ids });
  return count;
}
