import { createReadableStreamFromReadable, json, type LoaderFunctionArgs } from "@remix-run/node";
import { AppError, AuthenticationError } from "~/lib/errors";
import { contentDisposition } from "~/lib/uploads.server";
import { requireUser } from "~/lib/session.server";
import { openDocumentForDownload } from "~/services/documents.server";
import stylesheet from "~/tailwind.css";

/**
 * GET /documents/:id — the download of one attachment (a resource route).
 * Whatever the reason a document cannot be served (unknown, malformed id,
 * invisible meeting, no permission), the answer is the same 404 page, so a
 * confidential meeting's documents cannot be probed.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const user = await requireUser(request);
    const id = /^[1-9]\d{0,9}$/.test(params.id ?? "") ? Number(params.id) : NaN;
    if (!Number.isSafeInteger(id) || id > 2_147_483_647) return notFoundPage();
    const doc = await openDocumentForDownload({ actor: user, documentId: id });
    // Remix answers HEAD without the body: close the file rather than leave it to the garbage collector.
    if (request.method === "HEAD") doc.stream.destroy();
    return new Response(request.method === "HEAD" ? null : createReadableStreamFromReadable(doc.stream), {
      status: 200,
      headers: {
        "Content-Type": doc.mime,
        "Content-Length": String(doc.size),
        "Content-Disposition": contentDisposition(doc.fileName),
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
        // Should a browser ever render it inline, it runs nothing and loads nothing.
        "Content-Security-Policy": "default-src 'none'; sandbox",
        ETag: `"${doc.sha256}"`,
      },
    });
  } catch (e) {
    // The redirect to /login for a signed-out browser.
    if (e instanceof Response) throw e;
    // A signed-out API client (Accept: application/json).
    if (e instanceof AuthenticationError) return json({ message: e.message, errorId: e.id }, { status: 401, headers: { "Cache-Control": "no-store" } });
    if (e instanceof AppError) return notFoundPage(e.status === 404 ? e.message : undefined);
    throw e;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function notFoundPage(message = "Không tìm thấy tài liệu.") {
  const html = `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy tài liệu · Phòng Họp Số</title><link rel="stylesheet" href="${escapeHtml(stylesheet)}"></head>
<body class="bg-slate-50 text-slate-900"><div class="mx-auto max-w-xl px-4 py-16 text-center" role="alert">
<p class="text-5xl font-bold text-brand-800">404</p>
<h1 class="mt-3 text-xl font-semibold">Không tìm thấy trang hoặc nội dung bạn yêu cầu.</h1>
<p class="mt-2 text-slate-600">${escapeHtml(message)}</p>
<a href="/" class="btn-primary mt-6">Về trang chủ</a>
</div></body></html>`;
  return new Response(html, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}
