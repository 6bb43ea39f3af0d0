import nodemailer, { type Transporter } from "nodemailer";
import type { Transaction } from "sequelize";
import { getDb } from "../../models";
import { logger } from "../lib/logger.server";
import { singleton } from "../lib/singleton.server";
import { enqueueJob, registerJobHandler } from "./jobs.server";

/**
 * E-mail copies of in-app notifications, over SMTP (nodemailer) when SMTP_URL
 * is set. Mail is only ever sent by an `email` job — never inside a request —
 * so a slow or failing SMTP server delays mail, not pages, and a failure is
 * retried with the runner's backoff.
 */

export const EMAIL_JOB = "email";
export const DEFAULT_MAIL_FROM = "Phòng Họp Số <no-reply@localhost>";

export function mailEnabled() {
  return Boolean(process.env.SMTP_URL);
}

function mailFrom() {
  return process.env.MAIL_FROM || DEFAULT_MAIL_FROM;
}

/** Links in mail must be absolute: APP_URL, or the local server. */
function appUrl() {
  return (process.env.APP_URL || `http://localhost:${process.env.PORT || 3000}`).replace(/\/+$/, "");
}

const transports = singleton("mailTransports", () => new Map<string, Transporter>());

function transportFor(url: string) {
  let t = transports.get(url);
  if (!t) {
    // Short timeouts: the job is retried later anyway, and a hung SMTP server
    // must not hold the runner for the default 10 minutes.
    t = nodemailer.createTransport({ url, connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 } as never);
    transports.set(url, t);
  }
  return t;
}

/** For tests and shutdown: forget cached transports (they hold no open connection between sends). */
export function closeMailTransports() {
  for (const t of transports.values()) t.close();
  transports.clear();
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export type NotificationEmail = { to: string; toName: string; subject: string; text: string; html: string };

/** The message for one notification (Vietnamese; the notification's own title and body). */
export function composeNotificationEmail(n: { title: string; body: string | null; url: string | null }, user: { fullName: string; email: string }): NotificationEmail {
  const link = n.url ? appUrl() + n.url : appUrl();
  const footer = "Phòng Họp Số — thư được gửi tự động, vui lòng không trả lời thư này.";
  const text = [`Kính gửi ${user.fullName},`, "", n.title, ...(n.body ? [n.body] : []), "", `Xem chi tiết: ${link}`, "", "--", footer].join("\n");
  const html =
    `<p>Kính gửi ${escapeHtml(user.fullName)},</p>` +
    `<p><strong>${escapeHtml(n.title)}</strong></p>` +
    (n.body ? `<p>${escapeHtml(n.body).replace(/\n/g, "<br>")}</p>` : "") +
    `<p><a href="${escapeHtml(link)}">Xem chi tiết</a></p>` +
    `<hr><p style="color:#64748b;font-size:12px">${escapeHtml(footer)}</p>`;
  return { to: user.email, toName: user.fullName, subject: n.title, text, html };
}

export type SendResult = { sent: number[]; skipped: number[]; failed: { id: number; error: Error }[] };

/**
 * Sends one e-mail per notification to its recipient, if the recipient is
 * active and has an address. Keeps going after a failure and reports which
 * ones failed, so a retry sends only those.
 */
export async function sendNotificationEmails(notificationIds: number[]): Promise<SendResult> {
  const result: SendResult = { sent: [], skipped: [], failed: [] };
  const url = process.env.SMTP_URL;
  if (!url || !notificationIds.length) return { ...result, skipped: [...notificationIds] };
  const db = getDb();
  const rows = await db.Notification.findAll({
    where: { id: notificationIds },
    include: [{ model: db.User, as: "user", attributes: ["id", "fullName", "email", "active"] }],
    order: [["id", "ASC"]],
  });
  const found = new Set(rows.map((r) => r.id));
  result.skipped.push(...notificationIds.filter((id) => !found.has(id)));
  const transport = transportFor(url);
  for (const n of rows) {
    const user = n.user;
    if (!user || !user.active || !user.email) {
      result.skipped.push(n.id);
      continue;
    }
    const mail = composeNotificationEmail(n, { fullName: user.fullName, email: user.email });
    try {
      await transport.sendMail({ from: mailFrom(), to: { name: mail.toName, address: mail.to }, subject: mail.subject, text: mail.text, html: mail.html });
      result.sent.push(n.id);
    } catch (err) {
      result.failed.push({ id: n.id, error: err instanceof Error ? err : new Error(String(err)) });
    }
  }
  return result;
}

/**
 * Queues the e-mail copies of these notifications (in the caller's
 * transaction, so they go only if it commits). No-op without SMTP_URL.
 */
export async function enqueueNotificationEmails(notificationIds: number[], opts: { transaction?: Transaction; dedupeKey?: string | null; runAt?: Date } = {}) {
  if (!mailEnabled() || !notificationIds.length) return null;
  return enqueueJob({ kind: EMAIL_JOB, payload: { notificationIds }, runAt: opts.runAt, dedupeKey: opts.dedupeKey ?? null, transaction: opts.transaction });
}

type EmailPayload = { notificationIds: number[] };

export function registerMailJobs() {
  registerJobHandler<EmailPayload>(EMAIL_JOB, {
    // Not transactional: no database write lock is held while talking to SMTP.
    maxAttempts: 6,
    async run(payload, ctx) {
      const ids = (payload?.notificationIds ?? []).map(Number).filter(Number.isInteger);
      const r = await sendNotificationEmails(ids);
      if (r.sent.length) logger.info({ jobId: ctx.job.id, sent: r.sent.length, skipped: r.skipped.length }, "notification e-mails sent");
      if (r.failed.length) {
        // The next attempt retries only the messages that did not go out.
        ctx.setPayload({ notificationIds: r.failed.map((f) => f.id) });
        const first = r.failed[0].error;
        throw new Error(`${r.failed.length}/${ids.length} e-mail(s) not sent: ${first.message}`, { cause: first });
      }
    },
  });
}
