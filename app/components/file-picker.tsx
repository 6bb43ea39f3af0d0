import { useEffect, useRef, useState, type InputHTMLAttributes } from "react";
import { useT } from "~/lib/i18n";

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "id"> & { id: string; compact?: boolean };

/**
 * A file input whose button and "nothing chosen" text are ours, in the user's
 * language: the browser's own (`Choose Files`, `No file chosen`) follow the
 * browser's locale, not the app's. The native input stays in the page, visually
 * hidden but focusable (keyboard, screen readers, form submission, tests).
 */
export function FilePicker({ id, compact = false, onChange, className, ...input }: Props) {
  const t = useT();
  const ref = useRef<HTMLInputElement>(null);
  const [names, setNames] = useState<string[]>([]);

  // A form reset (after a successful upload) empties the input without a change event.
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const clear = () => setNames([]);
    form.addEventListener("reset", clear);
    return () => form.removeEventListener("reset", clear);
  }, []);

  const chosen = names.length === 0 ? t("file.none") : names.length === 1 ? names[0] : t("file.many", { n: names.length });
  return (
    <span className={`inline-flex min-w-0 max-w-full items-center gap-2 ${className ?? ""}`}>
      <input
        ref={ref}
        id={id}
        type="file"
        className="peer sr-only"
        onChange={(e) => {
          setNames(Array.from(e.currentTarget.files ?? [], (f) => f.name));
          onChange?.(e);
        }}
        {...input}
      />
      <label
        htmlFor={id}
        aria-hidden="true"
        className={`btn-secondary ${compact ? "btn-sm" : ""} cursor-pointer peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500 peer-focus-visible:ring-offset-2 peer-disabled:cursor-not-allowed peer-disabled:opacity-60`}
      >
        {t("file.choose")}
      </label>
      <span className={`truncate text-slate-600 ${compact ? "text-xs" : "text-sm"}`} title={names.join(", ") || undefined}>
        {chosen}
      </span>
    </span>
  );
}
