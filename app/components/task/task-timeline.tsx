import { formatDate, formatDateTime } from "~/lib/dates";

type Report = { id: number; kind: string; progress: number | null; note: string; author: string; createdAt: string; documents: { id: number; fileName: string }[] };
type Extension = { id: number; status: string; previousDeadline: string | null; requestedDeadline: string; reason: string; requestedBy: string; decidedBy: string | null; decidedAt: string | null; decisionNote: string | null; createdAt: string };
type HistoryEntry = { id: number; action: string; actor: string; at: string; changes: { field: string; label: string; before: string; after: string }[]; note: string | null };

const REPORT_KIND: Record<string, string> = { progress: "Báo cáo tiến độ", completion: "Báo cáo hoàn thành", accepted: "Nghiệm thu", returned: "Trả lại báo cáo" };
const EXTENSION_STATUS: Record<string, string> = { pending: "chờ duyệt", approved: "đã duyệt", refused: "không duyệt" };

type Entry = { key: string; at: string; node: React.ReactNode };

/** Reports and extension requests in one timeline, newest first; then the full audit history. */
export function TaskTimeline({ reports, extensions, history }: { reports: Report[]; extensions: Extension[]; history: HistoryEntry[] }) {
  const entries: Entry[] = [
    ...reports.map((r) => ({
      key: `r${r.id}`,
      at: r.createdAt,
      node: (
        <>
          <p><strong>{REPORT_KIND[r.kind] ?? r.kind}</strong>{r.progress != null && r.kind === "progress" && ` · ${r.progress}%`} — {r.author}, {formatDateTime(r.createdAt)}</p>
          {r.note && <p className="mt-1 whitespace-pre-line text-slate-700">{r.note}</p>}
          {r.documents.length > 0 && (
            <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
              {r.documents.map((d) => <li key={d.id}><a className="link" href={`/documents/${d.id}`}>📎 {d.fileName}</a></li>)}
            </ul>
          )}
        </>
      ),
    })),
    ...extensions.map((e) => ({
      key: `e${e.id}`,
      at: e.createdAt,
      node: (
        <>
          <p>
            <strong>Xin gia hạn</strong> ({EXTENSION_STATUS[e.status] ?? e.status}) — {e.requestedBy}, {formatDateTime(e.createdAt)}: từ {e.previousDeadline ? formatDate(e.previousDeadline) : "—"} đến <strong>{formatDate(e.requestedDeadline)}</strong>
          </p>
          <p className="mt-1 text-slate-700">Lý do: {e.reason}</p>
          {e.decidedBy && <p className="mt-1 text-slate-600">{e.status === "approved" ? "Duyệt" : "Không duyệt"} bởi {e.decidedBy}{e.decidedAt ? `, ${formatDateTime(e.decidedAt)}` : ""}{e.decisionNote ? ` — ${e.decisionNote}` : ""}</p>}
        </>
      ),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <>
      <section className="card mt-6" aria-labelledby="timeline">
        <div className="card-header"><h2 id="timeline" className="card-title">Quá trình thực hiện</h2></div>
        {entries.length === 0 ? (
          <p className="px-4 py-6 text-sm text-slate-500">Chưa có báo cáo tiến độ.</p>
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="task-timeline">
            {entries.map((e) => <li key={e.key} className="px-4 py-3 text-sm">{e.node}</li>)}
          </ol>
        )}
      </section>
      <details className="card mt-6">
        <summary className="card-header cursor-pointer"><h2 className="card-title">Lịch sử thay đổi ({history.length})</h2></summary>
        <ol className="divide-y divide-slate-100" data-testid="task-history">
          {history.map((h) => (
            <li key={h.id} className="px-4 py-2 text-sm">
              <p><strong>{h.action}</strong> — {h.actor}, {formatDateTime(h.at)}</p>
              {h.changes.length > 0 && (
                <ul className="mt-1 space-y-0.5 text-slate-700">
                  {h.changes.map((c) => <li key={c.field}>{c.label}: {c.before ? <><span className="text-slate-500 line-through">{c.before}</span> → </> : null}{c.after}</li>)}
                </ul>
              )}
              {h.note && <p className="mt-1 text-slate-600">{h.note}</p>}
            </li>
          ))}
        </ol>
      </details>
    </>
  );
}
