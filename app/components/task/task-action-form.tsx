import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { FilePicker } from "~/components/file-picker";
import type { ActionFailure } from "~/lib/http.server";

type Result = ActionFailure | { ok: true; message?: string };

/** The props of one control: name, class, and its error wiring. */
type FieldProps = (name: string) => { name: string; className: string; "aria-invalid": boolean; "aria-describedby"?: string };

/**
 * One action on the task page (report, accept, extend…) as its own fetcher
 * form: its message and field errors stay next to it, and it is cleared once
 * the action succeeded. Forms with evidence files post multipart with the
 * intent in the URL, so the server checks the right before reading the body.
 */
export function TaskActionForm({
  intent,
  version,
  upload = false,
  submit,
  tone = "primary",
  hidden = {},
  choices,
  choiceName,
  children,
}: {
  intent: string;
  version?: number;
  upload?: boolean;
  submit?: string;
  tone?: "primary" | "secondary";
  hidden?: Record<string, string>;
  /** several submit buttons, each sending `choiceName=value` */
  choices?: [string, string][];
  choiceName?: string;
  children: (field: FieldProps) => ReactNode;
}) {
  const fetcher = useFetcher<Result>();
  const formRef = useRef<HTMLFormElement>(null);
  const result = fetcher.state === "idle" ? fetcher.data : undefined;
  const errors = result && !result.ok ? result.fields ?? {} : {};
  useEffect(() => {
    if (result?.ok) formRef.current?.reset();
  }, [result]);
  const field: FieldProps = (name) => ({
    name,
    className: `input ${errors[name] ? "input-error" : ""}`,
    "aria-invalid": Boolean(errors[name]),
    "aria-describedby": errors[name] ? `${intent}-${name}-error` : undefined,
  });
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form ref={formRef} method="post" action={`?intent=${intent}`} encType={upload ? "multipart/form-data" : undefined} className="space-y-2" data-testid={`task-form-${intent}`}>
      <input type="hidden" name="intent" value={intent} />
      {version !== undefined && <input type="hidden" name="version" value={version} />}
      {Object.entries(hidden).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
      {children(field)}
      {Object.entries(errors).map(([k, msg]) => <p key={k} id={`${intent}-${k}-error`} className="field-error">{msg}</p>)}
      {upload && (
        <div>
          <label className="label" htmlFor={`${intent}-files`}>Tệp minh chứng (PDF, Word, Excel, ảnh; tối đa 50 MB)</label>
          <FilePicker id={`${intent}-files`} name="files" multiple />
        </div>
      )}
      {result && !result.ok && !Object.keys(errors).length && <p role="alert" className="field-error">{result.message}</p>}
      {result && !result.ok && Object.keys(errors).length > 0 && result.message && <p role="alert" className="sr-only">{result.message}</p>}
      {result?.ok && result.message && <p role="status" className="text-sm text-green-700">{result.message}</p>}
      <div className="flex flex-wrap gap-2 pt-1">
        {choices ? (
          choices.map(([value, label], i) => (
            <button key={value} type="submit" name={choiceName} value={value} disabled={busy} className={i === 0 ? "btn-primary" : "btn-secondary"}>{label}</button>
          ))
        ) : (
          <button type="submit" disabled={busy} className={tone === "primary" ? "btn-primary" : "btn-secondary"}>{busy ? "Đang gửi…" : submit}</button>
        )}
      </div>
    </fetcher.Form>
  );
}
