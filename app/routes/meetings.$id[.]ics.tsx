import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { AppError } from "~/lib/errors";
import { parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { icsContextFor, meetingIcs } from "~/services/calendar.server";

// GET /meetings/:id.ics — one meeting as an iCalendar file, for the signed-in
// user and with the meeting page's visibility (an invisible meeting is a 404).

const paramsSchema = z.object({ id: z.coerce.number({ invalid_type_error: "Mã cuộc họp không hợp lệ." }).int().positive("Mã cuộc họp không hợp lệ.") });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  try {
    const { id } = parseWith(paramsSchema, params);
    const file = await meetingIcs({ actor: user, meetingId: id, ctx: icsContextFor(request) });
    return new Response(file.body, {
      headers: {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `attachment; filename="${file.filename}"`,
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
      },
    });
  } catch (e) {
    // A malformed id is as missing as an invisible meeting.
    if (e instanceof AppError) return new Response("Không tìm thấy cuộc họp.", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw e;
  }
}
