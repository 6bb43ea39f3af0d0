/**
 * Folds Vietnamese text for accent-insensitive matching: lower case, no
 * diacritics, đ→d ("Chỉ thị 24 … kỷ cương" → "chi thi 24 … ky cuong").
 * Search stores folded text and folds the query the same way; runs in the
 * browser too (highlighting).
 */
export function fold(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .toLowerCase();
}

/** Words of a folded query (letters and digits), at most `max`. */
export function foldedWords(query: string, max = 8): string[] {
  return fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, max);
}
