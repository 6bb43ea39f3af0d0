import type { LoaderFunctionArgs } from "@remix-run/node";
import { NotFoundError } from "~/lib/errors";
import { icsContextFor, personalFeed } from "~/services/calendar.server";

// GET /calendar/:token.ics — the personal feed calendar apps subscribe to. No
// session: the secret token in users.calendar_token names the user; an
// unknown or revoked token, or an inactive account, is a plain 404.

export async function loader({ request, params }: LoaderFunctionArgs) {
  try {
    const file = await personalFeed({ token: params.token ?? "", ctx: icsContextFor(request) });
    return new Response(file.body, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `inline; filename="${file.filename}"`,
        // The URL is a secret: no shared caches, no indexing, no referrer leaks.
        "Cache-Control": "private, no-cache",
        "X-Robots-Tag": "noindex, nofollow",
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    if (e instanceof NotFoundError) return new Response("Không tìm thấy lịch.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
}
