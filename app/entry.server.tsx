import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { renderToString } from "react-dom/server";
import { logger } from "./lib/logger.server";

// server.ts reads these as build.entry.module.* — one module graph (DESIGN.md §3).
export { bootstrap, runtime, shutdown } from "./bootstrap.server";

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logger.error({ err: error, url: request.url }, "request failed");
}

/**
 * The whole page is rendered to one string and sent in one write. No route
 * streams (nothing is deferred), so streaming only cost time: React's
 * pipeable renderer hands the socket ~45 separate 2 KB views for a task list,
 * each its own write, and React 18.3 pads a view with 0x00 bytes when a
 * multi-byte UTF-8 character does not fit at its end ("truy c�ập" on
 * Vietnamese pages). A string has neither problem (decision 010).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const html = `<!DOCTYPE html>${renderToString(<RemixServer context={remixContext} url={request.url} />)}`;
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");
  responseHeaders.set("X-Content-Type-Options", "nosniff");
  responseHeaders.set("Referrer-Policy", "same-origin");
  responseHeaders.set("X-Frame-Options", "SAMEORIGIN");
  // Bytes, not the string: a string body is first rescanned for lone surrogates (toUSVString), 0.5 ms for a list page.
  return new Response(Buffer.from(html), { headers: responseHeaders, status: responseStatusCode });
}
