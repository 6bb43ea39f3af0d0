import { useFetcher } from "@remix-run/react";
import { useState, type ReactNode } from "react";
import { Badge } from "~/components/status-badge";
import { formatTime } from "~/lib/dates";
import { FetcherForm } from "./fetcher-form";
import type { MeetingView, Pickers } from "./types";

export const AGENDA_STATUS: Record<string, { label: string; tone: "slate" | "blue" | "green" | "amber" }> = {
  pending: { label: "Chưa thảo luận", tone: "slate" },
  discussing: { label: "Đang thảo luận", tone: "blue" },
  done: { label: "Đã xong", tone: "green" },
  postponed: { label: "Hoãn", tone: "amber" },
};

type Item = MeetingView["agenda"][number];

/**
 * The agenda: computed start times, live item status, and — for the
 * secretariat — add/edit/remove and reordering by drag and drop or by the
 * up/down buttons (keyboard).
 */
export function AgendaPanel({ meeting, pickers, renderDocuments, onSelectItem }: { meeting: MeetingView; pickers: Pickers; renderDocuments?: (item: Item) => ReactNode; onSelectItem?: (itemId: number) => void }) {
  const manage = meeting.viewer.canManage;
  const editable = manage && !["ended", "cancelled"].includes(meeting.status);
  const statusEditable = manage && ["convened", "in_progress", "ended"].includes(meeting.status);
  const reorder = useFetcher();
  const [dragId, setDragId] = useState<number | null>(null);
  const [overId, setOverId] = useState<number | null>(null);
  const items = meeting.agenda;
  const total = items.reduce((s, i) => s + i.durationMinutes, 0);

  const drop = (targetId: number) => {
    if (dragId == null || dragId === targetId) return;
    const order = items.map((i) => i.id).filter((id) => id !== dragId);
    order.splice(order.indexOf(targetId) + (items.findIndex((i) => i.id === dragId) < items.findIndex((i) => i.id === targetId) ? 1 : 0), 0, dragId);
    reorder.submit({ intent: "agenda-order", order: order.join(",") }, { method: "post" });
  };

  return (
    <section className="card" aria-labelledby="agenda-title">
      <div className="card-header">
        <h2 id="agenda-title" className="card-title">Chương trình họp</h2>
        <span className="text-sm text-slate-500">{items.length} nội dung · {total} phút</span>
      </div>
      {items.length === 0 ? (
        <p className="px-4 py-6 text-sm text-slate-500">Chưa có nội dung.</p>
      ) : (
        <ol className="divide-y divide-slate-100" aria-describedby={editable ? "agenda-dnd-hint" : undefined}>
          {items.map((a, i) => (
            <li
              key={a.id}
              id={`item-${a.id}`}
              data-testid="agenda-item"
              draggable={editable}
              onDragStart={(e) => {
                setDragId(a.id);
                e.dataTransfer.effectAllowed = "move";
              }}
              onDragOver={(e) => {
                if (dragId != null) {
                  e.preventDefault();
                  setOverId(a.id);
                }
              }}
              onDragLeave={() => setOverId((x) => (x === a.id ? null : x))}
              onDrop={(e) => {
                e.preventDefault();
                drop(a.id);
                setDragId(null);
                setOverId(null);
              }}
              onDragEnd={() => {
                setDragId(null);
                setOverId(null);
              }}
              className={`px-4 py-3 ${a.status === "discussing" ? "bg-blue-50" : ""} ${overId === a.id ? "ring-2 ring-inset ring-brand-400" : ""} ${dragId === a.id ? "opacity-50" : ""}`}
            >
              <div className="flex gap-3">
                {editable && <span className="cursor-grab select-none pt-0.5 text-slate-400" aria-hidden="true" title="Kéo để sắp xếp">⠿</span>}
                <span className="w-12 shrink-0 pt-0.5 text-sm font-semibold text-brand-800">{formatTime(a.startsAt)}</span>
                <div className="min-w-0 flex-1">
                  <p className="font-medium">
                    {onSelectItem ? (
                      <button type="button" className="text-left hover:text-brand-800 hover:underline" onClick={() => onSelectItem(a.id)} title="Đến phần này trong biên bản">
                        {i + 1}. {a.title}
                      </button>
                    ) : (
                      <>{i + 1}. {a.title}</>
                    )}
                  </p>
                  {a.presenter && <p className="text-sm text-slate-600">Trình bày: {a.presenter}</p>}
                  {a.description && <p className="mt-1 whitespace-pre-line text-sm text-slate-600">{a.description}</p>}
                  <p className="text-xs text-slate-500">{a.durationMinutes} phút</p>
                </div>
                <div className="flex shrink-0 flex-col items-end gap-1">
                  <span className="whitespace-nowrap" data-testid="agenda-status"><Badge tone={AGENDA_STATUS[a.status]?.tone}>{AGENDA_STATUS[a.status]?.label}</Badge></span>
                  {editable && (
                    <div className="flex gap-1">
                      <FetcherForm intent="agenda-move" fields={{ itemId: a.id, direction: "up" }}>
                        {({ busy }) => <button className="btn-secondary btn-sm" disabled={busy || i === 0} aria-label={`Chuyển «${a.title}» lên`}>↑</button>}
                      </FetcherForm>
                      <FetcherForm intent="agenda-move" fields={{ itemId: a.id, direction: "down" }}>
                        {({ busy }) => <button className="btn-secondary btn-sm" disabled={busy || i === items.length - 1} aria-label={`Chuyển «${a.title}» xuống`}>↓</button>}
                      </FetcherForm>
                    </div>
                  )}
                </div>
              </div>
              {statusEditable && (
                <div className="mt-2 flex flex-wrap gap-1 pl-0 sm:pl-[4.75rem]" role="group" aria-label={`Tình trạng «${a.title}»`}>
                  {Object.entries(AGENDA_STATUS).map(([value, s]) => (
                    <FetcherForm key={value} intent="agenda-status" fields={{ itemId: a.id, status: value }}>
                      {({ busy }) => (
                        <button className={a.status === value ? "btn-primary btn-sm" : "btn-secondary btn-sm"} aria-pressed={a.status === value} disabled={busy}>
                          {s.label}
                        </button>
                      )}
                    </FetcherForm>
                  ))}
                </div>
              )}
              {renderDocuments && <div className="mt-2 sm:pl-[4.75rem]">{renderDocuments(a)}</div>}
              {editable && (
                <details className="mt-2 sm:pl-[4.75rem]">
                  <summary className="cursor-pointer text-sm text-brand-700">Sửa nội dung</summary>
                  <AgendaItemFields intent="agenda-update" item={a} pickers={pickers} submitLabel="Lưu nội dung" />
                  <FetcherForm intent="agenda-remove" fields={{ itemId: a.id }} className="mt-2" confirm={`Xóa nội dung «${a.title}»?`}>
                    {({ busy }) => <button className="btn-secondary btn-sm text-flag-700" disabled={busy}>Xóa nội dung này</button>}
                  </FetcherForm>
                </details>
              )}
            </li>
          ))}
        </ol>
      )}
      {editable && (
        <div className="border-t border-slate-200 px-4 py-3">
          <p id="agenda-dnd-hint" className="mb-2 text-xs text-slate-500">Kéo thả để sắp xếp, hoặc dùng nút ↑ ↓.</p>
          <details>
            <summary className="cursor-pointer text-sm font-semibold text-brand-700">+ Thêm nội dung</summary>
            <AgendaItemFields intent="agenda-add" pickers={pickers} submitLabel="Thêm vào chương trình" />
          </details>
        </div>
      )}
    </section>
  );
}

function AgendaItemFields({ intent, item, pickers, submitLabel }: { intent: string; item?: Item; pickers: Pickers; submitLabel: string }) {
  return (
    <FetcherForm intent={intent} fields={{ itemId: item?.id }} className="mt-2 grid gap-2 sm:grid-cols-2">
      {({ busy, errors }) => (
        <>
          <label className="text-sm sm:col-span-2">
            Nội dung
            <input name="title" className={`input ${errors.title ? "input-error" : ""}`} defaultValue={item?.title} required maxLength={500} />
          </label>
          <label className="text-sm">
            Đơn vị trình bày
            <select name="presenterUnitId" className="input" defaultValue={item?.presenterUnitId ?? ""}>
              <option value="">—</option>
              {pickers.units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
            </select>
          </label>
          <label className="text-sm">
            Người trình bày
            <select name="presenterUserId" className="input" defaultValue={item?.presenterUserId ?? ""}>
              <option value="">—</option>
              {pickers.users.map((u) => <option key={u.id} value={u.id}>{u.fullName}{u.title ? ` – ${u.title}` : ""}</option>)}
            </select>
          </label>
          <label className="text-sm">
            Thời lượng (phút)
            <input name="durationMinutes" type="number" min={5} max={480} step={5} className={`input ${errors.durationMinutes ? "input-error" : ""}`} defaultValue={item?.durationMinutes ?? 30} />
          </label>
          <label className="text-sm sm:col-span-2">
            Mô tả
            <textarea name="description" rows={2} className="input" defaultValue={item?.description ?? ""} />
          </label>
          <div className="sm:col-span-2">
            <button className="btn-primary btn-sm" disabled={busy}>{busy ? "Đang lưu…" : submitLabel}</button>
          </div>
        </>
      )}
    </FetcherForm>
  );
}
