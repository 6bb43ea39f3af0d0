import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { NotFoundError } from "~/lib/errors";
import { clientIp, failure, parseWith } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { receivePlainForm, receiveUpload, type ReceivedUpload } from "~/lib/uploads.server";
import { idField } from "~/schemas/common";
import { assertCanManageMeetingDocuments, attachAgendaItemDocuments, deleteDocument, type PresentedDocument } from "~/services/documents.server";

/**
 * POST /meetings/:id/documents — attach files to an agenda item, or delete one.
 * A resource route: fetchers get JSON, plain form posts are sent back to the
 * agenda item on the meeting page. Failures are JSON (400/403/404/413) and
 * write nothing.
 */

export type DocumentActionResult =
  | { ok: true; intent: "upload"; message: string; documents: PresentedDocument[] }
  | { ok: true; intent: "delete"; message: string; documentId: number };

const intentSchema = z.object({
  intent: z.enum(["upload", "delete"], { errorMap: () => ({ message: "Thao tác không hợp lệ." }) }),
});
const uploadSchema = z.object({ agendaItemId: idField("Nội dung họp không hợp lệ.") });
const deleteSchema = z.object({ documentId: idField("Tài liệu không hợp lệ.") });

function meetingIdOf(raw: string | undefined) {
  const parsed = idField().safeParse(raw);
  if (!parsed.success) throw new NotFoundError("Không tìm thấy cuộc họp.");
  return parsed.data;
}

const isMultipart = (request: Request) => /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");

/**
 * A browser's own form post (no JavaScript) is a navigation and goes back to
 * the page; fetchers and API clients get JSON (a redirect would make a
 * fetcher navigate). Remix strips ?_data before the action sees the request,
 * so the Fetch Metadata header decides, with Accept for browsers without it.
 */
function isNavigation(request: Request) {
  const mode = request.headers.get("Sec-Fetch-Mode");
  if (mode) return mode === "navigate";
  return (request.headers.get("Accept") ?? "").includes("text/html");
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  return redirect(`/meetings/${encodeURIComponent(params.id ?? "")}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  let upload: ReceivedUpload | null = null;
  try {
    const user = await requireUser(request);
    const meetingId = meetingIdOf(params.id);
    // Checked before a byte of the body is read: who may not manage the meeting uploads nothing, not even to tmp.
    await assertCanManageMeetingDocuments({ actor: user, meetingId });
    const ip = clientIp(request);
    const form = isMultipart(request) ? (upload = await receiveUpload(request, { fileField: "file" })).fields : await receivePlainForm(request);
    const { intent } = parseWith(intentSchema, form);

    if (intent === "upload") {
      const { agendaItemId } = parseWith(uploadSchema, form);
      const documents = await attachAgendaItemDocuments({ actor: user, meetingId, agendaItemId, files: upload?.files ?? [], ip });
      const message = documents.length === 1 ? `Đã tải lên «${documents[0].fileName}».` : `Đã tải lên ${documents.length} tệp.`;
      if (isNavigation(request)) return redirect(`/meetings/${meetingId}#item-${agendaItemId}`);
      return json<DocumentActionResult>({ ok: true, intent, message, documents });
    }

    const { documentId } = parseWith(deleteSchema, form);
    const deleted = await deleteDocument({ actor: user, documentId, meetingId, ip });
    if (isNavigation(request)) return redirect(`/meetings/${meetingId}${deleted.agendaItemId ? `#item-${deleted.agendaItemId}` : ""}`);
    return json<DocumentActionResult>({ ok: true, intent, message: "Đã xóa tài liệu.", documentId: deleted.id });
  } catch (e) {
    // requireUser's redirect to /login (a fetcher follows it there).
    if (e instanceof Response) throw e;
    const res = failure(e);
    // The rest of an unread or abandoned body is not worth waiting for: answer, then close.
    if (res.status === 413 || !request.bodyUsed) res.headers.set("Connection", "close");
    return res;
  } finally {
    await upload?.discard();
  }
}
