import { z } from "zod";
import type { SearchKind } from "../../models/search-entry";

/** The kinds of search_entries (models/search-entry.ts imports Sequelize, which the browser bundle must not). */
export const SEARCH_KIND_VALUES = ["meeting", "agenda_item", "directive", "task", "minutes"] as const satisfies readonly SearchKind[];
// …and none is missing (a compile error otherwise)
const complete: [Exclude<SearchKind, (typeof SEARCH_KIND_VALUES)[number]>] extends [never] ? true : never = true;
void complete;

export const SEARCH_MAX_CHARS = 200;

// C0/C1 control characters other than the whitespace the transform turns into spaces.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The search box (GET /search?q=&kind=). A repeated parameter arrives as an
 * array and is refused with a message, as is anything over 200 characters or
 * with control characters; an empty q is a valid, empty search.
 */
export const searchQuerySchema = z.object({
  q: z.preprocess(
    (v) => (v == null ? "" : v),
    z
      .string({ invalid_type_error: "Vui lòng nhập một từ khóa tìm kiếm (chỉ một ô tìm kiếm)." })
      .transform((s) => s.normalize("NFC").replace(/[ \t\n\r\f\v\u00a0\u2028\u2029]+/g, " ").trim())
      .pipe(
        z
          .string()
          .max(SEARCH_MAX_CHARS, `Từ khóa tìm kiếm tối đa ${SEARCH_MAX_CHARS} ký tự.`)
          .refine((s) => !CONTROL.test(s), "Từ khóa tìm kiếm có ký tự không hợp lệ (ký tự điều khiển)."),
      ),
  ),
  kind: z.preprocess(
    (v) => (v === "" || v == null ? undefined : v),
    z.enum(SEARCH_KIND_VALUES, { errorMap: () => ({ message: "Loại kết quả không hợp lệ." }) }).optional(),
  ),
});

export type SearchQuery = z.infer<typeof searchQuerySchema>;
