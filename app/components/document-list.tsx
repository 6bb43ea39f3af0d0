import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { FilePicker } from "~/components/file-picker";
import { formatDateTime } from "~/lib/dates";
import type { ActionFailure } from "~/lib/http.server";
import type { PresentedDocument } from "~/services/documents.server";

// Mirrors app/lib/uploads.server.ts (a server module cannot be imported here);
// the server enforces them, these only spare the user a doomed 50 MB upload.
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const ACCEPT = ".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.gif,.webp";

type ActionResult = { ok: true; message: string } | ActionFailure;

const KINDS: Array<{ test: (mime: string) => boolean; short: string; label: string; className: string }> = [
  { test: (m) => m === "application/pdf", short: "PDF", label: "Tài liệu PDF", className: "bg-red-100 text-red-800" },
  { test: (m) => m.includes("wordprocessingml"), short: "DOC", label: "Văn bản Word", className: "bg-blue-100 text-blue-800" },
  { test: (m) => m.includes("spreadsheetml"), short: "XLS", label: "Bảng tính Excel", className: "bg-green-100 text-green-800" },
  { test: (m) => m.includes("presentationml"), short: "PPT", label: "Trình chiếu PowerPoint", className: "bg-orange-100 text-orange-800" },
  { test: (m) => m.startsWith("image/"), short: "ẢNH", label: "Hình ảnh", className: "bg-purple-100 text-purple-800" },
];
const OTHER = { short: "TỆP", label: "Tệp", className: "bg-slate-100 text-slate-700" };

export function fileKind(mime: string) {
  return KINDS.find((k) => k.test(mime)) ?? OTHER;
}

/** 1 234 567 bytes → "1,2 MB", the way Vietnamese documents write sizes. */
export function formatFileSize(bytes: number) {
  const nf = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${nf.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${nf.format(bytes / 1024)} KB`;
  return `${nf.format(bytes / (1024 * 1024))} MB`;
}

/**
 * The documents of one agenda item: download links for everyone who can see
 * the meeting, and for those who run it an upload form and delete buttons.
 * Works without JavaScript too (the action then redirects back to #item-{id}).
 */
export function DocumentList({
  documents,
  canManage,
  meetingId,
  agendaItemId,
}: {
  documents: PresentedDocument[];
  canManage: boolean;
  meetingId: number;
  agendaItemId: number;
}) {
  const action = `/meetings/${meetingId}/documents`;
  return (
    <div className="mt-2 space-y-2">
      {documents.length > 0 ? (
        <ul className="space-y-1" aria-label="Tài liệu">
          {documents.map((d) => (
            <DocumentRow key={d.id} document={d} canManage={canManage} action={action} />
          ))}
        </ul>
      ) : (
        !canManage && <p className="text-xs text-slate-500">Chưa có tài liệu.</p>
      )}
      {canManage && <UploadForm action={action} agendaItemId={agendaItemId} />}
    </div>
  );
}

function DocumentRow({ document: d, canManage, action }: { document: PresentedDocument; canManage: boolean; action: string }) {
  const fetcher = useFetcher<ActionResult>({ key: `document-delete-${d.id}` });
  const deleting = fetcher.state !== "idle";
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.message : null;
  const kind = fileKind(d.mime);
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    if (!window.confirm(`Xóa tài liệu «${d.fileName}»? Thao tác này không hoàn tác được.`)) e.preventDefault();
  };
  return (
    <li className={`flex items-center gap-2 rounded-md border border-slate-200 bg-slate-50 px-2 py-1.5 text-sm ${deleting ? "opacity-50" : ""}`}>
      <span className={`inline-flex w-10 shrink-0 justify-center rounded px-1 py-0.5 text-[10px] font-bold ${kind.className}`} title={kind.label} aria-hidden="true">
        {kind.short}
      </span>
      <span className="min-w-0 flex-1">
        <a href={`/documents/${d.id}`} className="link block truncate" title={d.fileName}>
          <span className="sr-only">{kind.label}: </span>
          {d.fileName}
        </a>
        <span className="block text-xs text-slate-500">
          {formatFileSize(d.size)} · {formatDateTime(d.uploadedAt)}
          {d.uploadedBy && ` · ${d.uploadedBy.fullName}`}
        </span>
        {failed && <span role="alert" className="block text-xs text-flag-700">{failed}</span>}
      </span>
      {canManage && (
        <fetcher.Form method="post" action={action} onSubmit={onSubmit}>
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="documentId" value={d.id} />
          <button type="submit" className="btn-secondary btn-sm" disabled={deleting} aria-label={`Xóa tài liệu ${d.fileName}`}>
            {deleting ? "Đang xóa…" : "Xóa"}
          </button>
        </fetcher.Form>
      )}
    </li>
  );
}

function UploadForm({ action, agendaItemId }: { action: string; agendaItemId: number }) {
  const fetcher = useFetcher<ActionResult>({ key: `document-upload-${agendaItemId}` });
  const formRef = useRef<HTMLFormElement>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const uploading = fetcher.state !== "idle";
  const pending = uploading ? (fetcher.formData?.getAll("file").filter((f): f is File => typeof f === "object" && f !== null && "size" in f && f.size > 0) ?? []) : [];
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const error = localError ?? (result && !result.ok ? result.fields?.file ?? result.message : null);
  const inputId = `document-file-${agendaItemId}`;

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) formRef.current?.reset();
  }, [fetcher.state, fetcher.data]);

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    const input = e.currentTarget.elements.namedItem("file") as HTMLInputElement | null;
    const files = Array.from(input?.files ?? []);
    const total = files.reduce((n, f) => n + f.size, 0);
    const tooBig = files.find((f) => f.size > MAX_UPLOAD_BYTES);
    const message =
      files.length === 0
        ? "Vui lòng chọn tệp cần tải lên."
        : tooBig
          ? `Tệp «${tooBig.name}» vượt quá dung lượng cho phép (tối đa 50 MB mỗi lần tải lên).`
          : total > MAX_UPLOAD_BYTES
            ? `Tổng dung lượng các tệp là ${formatFileSize(total)}, vượt quá 50 MB mỗi lần tải lên; vui lòng tải lên từng phần.`
            : null;
    setLocalError(message);
    if (message) e.preventDefault();
  };

  return (
    <fetcher.Form ref={formRef} method="post" action={action} encType="multipart/form-data" onSubmit={onSubmit} className="flex flex-wrap items-center gap-2" aria-busy={uploading}>
      <input type="hidden" name="intent" value="upload" />
      <input type="hidden" name="agendaItemId" value={agendaItemId} />
      <label htmlFor={inputId} className="sr-only">Chọn tài liệu cho nội dung họp</label>
      <FilePicker
        id={inputId}
        compact
        name="file"
        multiple
        accept={ACCEPT}
        disabled={uploading}
        onChange={() => setLocalError(null)}
        aria-invalid={Boolean(error)}
        aria-describedby={`${inputId}-hint${error ? ` ${inputId}-error` : ""}`}
      />
      <button type="submit" className="btn-primary btn-sm" disabled={uploading}>
        {uploading ? (
          <>
            <span className="h-3 w-3 animate-spin rounded-full border-2 border-white/40 border-t-white" aria-hidden="true" />
            Đang tải lên…
          </>
        ) : (
          "Tải lên"
        )}
      </button>
      <p id={`${inputId}-hint`} className="w-full text-xs text-slate-500">
        PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX) hoặc ảnh; tối đa 50 MB mỗi lần tải lên.
      </p>
      {uploading && pending.length > 0 && (
        <p role="status" className="w-full text-xs text-brand-800">
          Đang tải lên {pending.length === 1 ? `«${pending[0].name}»` : `${pending.length} tệp`} ({formatFileSize(pending.reduce((n, f) => n + f.size, 0))})…
        </p>
      )}
      {error && (
        <p id={`${inputId}-error`} role="alert" className="w-full text-xs text-flag-700">
          {error}
        </p>
      )}
    </fetcher.Form>
  );
}
