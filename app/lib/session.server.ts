import crypto from "node:crypto";
import { createCookie, createSessionStorage, json, redirect, type Session } from "@remix-run/node";
import { Op } from "sequelize";
import { getDb } from "../../models";
import { AuthenticationError } from "./errors";
import type { CurrentUser, Locale, Role } from "./current-user";
import { singleton } from "./singleton.server";
import { isProduction } from "./config.server";
import { generationCache } from "./write-generations.server";

export const SESSION_COOKIE = "__phs_session";
const SESSION_TTL_SECONDS = 12 * 60 * 60; // one working day, then sign in again

function sessionSecret() {
  const secret = process.env.SESSION_SECRET;
  if (secret) return secret;
  if (isProduction()) throw new Error("SESSION_SECRET is required in production");
  return "phong-hop-so-dev-secret-change-me";
}

/** The signed session cookie; the value is only a random id, the data lives in the DB. */
export const sessionCookie = singleton("sessionCookie", () =>
  createCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: SESSION_TTL_SECONDS,
    secrets: [sessionSecret()],
  }),
);

type SessionData = { userId: number };

/**
 * Sessions are rows in `sessions` so that sign-out, deactivation and expiry are
 * enforced on every process (no state only in one process's memory).
 */
export const sessionStorage = singleton("sessionStorage", () =>
  createSessionStorage<SessionData>({
    cookie: sessionCookie,
    async createData(data, expires) {
      if (!data.userId) throw new Error("a session is only created at sign-in");
      const id = crypto.randomBytes(32).toString("base64url");
      await getDb().Session.create({
        id,
        userId: data.userId,
        data: JSON.stringify(data),
        expiresAt: expires ?? new Date(Date.now() + SESSION_TTL_SECONDS * 1000),
      });
      return id;
    },
    async readData(id) {
      const row = await getDb().Session.findOne({ where: { id, expiresAt: { [Op.gt]: new Date() } } });
      return row ? (JSON.parse(row.data) as SessionData) : null;
    },
    async updateData(id, data, expires) {
      await getDb().Session.update({ data: JSON.stringify(data), ...(expires ? { expiresAt: expires } : {}) }, { where: { id } });
    },
    async deleteData(id) {
      await getDb().Session.destroy({ where: { id } });
    },
  }),
);

function isHttps(request: Request) {
  return new URL(request.url).protocol === "https:";
}

export async function getSession(request: Request) {
  return sessionStorage.getSession(request.headers.get("Cookie"));
}

/** Secure is set whenever the request came over HTTPS (directly or via a trusted proxy). */
export function commitSession(session: Session<SessionData>, request: Request) {
  return sessionStorage.commitSession(session, { secure: isHttps(request), maxAge: SESSION_TTL_SECONDS });
}
export function destroySession(session: Session<SessionData>, request: Request) {
  return sessionStorage.destroySession(session, { secure: isHttps(request) });
}

/**
 * Who is behind a session id, for a few seconds: a page asks twice (the root
 * and the route loader) and a user's requests come in runs. Signing out,
 * locking a user or changing their roles or unit in this process is seen at
 * once (write-generations hooks); in another process within SESSION_CACHE_MS.
 */
const SESSION_CACHE_MS = 3_000;
const sessionUsers = generationCache<CurrentUser | null>("people", SESSION_CACHE_MS);

/** Loads the active user behind a session id, or null. Shared by pages and sockets. */
export async function loadUserForSessionId(sessionId: string | null | undefined): Promise<CurrentUser | null> {
  if (!sessionId) return null;
  return sessionUsers.get(sessionId, () => findUserForSessionId(sessionId));
}

async function findUserForSessionId(sessionId: string): Promise<CurrentUser | null> {
  const db = getDb();
  const row = await db.Session.findOne({
    where: { id: sessionId, expiresAt: { [Op.gt]: new Date() } },
    include: [{ model: db.User, as: "user", include: [{ model: db.Unit, as: "unit" }] }],
  });
  const user = row?.user;
  if (!user || !user.active) return null;
  return presentCurrentUser(user);
}

export function presentCurrentUser(user: InstanceType<ReturnType<typeof getDb>["User"]>): CurrentUser {
  return {
    id: user.id,
    username: user.username,
    fullName: user.fullName,
    title: user.title ?? null,
    unitId: user.unitId ?? null,
    unitName: user.unit?.name ?? null,
    roles: user.roles as Role[],
    locale: (user.locale as Locale) || "vi",
  };
}

/** Reads the signed cookie header (pages or socket handshake) and returns the session id. */
export async function sessionIdFromCookieHeader(cookieHeader: string | null | undefined): Promise<string | null> {
  if (!cookieHeader) return null;
  // A tampered or unsigned value parses to null/false here.
  const value = await sessionCookie.parse(cookieHeader);
  return typeof value === "string" && value ? value : null;
}

export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  return loadUserForSessionId(await sessionIdFromCookieHeader(request.headers.get("Cookie")));
}

/** Loader/action guard: the signed-in user, or a redirect to /login?next=… */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getCurrentUser(request);
  if (user) return user;
  const url = new URL(request.url);
  if (request.headers.get("Accept")?.includes("application/json") && !request.headers.get("Accept")?.includes("text/html")) {
    throw json({ message: new AuthenticationError().message, errorId: "authentication_required" }, { status: 401 });
  }
  const next = url.pathname + url.search;
  throw redirect(`/login?next=${encodeURIComponent(next)}`);
}
