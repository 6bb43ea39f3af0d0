import { getDb } from "../../models";
import { AuthenticationError, TooManyRequestsError } from "../lib/errors";
import { verifyAgainstDummy, verifyPassword } from "../lib/password.server";
import { recordAudit } from "./audit.server";

/** After this many failures in a row a key is locked for LOCK_MINUTES. */
export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** An IP may fail more often (a shared office NAT) before it is locked too. */
const MAX_FAILURES_PER_IP = 30;

type SignInProps = { username: string; password: string; ip?: string | null };

function throttleKeys(username: string, ip?: string | null) {
  const keys = [{ key: `user:${username}`, max: MAX_FAILURES }];
  if (ip) keys.push({ key: `ip:${ip}`, max: MAX_FAILURES_PER_IP });
  return keys;
}

async function assertNotLocked(keys: { key: string }[]) {
  const rows = await getDb().LoginThrottle.findAll({ where: { key: keys.map((k) => k.key) } });
  const now = Date.now();
  const lockedUntil = Math.max(0, ...rows.map((r) => (r.lockedUntil ? new Date(r.lockedUntil).getTime() : 0)));
  if (lockedUntil > now) {
    const minutes = Math.ceil((lockedUntil - now) / 60_000);
    throw new TooManyRequestsError(
      `Đăng nhập tạm thời bị khóa do nhập sai mật khẩu nhiều lần. Vui lòng thử lại sau ${minutes} phút.`,
      Math.ceil((lockedUntil - now) / 1000),
    );
  }
  return rows;
}

async function registerFailure(keys: { key: string; max: number }[]) {
  const db = getDb();
  let worst = 0;
  for (const { key, max } of keys) {
    await db.sequelize.transaction(async (transaction) => {
      const row = await db.LoginThrottle.findByPk(key, { transaction, lock: transaction.LOCK.UPDATE });
      const failures = (row?.failures ?? 0) + 1;
      const lockedUntil = failures >= max ? new Date(Date.now() + LOCK_MINUTES * 60_000) : null;
      if (row) await row.update({ failures, lockedUntil }, { transaction });
      else await db.LoginThrottle.create({ key, failures, firstFailedAt: new Date(), lockedUntil }, { transaction });
      worst = Math.max(worst, failures);
    });
  }
  return worst;
}

/** Slows every further attempt a little more: 0.3 s per failure, at most 3 s. */
function delayFor(failures: number) {
  return new Promise((r) => setTimeout(r, Math.min(3000, failures * 300)));
}

/**
 * Checks the credentials of a sign-in attempt. Returns the user id; throws
 * AuthenticationError (wrong credentials, same message whether or not the
 * username exists) or TooManyRequestsError (locked for a while).
 */
export async function signIn({ username, password, ip }: SignInProps): Promise<number> {
  const db = getDb();
  const name = username.trim().toLowerCase();
  const keys = throttleKeys(name, ip);
  const throttles = await assertNotLocked(keys);

  const user = await db.User.findOne({ where: { username: name } });
  const ok = user && user.active ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);

  if (!ok || !user) {
    const failures = await registerFailure(keys);
    await recordAudit({ actorId: user?.id ?? null, action: "auth.sign_in_failed", entityType: "user", entityId: user?.id ?? null, after: { username: name }, ip });
    await delayFor(failures);
    if (failures >= MAX_FAILURES) {
      throw new TooManyRequestsError(
        `Bạn đã nhập sai ${failures} lần. Đăng nhập tạm khóa ${LOCK_MINUTES} phút.`,
        LOCK_MINUTES * 60,
      );
    }
    throw new AuthenticationError(
      `Tên đăng nhập hoặc mật khẩu không đúng. Còn ${MAX_FAILURES - failures} lần thử trước khi bị tạm khóa.`,
    );
  }

  await db.sequelize.transaction(async (transaction) => {
    if (throttles.length) await db.LoginThrottle.destroy({ where: { key: `user:${name}` }, transaction });
    await user.update({ lastLoginAt: new Date() }, { transaction });
    await recordAudit({ actorId: user.id, action: "auth.sign_in", entityType: "user", entityId: user.id, ip, transaction });
  });
  return user.id;
}
