import { Form, useNavigation } from "@remix-run/react";
import StarterKit from "@tiptap/starter-kit";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { useEffect, useRef, useState } from "react";
import { formatDate } from "~/lib/dates";
import { DIRECTIVE_KIND_INFO, DIRECTIVE_KIND_OPTIONS, parseDirectiveNumber } from "~/lib/directive-number";
import { CONFIDENTIALITY_LABELS, DIRECTIVE_STATUS_LABELS } from "~/lib/labels";
import type { DirectiveKind } from "../../models/enums";
import { Field } from "./form";
import { TaskRowsFieldset, type TaskRowOptions } from "./task-rows-fieldset";

const NO_ERRORS: Record<string, string> = {};

export type DirectiveFormOptions = {
  meetings: { id: number; title: string; startsAt: string }[];
  directives: { id: number; label: string; issuer: string; summary: string }[];
};
export type DirectiveFormValues = {
  kind?: string;
  number?: string;
  issuer?: string;
  signer?: string | null;
  issuedOn?: string;
  summary?: string;
  body?: string | null;
  confidentiality?: string;
  sourceMeetingId?: number | null;
  status?: string;
  replacedById?: number | null;
  version?: number;
};

/**
 * Ghi sổ / sửa một văn bản chỉ đạo. The number is parsed as it is typed with
 * the same parser the server uses, so a slip shows before submitting; the
 * server's answer is the one that counts.
 */
export function DirectiveForm({
  mode,
  options,
  values = {},
  errors = NO_ERRORS,
  taskOptions,
  today,
}: {
  mode: "new" | "edit";
  options: DirectiveFormOptions;
  values?: DirectiveFormValues;
  errors?: Record<string, string>;
  /** the repeated task rows are shown when given (new directives) */
  taskOptions?: TaskRowOptions;
  /** yyyy-MM-dd in Hanoi: the latest issue date */
  today: string;
}) {
  const busy = useNavigation().state === "submitting";
  const [kind, setKind] = useState<DirectiveKind>((values.kind as DirectiveKind) ?? "CT");
  const [number, setNumber] = useState(values.number ?? "");
  const [numberTouched, setNumberTouched] = useState(false);
  // The server's message stands until the number is edited again.
  const [editedSinceAnswer, setEditedSinceAnswer] = useState(false);
  useEffect(() => setEditedSinceAnswer(false), [errors]);
  const [status, setStatus] = useState(values.status ?? "active");
  const abbr = DIRECTIVE_KIND_INFO[kind]?.abbr ?? "CT";

  const parsed = number.trim() ? parseDirectiveNumber(number, kind) : null;
  const serverNumberError = editedSinceAnswer ? undefined : errors.number;
  const liveNumberError = numberTouched && parsed && !parsed.ok ? parsed.error : undefined;
  const numberError = liveNumberError ?? serverNumberError;

  // After a refused submission, take the person to the first field that needs them.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (errors === NO_ERRORS || !Object.keys(errors).length) return;
    formRef.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [errors]);

  return (
    <Form method="post" className="space-y-5" noValidate ref={formRef}>
      {values.version !== undefined && <input type="hidden" name="version" value={values.version} />}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <Field name="kind" label="Loại văn bản" error={errors.kind}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as DirectiveKind)}>
              {DIRECTIVE_KIND_OPTIONS.map((k) => (
                <option key={k.value} value={k.value}>{k.name} ({k.abbr})</option>
              ))}
            </select>
          )}
        </Field>
        <div>
          <label htmlFor="f-number" className="label">Số, ký hiệu</label>
          <input
            id="f-number"
            name="number"
            className={`input ${numberError ? "input-error" : ""}`}
            value={number}
            onChange={(e) => {
              setNumber(e.target.value);
              setEditedSinceAnswer(true);
            }}
            onBlur={() => setNumberTouched(true)}
            autoComplete="off"
            spellCheck={false}
            maxLength={60}
            placeholder={`Ví dụ: 24-${abbr}/TU hoặc 06/${abbr}-UBND`}
            aria-invalid={Boolean(numberError)}
            aria-describedby={numberError ? "f-number-error" : "f-number-hint"}
            required
          />
          {numberError ? (
            <p id="f-number-error" className="field-error">{numberError}</p>
          ) : parsed?.ok ? (
            <p id="f-number-hint" className="mt-1 text-xs text-green-800">
              {parsed.value.numberFormat === "party" ? "Văn bản của Đảng" : "Văn bản của chính quyền"} · số {parsed.value.number} · ký hiệu {parsed.value.symbol}
            </p>
          ) : (
            <p id="f-number-hint" className="mt-1 text-xs text-slate-500">Đảng: số-loại/cơ quan (24-CT/TU). Chính quyền: số/loại-cơ quan (06/QĐ-TTg).</p>
          )}
        </div>
        <Field name="issuedOn" label="Ngày ban hành" error={errors.issuedOn}>
          {(p) => <input {...p} type="date" max={today} defaultValue={values.issuedOn} required />}
        </Field>
      </div>
      <div className="grid gap-4 md:grid-cols-2">
        <Field name="issuer" label="Cơ quan ban hành" error={errors.issuer} hint="Ví dụ: Ban Thường vụ Thành ủy; UBND Thành phố; Thủ tướng Chính phủ">
          {(p) => <input {...p} defaultValue={values.issuer} maxLength={191} required />}
        </Field>
        <Field name="signer" label="Người ký" error={errors.signer}>
          {(p) => <input {...p} defaultValue={values.signer ?? ""} maxLength={255} placeholder="Ví dụ: T/M Ban Thường vụ, Phó Bí thư Thường trực" />}
        </Field>
      </div>
      <Field name="summary" label="Trích yếu" error={errors.summary}>
        {(p) => <textarea {...p} rows={2} defaultValue={values.summary} maxLength={2000} required />}
      </Field>
      <RichTextField name="body" label="Toàn văn" initialHtml={values.body ?? ""} error={errors.body} />

      <div className="grid gap-4 md:grid-cols-2">
        <fieldset>
          <legend className="label">Độ mật</legend>
          <div className="flex flex-wrap gap-2">
            {Object.entries(CONFIDENTIALITY_LABELS).map(([v, l]) => (
              <label key={v} className="flex cursor-pointer items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
                <input type="radio" name="confidentiality" value={v} defaultChecked={(values.confidentiality ?? "normal") === v} />
                {l}
              </label>
            ))}
          </div>
          <p className="mt-1 text-xs text-slate-500">Văn bản «Hạn chế», «Mật» chỉ hiển thị với Văn phòng, lãnh đạo và đơn vị được giao nhiệm vụ.</p>
          {errors.confidentiality && <p className="field-error">{errors.confidentiality}</p>}
        </fieldset>
        <Field name="sourceMeetingId" label="Ban hành từ cuộc họp" error={errors.sourceMeetingId}>
          {(p) => (
            <select {...p} defaultValue={values.sourceMeetingId ?? ""}>
              <option value="">— Không gắn với cuộc họp —</option>
              {options.meetings.map((m) => (
                <option key={m.id} value={m.id}>{formatDate(m.startsAt)} · {m.title}</option>
              ))}
            </select>
          )}
        </Field>
      </div>

      <div className="grid gap-4 md:grid-cols-2">
        <DirectiveStatusField status={status} onChange={setStatus} error={errors.status} />
        {status === "replaced" && (
          <ReplacementSelect directives={options.directives} defaultValue={values.replacedById ?? null} error={errors.replacedById} />
        )}
      </div>

      {taskOptions && (
        <div className="border-t border-slate-200 pt-5">
          <TaskRowsFieldset
            options={taskOptions}
            errors={errors}
            minDeadline={today}
            hint="Mỗi dòng là một nhiệm vụ: đơn vị chủ trì, đơn vị phối hợp, người phụ trách và thời hạn. Dòng để trống được bỏ qua. Văn bản và các nhiệm vụ được lưu cùng lúc: có lỗi ở một dòng thì chưa có gì được lưu."
          />
        </div>
      )}

      <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-4">
        <button type="submit" className="btn-primary" disabled={busy}>
          {busy ? "Đang lưu…" : mode === "new" ? "Ghi sổ văn bản" : "Lưu thay đổi"}
        </button>
      </div>
    </Form>
  );
}

/** Hiệu lực: còn hiệu lực / hết hiệu lực / được thay thế bởi… (the form and the directive page's status form). */
export function DirectiveStatusField({ status, onChange, error }: { status: string; onChange: (status: string) => void; error?: string }) {
  return (
    <Field name="status" label="Hiệu lực" error={error}>
      {(p) => (
        <select {...p} value={status} onChange={(e) => onChange(e.target.value)}>
          {Object.entries(DIRECTIVE_STATUS_LABELS).map(([v, l]) => (
            <option key={v} value={v}>{v === "replaced" ? "Được thay thế bởi…" : l}</option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function ReplacementSelect({
  directives,
  defaultValue,
  error,
}: {
  directives: DirectiveFormOptions["directives"];
  defaultValue: number | null;
  error?: string;
}) {
  return (
    <Field name="replacedById" label="Văn bản thay thế" error={error}>
      {(p) => (
        <select {...p} defaultValue={defaultValue ?? ""}>
          <option value="">— Chọn văn bản —</option>
          {directives.map((d) => (
            <option key={d.id} value={d.id}>
              {d.label} · {d.summary.length > 70 ? `${d.summary.slice(0, 67)}…` : d.summary}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * Toàn văn: a small tiptap editor (bold, italic, underline, headings, lists,
 * quotes) writing its HTML into a hidden field. Before the editor loads (or
 * without JavaScript) it is a plain textarea; the server sanitizes either.
 */
function RichTextField({ name, label, initialHtml, error }: { name: string; label: string; initialHtml: string; error?: string }) {
  const [html, setHtml] = useState(initialHtml);
  const editor = useEditor({
    extensions: [StarterKit.configure({ heading: { levels: [2, 3] }, code: false, codeBlock: false, link: { openOnClick: false } })],
    content: initialHtml,
    immediatelyRender: false,
    shouldRerenderOnTransaction: true,
    editorProps: {
      attributes: {
        class: "minutes-doc min-h-[10rem] max-h-[32rem] overflow-y-auto px-3 py-2 focus:outline-none",
        "aria-label": label,
        "aria-multiline": "true",
        role: "textbox",
        ...(error ? { "aria-invalid": "true", "aria-describedby": `f-${name}-error` } : {}),
      },
    },
    onUpdate: ({ editor: e }) => setHtml(e.isEmpty ? "" : e.getHTML()),
  });
  return (
    <div>
      <label htmlFor={`f-${name}`} className="label" onClick={() => editor?.commands.focus()}>{label}</label>
      {editor ? (
        <div className={`rounded-md border bg-white shadow-sm focus-within:border-brand-500 focus-within:ring-2 focus-within:ring-brand-200 ${error ? "border-flag-600" : "border-slate-300"}`}>
          <Toolbar editor={editor} />
          <EditorContent editor={editor} id={`f-${name}`} />
          <input type="hidden" name={name} value={html} />
        </div>
      ) : (
        <textarea
          id={`f-${name}`}
          name={name}
          rows={8}
          className={`input ${error ? "input-error" : ""}`}
          defaultValue={initialHtml}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `f-${name}-error` : undefined}
        />
      )}
      {error && <p id={`f-${name}-error`} className="field-error">{error}</p>}
    </div>
  );
}

function Toolbar({ editor }: { editor: Editor }) {
  const chain = () => editor.chain().focus();
  const buttons: { label: string; title: string; active: boolean; run: () => void; className?: string }[] = [
    { label: "B", title: "Đậm", active: editor.isActive("bold"), run: () => chain().toggleBold().run(), className: "font-bold" },
    { label: "I", title: "Nghiêng", active: editor.isActive("italic"), run: () => chain().toggleItalic().run(), className: "italic" },
    { label: "U", title: "Gạch chân", active: editor.isActive("underline"), run: () => chain().toggleUnderline().run(), className: "underline" },
    { label: "Đề mục", title: "Đề mục", active: editor.isActive("heading", { level: 3 }), run: () => chain().toggleHeading({ level: 3 }).run() },
    { label: "• Danh sách", title: "Danh sách", active: editor.isActive("bulletList"), run: () => chain().toggleBulletList().run() },
    { label: "1. Đánh số", title: "Danh sách đánh số", active: editor.isActive("orderedList"), run: () => chain().toggleOrderedList().run() },
    { label: "“ Trích dẫn", title: "Trích dẫn", active: editor.isActive("blockquote"), run: () => chain().toggleBlockquote().run() },
  ];
  return (
    <div role="toolbar" aria-label="Định dạng toàn văn" className="flex flex-wrap gap-1 border-b border-slate-200 bg-slate-50 px-2 py-1.5">
      {buttons.map((b) => (
        <button
          key={b.title}
          type="button"
          title={b.title}
          aria-label={b.title}
          aria-pressed={b.active}
          onClick={b.run}
          className={`rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-200 ${b.active ? "bg-slate-200 text-slate-900" : ""} ${b.className ?? ""}`}
        >
          {b.label}
        </button>
      ))}
      <span className="mx-1 w-px self-stretch bg-slate-200" aria-hidden="true" />
      <button type="button" title="Hoàn tác" aria-label="Hoàn tác" className="rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-200 disabled:opacity-40" disabled={!editor.can().undo()} onClick={() => chain().undo().run()}>↶</button>
      <button type="button" title="Làm lại" aria-label="Làm lại" className="rounded px-2 py-1 text-xs text-slate-700 hover:bg-slate-200 disabled:opacity-40" disabled={!editor.can().redo()} onClick={() => chain().redo().run()}>↷</button>
    </div>
  );
}
