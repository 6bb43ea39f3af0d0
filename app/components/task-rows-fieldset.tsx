import { useEffect, useMemo, useRef, useState } from "react";

const NO_ERRORS: Record<string, string> = {};

export type TaskRowOptions = {
  units: { id: number; name: string }[];
  users: { id: number; name: string; unitId: number | null }[];
};

const MAX_ROWS = 50;

/**
 * Repeated task rows (Nhiệm vụ giao kèm / Giao nhiệm vụ): fields named
 * `tasks[i].content`, `tasks[i].leadUnitId`, `tasks[i].coordinatingUnitIds`,
 * `tasks[i].ownerId`, `tasks[i].deadlineKind`, `tasks[i].deadline`,
 * `tasks[i].recurrence`, `tasks[i].starred` — what `indexedTaskRows` reads.
 * Empty rows are skipped by the server; messages come back keyed by row.
 * Works without JavaScript (the first `minRows` rows are rendered).
 */
export function TaskRowsFieldset({
  options,
  errors = NO_ERRORS,
  minRows = 3,
  legend = "Nhiệm vụ giao kèm",
  hint,
  minDeadline,
}: {
  options: TaskRowOptions;
  errors?: Record<string, string>;
  minRows?: number;
  legend?: string;
  hint?: string;
  /** yyyy-MM-dd: the earliest deadline the date pickers offer */
  minDeadline?: string;
}) {
  const [rows, setRows] = useState(() => Array.from({ length: minRows }, (_, i) => i));
  const nextKey = useRef(minRows);
  // Row messages belong to the rows as they were submitted: removing a row renumbers the rest, so they are hidden until the next answer.
  const [stale, setStale] = useState(false);
  useEffect(() => setStale(false), [errors]);
  const rowErrors = stale ? {} : errors;
  const errorCount = Object.keys(rowErrors).filter((k) => k.startsWith("tasks[")).length;

  return (
    <fieldset className="space-y-3" aria-describedby={hint ? "task-rows-hint" : undefined}>
      <legend className="text-base font-semibold text-slate-900">{legend}</legend>
      {hint && <p id="task-rows-hint" className="text-sm text-slate-600">{hint}</p>}
      {errorCount > 0 && (
        <p role="alert" className="text-sm text-flag-700">Có {errorCount} lỗi ở các nhiệm vụ bên dưới; chưa có gì được lưu.</p>
      )}
      <ol className="space-y-3">
        {rows.map((key, i) => (
          <TaskRow
            key={key}
            index={i}
            options={options}
            errors={rowErrors}
            minDeadline={minDeadline}
            onRemove={
              rows.length > 1
                ? () => {
                    setRows((r) => r.filter((k) => k !== key));
                    setStale(true);
                  }
                : undefined
            }
          />
        ))}
      </ol>
      <button
        type="button"
        className="btn-secondary btn-sm"
        disabled={rows.length >= MAX_ROWS}
        onClick={() => setRows((r) => [...r, nextKey.current++])}
      >
        + Thêm nhiệm vụ
      </button>
      {rows.length >= MAX_ROWS && <span className="ml-2 text-xs text-slate-500">Tối đa {MAX_ROWS} nhiệm vụ mỗi lần giao.</span>}
    </fieldset>
  );
}

function TaskRow({
  index,
  options,
  errors,
  minDeadline,
  onRemove,
}: {
  index: number;
  options: TaskRowOptions;
  errors: Record<string, string>;
  minDeadline?: string;
  onRemove?: () => void;
}) {
  const name = (f: string) => `tasks[${index}].${f}`;
  const id = (f: string) => `task-${index}-${f}`;
  const err = (f: string) => errors[name(f)];
  const [leadUnitId, setLeadUnitId] = useState<number | null>(null);
  const [deadlineKind, setDeadlineKind] = useState<"date" | "none" | "recurring">("date");

  const { ownUnit, others } = useMemo(() => {
    const own = leadUnitId ? options.users.filter((u) => u.unitId === leadUnitId) : [];
    return { ownUnit: own, others: options.users.filter((u) => !own.includes(u)) };
  }, [leadUnitId, options.users]);

  const inputClass = (f: string) => `input ${err(f) ? "input-error" : ""}`;
  const describedBy = (f: string) => (err(f) ? `${id(f)}-error` : undefined);
  const errorText = (f: string) => (err(f) ? <p id={`${id(f)}-error`} className="field-error">{err(f)}</p> : null);

  return (
    <li className="rounded-md border border-slate-200 bg-slate-50/60 p-3" data-testid="task-row">
      <div className="mb-2 flex items-center justify-between gap-2">
        <span className="text-sm font-semibold text-slate-700">Nhiệm vụ {index + 1}</span>
        <div className="flex items-center gap-3">
          <label className="flex items-center gap-1.5 text-sm">
            <input type="checkbox" name={name("starred")} className="h-4 w-4" />
            <span>Trọng tâm <span aria-hidden="true" className="text-amber-500">★</span></span>
          </label>
          {onRemove && (
            <button type="button" className="text-sm text-slate-500 hover:text-flag-700" onClick={onRemove} aria-label={`Bỏ nhiệm vụ ${index + 1}`}>
              Bỏ
            </button>
          )}
        </div>
      </div>
      <label htmlFor={id("content")} className="label">Nội dung nhiệm vụ</label>
      <textarea
        id={id("content")}
        name={name("content")}
        rows={2}
        maxLength={4000}
        className={inputClass("content")}
        aria-invalid={Boolean(err("content"))}
        aria-describedby={describedBy("content")}
        placeholder="Ví dụ: Chủ trì xây dựng kế hoạch triển khai…, báo cáo UBND Thành phố."
      />
      {errorText("content")}
      <div className="mt-3 grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <div>
          <label htmlFor={id("leadUnitId")} className="label">Đơn vị chủ trì</label>
          <select
            id={id("leadUnitId")}
            name={name("leadUnitId")}
            className={inputClass("leadUnitId")}
            aria-invalid={Boolean(err("leadUnitId"))}
            aria-describedby={describedBy("leadUnitId")}
            defaultValue=""
            onChange={(e) => setLeadUnitId(e.target.value ? Number(e.target.value) : null)}
          >
            <option value="">— Chọn đơn vị —</option>
            {options.units.map((u) => (
              <option key={u.id} value={u.id}>{u.name}</option>
            ))}
          </select>
          {errorText("leadUnitId")}
        </div>
        <div>
          <span className="label" id={id("coordinatingUnitIds")}>Đơn vị phối hợp</span>
          <UnitChecklist
            name={name("coordinatingUnitIds")}
            labelledBy={id("coordinatingUnitIds")}
            units={options.units}
            disabledId={leadUnitId}
            invalid={Boolean(err("coordinatingUnitIds"))}
          />
          {errorText("coordinatingUnitIds")}
        </div>
        <div>
          <label htmlFor={id("ownerId")} className="label">Người phụ trách</label>
          <select
            id={id("ownerId")}
            name={name("ownerId")}
            className={inputClass("ownerId")}
            aria-invalid={Boolean(err("ownerId"))}
            aria-describedby={describedBy("ownerId")}
            defaultValue=""
          >
            <option value="">— Chưa chỉ định —</option>
            {ownUnit.length > 0 && (
              <optgroup label="Thuộc đơn vị chủ trì">
                {ownUnit.map((u) => (
                  <option key={u.id} value={u.id}>{u.name}</option>
                ))}
              </optgroup>
            )}
            <optgroup label={ownUnit.length ? "Người khác" : "Cán bộ"}>
              {others.map((u) => (
                <option key={u.id} value={u.id}>{u.name}</option>
              ))}
            </optgroup>
          </select>
          {errorText("ownerId")}
        </div>
        <div>
          <label htmlFor={id("deadlineKind")} className="label">Thời hạn</label>
          <select
            id={id("deadlineKind")}
            name={name("deadlineKind")}
            className={inputClass("deadlineKind")}
            value={deadlineKind}
            onChange={(e) => setDeadlineKind(e.target.value as typeof deadlineKind)}
          >
            <option value="date">Có thời hạn</option>
            <option value="none">Không thời hạn</option>
            <option value="recurring">Báo cáo định kỳ</option>
          </select>
          {errorText("deadlineKind")}
          {deadlineKind !== "none" && (
            <div className="mt-2">
              <label htmlFor={id("deadline")} className={deadlineKind === "recurring" ? "label" : "sr-only"}>
                {deadlineKind === "recurring" ? "Hạn báo cáo kỳ đầu" : "Ngày hết hạn"}
              </label>
              <input
                id={id("deadline")}
                type="date"
                name={name("deadline")}
                min={minDeadline}
                className={inputClass("deadline")}
                aria-invalid={Boolean(err("deadline"))}
                aria-describedby={describedBy("deadline")}
              />
              {errorText("deadline")}
            </div>
          )}
          {deadlineKind === "recurring" && (
            <div className="mt-2">
              <label htmlFor={id("recurrence")} className="label">Chu kỳ</label>
              <select id={id("recurrence")} name={name("recurrence")} className={inputClass("recurrence")} defaultValue="monthly" aria-describedby={describedBy("recurrence")}>
                <option value="monthly">Hằng tháng</option>
                <option value="quarterly">Hằng quý</option>
                <option value="yearly">Hằng năm</option>
              </select>
              {errorText("recurrence")}
            </div>
          )}
        </div>
      </div>
    </li>
  );
}

/** A multi-select that works on a phone and without JavaScript: checkboxes in a disclosure, with a filter. */
function UnitChecklist({
  name,
  labelledBy,
  units,
  disabledId,
  invalid,
}: {
  name: string;
  labelledBy: string;
  units: TaskRowOptions["units"];
  disabledId: number | null;
  invalid: boolean;
}) {
  const [chosen, setChosen] = useState<number[]>([]);
  const [filter, setFilter] = useState("");
  const shown = filter ? units.filter((u) => fold(u.name).includes(fold(filter))) : units;
  const names = units.filter((u) => chosen.includes(u.id)).map((u) => u.name);
  return (
    <details className={`group rounded-md border bg-white text-sm shadow-sm ${invalid ? "border-flag-600" : "border-slate-300"}`}>
      <summary className="cursor-pointer list-none truncate px-3 py-2 text-slate-700" aria-labelledby={labelledBy}>
        {names.length ? `${names.length} đơn vị: ${names.join(", ")}` : <span className="text-slate-400">— Không có —</span>}
      </summary>
      <div className="border-t border-slate-200 p-2">
        <input
          type="search"
          className="input mb-2 py-1"
          placeholder="Lọc đơn vị…"
          aria-label="Lọc đơn vị phối hợp"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && e.preventDefault()}
        />
        <ul className="max-h-48 space-y-1 overflow-y-auto">
          {units.map((u) => (
            <li key={u.id} hidden={!shown.includes(u)}>
              <label className={`flex items-start gap-2 ${u.id === disabledId ? "opacity-50" : ""}`}>
                <input
                  type="checkbox"
                  name={name}
                  value={u.id}
                  className="mt-0.5 h-4 w-4"
                  disabled={u.id === disabledId}
                  checked={chosen.includes(u.id) && u.id !== disabledId}
                  onChange={(e) => setChosen((c) => (e.target.checked ? [...c, u.id] : c.filter((x) => x !== u.id)))}
                />
                <span>{u.name}</span>
              </label>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

/** Vietnamese without diacritics, lower case: "Sở Nội vụ" matches "so noi". */
function fold(s: string) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/gi, "d").toLowerCase();
}
