import { Transform, type TransformCallback } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { logger } from "./lib/logger.server";

// server.ts reads these as build.entry.module.* — one module graph (DESIGN.md §3).
export { bootstrap, runtime, shutdown } from "./bootstrap.server";

const ABORT_DELAY = 5_000;

/**
 * React 18.3's streaming renderer writes a whole 2 KB view when a multi-byte
 * UTF-8 character does not fit at its end, padding it with 0x00 bytes (the
 * character itself goes into the next view). Vietnamese text hits this at
 * every chunk boundary that falls inside a character: the page shows "truy c�ập".
 * A NUL byte never occurs inside UTF-8 text and never in our HTML, so dropping
 * them restores the exact bytes. (Fixed upstream in React 19.)
 */
export class DropNulBytes extends Transform {
  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    if (chunk.indexOf(0) === -1) return done(null, chunk);
    const out = Buffer.allocUnsafe(chunk.length);
    let n = 0;
    for (const byte of chunk) if (byte !== 0) out[n++] = byte;
    done(null, out.subarray(0, n));
  }
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logger.error({ err: error, url: request.url }, "request failed");
}

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  _loadContext: AppLoadContext,
) {
  const bot = isbot(request.headers.get("user-agent") || "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} />,
      {
        [bot ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new DropNulBytes();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          responseHeaders.set("X-Content-Type-Options", "nosniff");
          responseHeaders.set("Referrer-Policy", "same-origin");
          responseHeaders.set("X-Frame-Options", "SAMEORIGIN");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) logger.error({ err: error }, "render failed");
        },
      },
    );
    // unref: a finished render must not keep the process (or a test run) alive for 5 s.
    setTimeout(abort, ABORT_DELAY).unref();
  });
}
