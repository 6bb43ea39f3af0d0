import type { LoaderFunctionArgs } from "@remix-run/node";
import { AppError } from "~/lib/errors";
import { parseIdParam } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { attachmentDisposition, exportMinutesDocx } from "~/services/minutes-export.server";

// GET /meetings/:id/minutes.docx — the minutes as a Word file in the layout of
// Decree 30/2020/NĐ-CP, with the meeting page's visibility: an invisible
// meeting, a malformed id and a meeting without minutes are all 404.

const DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    const meetingId = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const file = await exportMinutesDocx({ actor: user, meetingId });
    return new Response(request.method === "HEAD" ? null : new Uint8Array(file.buffer), {
      status: 200,
      headers: {
        "Content-Type": DOCX_MIME,
        "Content-Length": String(file.buffer.byteLength),
        "Content-Disposition": attachmentDisposition(file),
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    if (e instanceof AppError) return notFound(e.status === 404 ? e.message : "Không tìm thấy cuộc họp.");
    // parseIdParam throws a 404 Response
    if (e instanceof Response && e.status === 404) return notFound("Không tìm thấy cuộc họp.");
    throw e;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A download link opens this in the browser tab: a small page, not a JSON body. */
function notFound(message: string) {
  const html = `<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Không tìm thấy · Phòng Họp Số</title></head>
<body style="font-family:system-ui,sans-serif;text-align:center;padding:4rem 1rem;color:#0f172a">
<p style="font-size:3rem;font-weight:700;color:#1c376f;margin:0">404</p>
<h1 style="font-size:1.25rem">${escapeHtml(message)}</h1>
<p><a href="/">Về trang chủ</a></p>
</body></html>`;
  return new Response(html, {
    status: 404,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}
