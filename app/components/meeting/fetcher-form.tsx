import { useFetcher } from "@remix-run/react";
import type { ReactNode } from "react";
import type { ActionFailure } from "~/lib/http.server";

type Result = ActionFailure | { ok: true; message?: string } | undefined;

/**
 * A form that posts to the meeting page's action without navigating; the
 * page refreshes from the socket event, and errors show right here.
 */
export function FetcherForm({ intent, children, className, fields, confirm }: {
  intent: string;
  children: (state: { busy: boolean; errors: Record<string, string> }) => ReactNode;
  className?: string;
  fields?: Record<string, string | number | null | undefined>;
  confirm?: string;
}) {
  const fetcher = useFetcher<Result>();
  const result = fetcher.data;
  const errors = result && !result.ok ? result.fields ?? {} : {};
  return (
    <fetcher.Form
      method="post"
      className={className}
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={intent} />
      {Object.entries(fields ?? {}).map(([k, v]) => (v == null ? null : <input key={k} type="hidden" name={k} value={v} />))}
      {children({ busy: fetcher.state !== "idle", errors })}
      {result && !result.ok && (
        <p role="alert" className="field-error">
          {result.fields && Object.keys(result.fields).length > 0 && !result.fields._form
            ? Object.values(result.fields).join(" ")
            : result.fields?._form ?? result.message}
        </p>
      )}
    </fetcher.Form>
  );
}
