import { z } from "zod";
import { CONFIDENTIALITY_LEVELS, DIRECTIVE_KINDS, DIRECTIVE_STATUSES } from "../../models/enums";
import { parseDirectiveNumber } from "../lib/directive-number";
import { formatDateOnly, todayInHanoi } from "../lib/dates";
import { ValidationError } from "../lib/errors";
import { dateField, optionalId, plainText, versionField } from "./common";
import { indexedTaskRows, taskInputSchema, type TaskInput } from "./task";

/** A rich-text body is at most this long (MEDIUMTEXT holds 16 MB; a directive is never near that). */
export const MAX_BODY_CHARS = 500_000;

const optionalPlain = (label: string, max: number) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v ?? null), plainText(label, { min: 2, max }).nullable());

/** An empty field says "Vui lòng nhập …", not "at least N characters". */
const requiredText = (label: string, opts: { min: number; max: number }) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), plainText(label, opts));

const kind = z.enum(DIRECTIVE_KINDS, { errorMap: () => ({ message: "Vui lòng chọn loại văn bản." }) });
const status = z.preprocess((v) => (v === "" || v == null ? "active" : v), z.enum(DIRECTIVE_STATUSES, { errorMap: () => ({ message: "Tình trạng hiệu lực không hợp lệ." }) }));

/** "24-CT/TU" as typed → the parsed number; the kind match is checked with the whole form below. */
const numberField = z
  .string({ required_error: "Vui lòng nhập số, ký hiệu văn bản.", invalid_type_error: "Số, ký hiệu văn bản không hợp lệ." })
  .transform((s, ctx) => {
    const r = parseDirectiveNumber(s);
    if (!r.ok) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: r.error });
      return z.NEVER;
    }
    return { typed: s, ...r.value };
  });

const issuedOn = dateField("ngày ban hành").pipe(
  z
    .string()
    .refine((d) => d >= "1945-09-02", "Ngày ban hành không hợp lệ.")
    .refine((d) => d <= todayInHanoi(), "Ngày ban hành không được sau ngày hôm nay."),
);

const fields = {
  kind,
  number: numberField,
  issuer: requiredText("cơ quan ban hành", { min: 2, max: 191 }),
  signer: optionalPlain("người ký", 255),
  issuedOn,
  summary: requiredText("trích yếu", { min: 5, max: 2000 }),
  /** rich text from the editor (or plain text from a browser without JS); sanitized by the service */
  body: z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? v : null),
    z.string({ invalid_type_error: "Toàn văn không hợp lệ." }).max(MAX_BODY_CHARS, `Toàn văn tối đa ${MAX_BODY_CHARS.toLocaleString("vi-VN")} ký tự.`).nullable(),
  ),
  confidentiality: z.preprocess((v) => (v === "" || v == null ? "normal" : v), z.enum(CONFIDENTIALITY_LEVELS, { errorMap: () => ({ message: "Độ mật không hợp lệ." }) })),
  sourceMeetingId: optionalId("Cuộc họp không hợp lệ."),
  status,
  replacedById: optionalId("Văn bản thay thế không hợp lệ."),
};

type Checked = { kind?: (typeof DIRECTIVE_KINDS)[number]; number: { typed: string; year: number | null }; issuedOn: string; status: string; replacedById: number | null };

/** The kind in the symbol is the chosen kind; a year segment is the year of issue; "replaced" names its successor. */
function checkWhole(v: Checked, ctx: z.RefinementCtx) {
  checkStatus(v, ctx);
  // zod runs refinements on "dirty" objects too: a field that failed its own transform holds no value here.
  if (typeof v.issuedOn !== "string" || typeof v.number?.typed !== "string" || typeof v.kind !== "string") return;
  const r = parseDirectiveNumber(v.number.typed, v.kind);
  if (!r.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["number"], message: r.error });
  const issueYear = Number(v.issuedOn.slice(0, 4));
  if (typeof v.number.year === "number" && v.number.year !== issueYear) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["number"], message: `Năm trong ký hiệu (${v.number.year}) khác năm ban hành (${issueYear}).` });
  }
}

function checkStatus(v: { status: string; replacedById: number | null }, ctx: z.RefinementCtx) {
  if (v.status === "replaced" && !v.replacedById) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ["replacedById"], message: "Vui lòng chọn văn bản thay thế." });
  }
}

/** An empty version is refused ("tải lại trang"), never taken as 0. */
const version = versionField;

/** Ghi sổ văn bản (new). One schema for the form and its action. */
export const directiveFormSchema = z.object(fields).superRefine(checkWhole);
/** Sửa văn bản: the same fields plus the version the form was loaded at. */
export const editDirectiveSchema = z.object({ ...fields, version }).superRefine(checkWhole);
export type DirectiveFormInput = z.infer<typeof directiveFormSchema>;
export type DirectiveNumberInput = DirectiveFormInput["number"];

/** Hết hiệu lực / được thay thế bởi …, from the directive page. */
export const directiveStatusSchema = z.object({ status, replacedById: fields.replacedById, version }).superRefine(checkStatus);

export const DIRECTIVE_SORTS = ["date_desc", "date_asc", "number_asc", "number_desc"] as const;
export type DirectiveSort = (typeof DIRECTIVE_SORTS)[number];

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The register's filters from the query string; anything malformed is dropped, never an error page. */
export const directiveFilterSchema = z.object({
  kind: z.preprocess(emptyToUndefined, kind.optional()).catch(undefined),
  status: z.preprocess(emptyToUndefined, z.enum(DIRECTIVE_STATUSES).optional()).catch(undefined),
  issuer: z.preprocess(emptyToUndefined, z.string().trim().max(191).optional()).catch(undefined),
  year: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1945).max(2999).optional()).catch(undefined),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(200).optional()).catch(undefined),
  sort: z.preprocess(emptyToUndefined, z.enum(DIRECTIVE_SORTS).default("date_desc")).catch("date_desc"),
  page: z.preprocess(emptyToUndefined, z.coerce.number().int().min(1).max(10_000).default(1)).catch(1),
});
export type DirectiveFilters = z.infer<typeof directiveFilterSchema>;

// ── Task rows (Nhiệm vụ giao kèm) ──────────────────────────────────────────

export type TaskRows = { rows: TaskInput[]; indexes: number[] };

/** Every row parsed with the task schema; errors keyed `tasks[i].field` by the row's index on the page. */
export function parseTaskRows(form: Record<string, unknown>): { value: TaskRows; fields: Record<string, string> } {
  const rows: TaskInput[] = [];
  const indexes: number[] = [];
  const errors: Record<string, string> = {};
  for (const { index, raw } of indexedTaskRows(form)) {
    const r = taskInputSchema.safeParse(raw);
    if (r.success) {
      rows.push(r.data);
      indexes.push(index);
      continue;
    }
    for (const issue of r.error.issues) errors[`tasks[${index}].${issue.path.join(".") || "content"}`] ??= issue.message;
  }
  return { value: { rows, indexes }, fields: errors };
}

/** Parses a record with a schema into { value } or { fields } (no throwing: errors of the directive and its rows are reported together). */
function safe<S extends z.ZodTypeAny>(schema: S, input: unknown): { value?: z.infer<S>; fields: Record<string, string> } {
  const r = schema.safeParse(input);
  if (r.success) return { value: r.data, fields: {} };
  const fields: Record<string, string> = {};
  for (const issue of r.error.issues) fields[issue.path.join(".") || "_form"] ??= issue.message;
  return { fields };
}

/** The directive form and its task rows, all messages at once; throws a ValidationError (400) with every field. */
export function parseDirectiveSubmission<S extends typeof directiveFormSchema | typeof editDirectiveSchema>(schema: S, form: Record<string, unknown>) {
  const directive = safe(schema, form);
  const tasks = parseTaskRows(form);
  const fields = { ...directive.fields, ...tasks.fields };
  const issuedOn = directive.value?.issuedOn;
  if (issuedOn) Object.assign(fields, deadlinesBeforeIssue(tasks.value, issuedOn));
  if (Object.keys(fields).length || !directive.value) throw new ValidationError(fields);
  return { input: directive.value as z.infer<S>, tasks: tasks.value };
}

/** A deadline before the directive was issued is a typo (day and month swapped, wrong year): refused next to its row. */
export function deadlinesBeforeIssue({ rows, indexes }: TaskRows, issuedOn: string): Record<string, string> {
  const fields: Record<string, string> = {};
  rows.forEach((r, j) => {
    if (r.deadlineKind !== "none" && r.deadline && r.deadline < issuedOn) {
      fields[`tasks[${indexes[j] ?? j}].deadline`] = `Thời hạn (${formatDateOnly(r.deadline)}) không được trước ngày ban hành văn bản (${formatDateOnly(issuedOn)}).`;
    }
  });
  return fields;
}

/** Giao nhiệm vụ (bulk) on an existing directive: at least one filled row. */
export function parseTaskRowsSubmission(form: Record<string, unknown>): TaskRows {
  const { value, fields } = parseTaskRows(form);
  if (Object.keys(fields).length) throw new ValidationError(fields);
  if (!value.rows.length) throw new ValidationError({ "tasks[0].content": "Vui lòng nhập ít nhất một nhiệm vụ." }, "Vui lòng nhập ít nhất một nhiệm vụ.");
  return value;
}
