import { json, type HeadersFunction } from "@remix-run/node";
import type { ZodTypeAny, z } from "zod";
import { AppError, NotFoundError, TooManyRequestsError, ValidationError } from "./errors";
import { logger } from "./logger.server";

/** What every action returns on failure; forms show `message` and `fields`. */
export type ActionFailure = {
  ok: false;
  message: string;
  fields?: Record<string, string>;
  errorId: string;
  /** overlapping meetings the user may confirm (schedule/postpone forms) */
  warnings?: { meetingId: number; title: string; startsAt: string; endsAt: string; who: string }[];
};

/** Parses a form (or any record) with its zod schema; field messages on failure. */
export function parseWith<S extends ZodTypeAny>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "_form";
    fields[key] ??= issue.message;
  }
  throw new ValidationError(fields);
}

/** The form as a record: repeated fields (and names ending in [] or Ids) become arrays. */
export async function readForm(request: Request): Promise<Record<string, FormDataEntryValue | FormDataEntryValue[]>> {
  const form = await request.formData();
  const record: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  for (const key of new Set(form.keys())) {
    const all = form.getAll(key);
    record[key] = key.endsWith("[]") || key.endsWith("Ids") ? all : all.length > 1 ? all : all[0];
  }
  return record;
}

export async function parseForm<S extends ZodTypeAny>(request: Request, schema: S): Promise<z.infer<S>> {
  return parseWith(schema, await readForm(request));
}

/**
 * Turns a named error into the action's JSON answer (400/403/404/409/429…).
 * Unknown errors are logged and rethrown to the ErrorBoundary (a generic 500).
 */
export function failure(error: unknown) {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error instanceof TooManyRequestsError) headers["Retry-After"] = String(error.retryAfterSeconds);
    const warnings = (error as { warnings?: ActionFailure["warnings"] }).warnings;
    return json<ActionFailure>({ ok: false, message: error.message, fields: error.fields, errorId: error.id, ...(warnings ? { warnings } : {}) }, { status: error.status, headers });
  }
  if (error instanceof Response) throw error;
  logger.error({ err: error }, "action failed");
  throw error;
}

/** Loader guard: throws a 404 response when the record is missing. */
export function ensureFound<T>(value: T | null | undefined, message?: string): T {
  if (value == null) throw toResponse(new NotFoundError(message));
  return value;
}

/** Loaders throw Responses so the route's ErrorBoundary renders 403/404 pages. */
export function toResponse(error: unknown): Response {
  if (error instanceof AppError) {
    // A page's bad query string: say which value is wrong, not only that one is.
    const message = error instanceof ValidationError && error.fields ? Object.values(error.fields)[0] ?? error.message : error.message;
    return json({ message, errorId: error.id }, { status: error.status });
  }
  throw error;
}

/** Runs a loader body, turning named errors into thrown 4xx Responses. */
export async function guardLoader<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof Response) throw e;
    throw toResponse(e);
  }
}

export function clientIp(request: Request) {
  return request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() || null;
}

/** Only same-site relative paths are accepted as a post-login destination. */
export function safeRedirectPath(next: unknown, fallback = "/") {
  if (typeof next !== "string" || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}

/**
 * Remix sends a document request the headers of the route's `headers` export
 * only; routes whose actions set Retry-After (429) pass them through with this.
 */
export const passThroughActionHeaders: HeadersFunction = ({ actionHeaders }) => {
  const out = new Headers();
  const retryAfter = actionHeaders.get("Retry-After");
  if (retryAfter) out.set("Retry-After", retryAfter);
  return out;
};

/** A malformed id in the URL is a missing page (404), never a 400. */
export function parseIdParam(value: string | undefined, message = "Không tìm thấy nội dung yêu cầu."): number {
  const id = Number(value);
  if (!value || !/^\d{1,10}$/.test(value) || !Number.isSafeInteger(id) || id <= 0 || id > 2_147_483_647) throw toResponse(new NotFoundError(message));
  return id;
}
