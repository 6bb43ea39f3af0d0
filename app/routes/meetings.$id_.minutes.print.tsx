import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-page";
import { formatDateTime } from "~/lib/dates";
import { guardLoader, parseIdParam } from "~/lib/http.server";
import { requireUser } from "~/lib/session.server";
import { getMinutesPrintView } from "~/services/minutes-export.server";

// GET /meetings/:id/minutes/print — the minutes as a page that prints (or
// saves as PDF from the browser) like the DOCX: A4, Decree 30 margins, Times
// New Roman 14 pt. The file is `meetings.$id_…` so it does not nest inside the
// meeting page (which has no <Outlet/>) or the live minutes editor.

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  // The browser proposes the title as the PDF's file name.
  { title: data ? `Biên bản – ${data.meeting.title}` : "Biên bản · Phòng Họp Số" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return guardLoader(async () => {
    const meetingId = parseIdParam(params.id, "Không tìm thấy cuộc họp.");
    const view = await getMinutesPrintView({ actor: user, meetingId });
    return json(view, { headers: { "Cache-Control": "private, no-store" } });
  });
}

// Confidential minutes stay out of shared caches and the back/forward cache's disk.
export const headers: HeadersFunction = () => ({ "Cache-Control": "private, no-store" });

/**
 * root.tsx renders the app header, nav and footer around every page; printing
 * hides them (and anything marked data-print-hide) so the sheet is the whole
 * document. The page-margin box puts the page number at the top centre from
 * page 2, as Decree 30 asks (browsers without margin boxes just omit it).
 */
/** Layout tables (the header and the signature blocks): every cell holds only centred paragraphs. */
const LAYOUT_TABLE = `.minutes-paper table:not(:has(:is(td, th) > :not(p[style*="center"])))`;
/** The document header: the sheet's first layout table. */
const HEADER_TABLE = `.minutes-paper > table:first-child:not(:has(:is(td, th) > :not(p[style*="center"])))`;

const PRINT_CSS = `
@page { size: A4; margin: 20mm 15mm 20mm 30mm;
  @top-center { content: counter(page); font-family: "Times New Roman", Times, serif; font-size: 14pt; vertical-align: bottom; padding-bottom: 4mm; } }
@page :first { @top-center { content: none; } }
@media print {
  header, nav, footer, [data-print-hide], a[href="#main"] { display: none !important; }
  html, body { background: #fff !important; }
  .minutes-print { padding: 0 !important; background: #fff !important; }
  .minutes-paper { box-shadow: none !important; margin: 0 !important; padding: 0 !important; width: auto !important; min-height: 0 !important; }
}
.minutes-paper { box-sizing: border-box; width: 210mm; max-width: 100%; min-height: 297mm; margin: 0 auto; padding: 20mm 15mm 20mm 30mm;
  background: #fff; color: #000; box-shadow: 0 1px 3px rgb(0 0 0 / .15), 0 8px 24px rgb(0 0 0 / .08);
  font-family: "Times New Roman", Times, "Liberation Serif", serif; font-size: 14pt; line-height: 1.32;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; overflow-wrap: break-word; }
.minutes-paper p { margin: 0 0 6pt; text-align: justify; orphans: 2; widows: 2; }
.minutes-paper > p, .minutes-paper > blockquote > p { text-indent: 1cm; }
.minutes-paper p[style*="center"], .minutes-paper p[style*="right"] { text-indent: 0; }
.minutes-paper p:empty::before { content: "\\200b"; }
.minutes-paper h1, .minutes-paper h2, .minutes-paper h3 { font-size: 14pt; font-weight: 700; line-height: 1.32; margin: 6pt 0; break-after: avoid; }
.minutes-paper h1 { text-align: center; text-transform: uppercase; margin-top: 12pt; }
.minutes-paper ul, .minutes-paper ol { margin: 0 0 6pt; padding-left: 1cm; }
.minutes-paper ul > li { list-style-type: "-  "; }
.minutes-paper ul ul > li { list-style-type: "+  "; }
.minutes-paper ol > li { list-style-type: decimal; }
.minutes-paper ol ol > li { list-style-type: lower-alpha; }
.minutes-paper li > p { margin: 0 0 3pt; text-indent: 0; }
.minutes-paper blockquote { margin: 0 0 6pt 1cm; }
.minutes-paper code, .minutes-paper pre { font-family: "Courier New", monospace; font-size: 12pt; }
.minutes-paper pre { white-space: pre-wrap; margin: 0 0 6pt; }
.minutes-paper hr { border: 0; border-top: 1px solid #000; margin: 6pt 0; }
/* 2px short of the measure: a collapsed border's outer half would fall outside the printable area and be cut off. */
.minutes-paper table { width: calc(100% - 2px); margin: 0 1px 6pt; table-layout: fixed; border-collapse: collapse; }
.minutes-paper td, .minutes-paper th { border: 1px solid #000; padding: 2pt 5pt; vertical-align: top; }
.minutes-paper th { font-weight: 700; background: #f2f2f2; }
.minutes-paper td p, .minutes-paper th p { margin: 0; text-indent: 0; text-align: left; line-height: 1.2; }
.minutes-paper tr { break-inside: avoid; }
${LAYOUT_TABLE} { break-inside: avoid; }
${LAYOUT_TABLE} :is(td, th) { border: 0; padding: 0 3pt; background: none; }
/* the signature blocks' empty lines are double, to leave room to sign (as in the DOCX) */
${LAYOUT_TABLE} p:empty { line-height: 2.64; }
${LAYOUT_TABLE} td { padding-top: 6pt; }
${HEADER_TABLE} td { padding-top: 0; }
/* The document header (as in the DOCX): columns sized by their content and 12/13 pt (Decree 30 allows 12–13 and 13–14), so the national title fits one line. */
${HEADER_TABLE} { font-size: 13pt; table-layout: auto; }
${HEADER_TABLE} :is(td, th) > p:first-child { font-size: 12pt; }
/*
 * On a phone screen the A4 margins would leave a column a few words wide, and justified text in it gapes:
 * the preview keeps the paper's look with narrow margins, 12 pt and ragged lines. Printing (from a phone too)
 * is print media and keeps the Decree 30 layout above.
 */
@media screen and (max-width: 640px) {
  .minutes-paper { min-height: 0; padding: 6mm 4mm; font-size: 12pt; }
  /* the editor writes the alignment inline (text-align: justify), hence !important */
  .minutes-paper p:not([style*="center"]):not([style*="right"]) { text-align: left !important; }
  .minutes-paper > p, .minutes-paper > blockquote > p { text-indent: 0.6cm; }
  .minutes-paper ul, .minutes-paper ol { padding-left: 0.6cm; }
  ${HEADER_TABLE} { font-size: 11pt; }
  ${HEADER_TABLE} :is(td, th) > p:first-child { font-size: 10pt; }
}
`;

export default function MinutesPrint() {
  const { meeting, minutes } = useLoaderData<typeof loader>();
  const statusDetail =
    minutes.status === "approved" && minutes.approvedAt
      ? ` – duyệt${minutes.approvedByName ? ` bởi ${minutes.approvedByName}` : ""} lúc ${formatDateTime(minutes.approvedAt)}`
      : ` – cập nhật lúc ${formatDateTime(minutes.updatedAt)}`;
  return (
    <div className="minutes-print bg-slate-100 px-2 py-6 print:bg-white print:p-0">
      <style dangerouslySetInnerHTML={{ __html: PRINT_CSS }} />
      <div data-print-hide className="mx-auto mb-4 flex max-w-[210mm] flex-wrap items-center gap-3 print:hidden">
        <Link to={`/meetings/${meeting.id}`} className="text-sm text-brand-700 hover:underline">
          ← Về cuộc họp
        </Link>
        <p className="text-sm text-slate-700" data-testid="minutes-status">
          Trạng thái biên bản: <strong>{minutes.statusLabel}</strong>
          {statusDetail}
        </p>
        <div className="ml-auto flex gap-2">
          <button type="button" className="btn-primary" onClick={() => window.print()}>
            In / Lưu PDF
          </button>
          <a className="btn-secondary" href={`/meetings/${meeting.id}/minutes.docx`}>
            Tải DOCX
          </a>
        </div>
      </div>
      {/* minutes.html is sanitized on the server when it is stored (DESIGN.md §8). */}
      <article className="minutes-paper" lang="vi" aria-label={`Biên bản – ${meeting.title}`} dangerouslySetInnerHTML={{ __html: minutes.html }} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
