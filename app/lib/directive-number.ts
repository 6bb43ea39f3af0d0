// Số, ký hiệu of a directive, as people type it. No server imports: the form
// uses the same parser in the browser to show what it understood.
import { DIRECTIVE_KINDS, type DirectiveKind, type NumberFormat } from "../../models/enums";

/** The register's kinds with their Vietnamese names and the abbreviation written in symbols. */
export const DIRECTIVE_KIND_INFO: Record<DirectiveKind, { abbr: string; name: string }> = {
  CT: { abbr: "CT", name: "Chỉ thị" },
  KL: { abbr: "KL", name: "Kết luận" },
  TB: { abbr: "TB", name: "Thông báo kết luận" },
  NQ: { abbr: "NQ", name: "Nghị quyết" },
  QD: { abbr: "QĐ", name: "Quyết định" },
  KH: { abbr: "KH", name: "Kế hoạch" },
  CV: { abbr: "CV", name: "Công văn" },
};

export const DIRECTIVE_KIND_OPTIONS = DIRECTIVE_KINDS.map((k) => ({ value: k, ...DIRECTIVE_KIND_INFO[k] }));

/**
 * Type abbreviations of Decree 30/2020/NĐ-CP (Appendix III) and of Party
 * documents (Hướng dẫn 36-HD/VPTW), plus the legal-document types that carry
 * a year segment (NĐ, TT…). Anything else in the type position is a typo.
 */
const KNOWN_ABBRS = [
  "NQ", "QĐ", "CT", "QC", "QyĐ", "TB", "HD", "CTr", "KH", "PA", "ĐA", "DA", "BC", "BB", "TTr", "HĐ", "CĐ", "BGN", "BTT",
  "GUQ", "GM", "GGT", "GNP", "PG", "PC", "PB", "KL", "CV", "NĐ", "TT", "TTLT",
];
const BY_UPPER = new Map(KNOWN_ABBRS.map((a) => [a.toUpperCase(), a]));
/** Typed without the stroke on Đ (a keyboard without Vietnamese input): only where it is unambiguous. */
const WITHOUT_STROKE: Record<string, string> = { QD: "QĐ", ND: "NĐ", QYD: "QyĐ", CD: "CĐ" };
const KIND_BY_ABBR = new Map(DIRECTIVE_KINDS.map((k) => [DIRECTIVE_KIND_INFO[k].abbr, k]));

export type ParsedDirectiveNumber = {
  numberFormat: NumberFormat;
  /** "24", "06", "24a": numbers under 10 carry a leading zero (Decree 30, art. 15). */
  number: string;
  /** what follows the number: "CT/TU", "QĐ-TTg", "2023/NĐ-CP", "UBND-KT" */
  symbol: string;
  /** "CT", "QĐ"…; null for a State công văn, whose symbol has no type ("1234/UBND-KT") */
  kindAbbr: string | null;
  /** the register kind the abbreviation stands for, when it is one we keep */
  kind: DirectiveKind | null;
  issuerAbbr: string;
  /** the year segment of a State legal document ("12/2023/NĐ-CP"), else null */
  year: number | null;
  /** "24-CT/TU", "06/QĐ-TTg": how the number is written back */
  display: string;
};

export type ParseResult = { ok: true; value: ParsedDirectiveNumber } | { ok: false; error: string };

const EXAMPLE = "Văn bản của Đảng ghi dạng 24-CT/TU (số-loại/cơ quan), văn bản của chính quyền ghi dạng 06/QĐ-TTg (số/loại-cơ quan).";
const NUMBER = /^(\d{1,6})([a-zA-Z]?)$/;
/** One piece of an issuer abbreviation: letters (incl. Đ, lower-case as in "TTg") and digits. */
const PART = "[\\p{L}\\p{N}]+";
const ISSUER = new RegExp(`^${PART}(?:[-.]${PART})*$`, "u");

/** "Số: 06 / QĐ – TTg" → "06/QĐ-TTg": NFC, one kind of dash, no spaces, Đ (not the look-alike Ð). */
function normalize(input: string) {
  return input
    .normalize("NFC")
    .replace(/\u00D0/g, "Đ")
    .replace(/[\u2010-\u2015\u2212\uFE63\uFF0D]/g, "-")
    .replace(/[\uFF0F\u2044\u2215]/g, "/")
    .trim()
    .replace(/^số\s*[:.]?\s*/iu, "")
    .replace(/\s+/g, "");
}

function canonicalNumber(raw: string): string | null {
  const m = NUMBER.exec(raw);
  if (!m) return null;
  const n = Number(m[1]);
  if (n <= 0) return null;
  return `${n < 10 ? "0" : ""}${n}${m[2].toLowerCase()}`;
}

function canonicalAbbr(raw: string): string | null {
  const up = raw.toUpperCase();
  return BY_UPPER.get(up) ?? WITHOUT_STROKE[up] ?? null;
}

function kindLabel(kind: DirectiveKind) {
  const i = DIRECTIVE_KIND_INFO[kind];
  return `${i.name} (${i.abbr})`;
}

/**
 * Parses "24-CT/TU" (Party: number-type/issuer) or "06/QĐ-TTg",
 * "12/2023/NĐ-CP", "1234/UBND-KT" (State: number/[year/]type-issuer).
 * With `expectedKind`, the type in the symbol must be that kind's.
 */
export function parseDirectiveNumber(input: string | null | undefined, expectedKind?: DirectiveKind | null): ParseResult {
  const s = normalize(String(input ?? ""));
  if (!s) return { ok: false, error: `Vui lòng nhập số, ký hiệu văn bản. ${EXAMPLE}` };
  if (s.length > 60) return { ok: false, error: "Số, ký hiệu văn bản quá dài (tối đa 60 ký tự)." };
  const bad = { ok: false as const, error: `Số, ký hiệu «${s}» không đúng mẫu. ${EXAMPLE}` };

  let numberFormat: NumberFormat;
  let rawNumber: string;
  let rawKind: string | null;
  let issuerAbbr: string;
  let year: number | null = null;

  const slash = s.indexOf("/");
  const dash = s.indexOf("-");
  if (dash > 0 && (slash < 0 || dash < slash)) {
    // Party: 24-CT/TU
    numberFormat = "party";
    rawNumber = s.slice(0, dash);
    const rest = s.slice(dash + 1);
    const parts = rest.split("/");
    if (parts.length === 1 && /^[^-]+-[^-]/.test(rest) && canonicalAbbr(rest.split("-")[0])) {
      const [k, ...i] = rest.split("-");
      return { ok: false, error: `Số, ký hiệu «${s}» không đúng mẫu. Có phải «${rawNumber}-${canonicalAbbr(k)}/${i.join("-")}»? ${EXAMPLE}` };
    }
    if (parts.length !== 2 || !parts[0] || !parts[1]) return bad;
    [rawKind, issuerAbbr] = parts;
  } else if (slash > 0) {
    // State: 06/QĐ-TTg, 12/2023/NĐ-CP, 1234/UBND-KT
    numberFormat = "state";
    const parts = s.split("/");
    rawNumber = parts[0];
    let tail: string;
    if (parts.length === 3 && canonicalAbbr(parts[1])) {
      const [n, k, i] = [parts[0], canonicalAbbr(parts[1]), parts[2]];
      return { ok: false, error: `Số, ký hiệu «${s}» không đúng mẫu. Có phải «${n}-${k}/${i}» (văn bản của Đảng) hoặc «${n}/${k}-${i}» (văn bản của chính quyền)?` };
    }
    if (parts.length === 3) {
      if (!/^\d+$/.test(parts[1])) return bad;
      if (!/^\d{4}$/.test(parts[1])) return { ok: false, error: `Năm trong số, ký hiệu «${s}» phải có 4 chữ số (ví dụ 12/2023/NĐ-CP).` };
      year = Number(parts[1]);
      if (year < 1945 || year > 2999) return { ok: false, error: `Năm ${year} trong số, ký hiệu không hợp lệ.` };
      tail = parts[2];
    } else if (parts.length === 2) {
      tail = parts[1];
    } else {
      return bad;
    }
    if (!tail) return bad;
    const d = tail.indexOf("-");
    const head = d < 0 ? tail : tail.slice(0, d);
    if (d > 0 && canonicalAbbr(head)) {
      rawKind = head;
      issuerAbbr = tail.slice(d + 1);
    } else {
      // A State công văn has no type in its symbol: "1234/UBND-KT" (Decree 30, Appendix I).
      rawKind = null;
      issuerAbbr = tail;
    }
  } else {
    return CANONICAL_NUMBER_ONLY.test(s)
      ? { ok: false, error: `Vui lòng nhập cả ký hiệu, không chỉ số «${s}». ${EXAMPLE}` }
      : bad;
  }

  if (!/\d/.test(rawNumber)) return { ok: false, error: `Thiếu số văn bản trong «${s}». ${EXAMPLE}` };
  const number = canonicalNumber(rawNumber);
  if (!number) return { ok: false, error: `Số văn bản «${rawNumber}» không hợp lệ: phải là số lớn hơn 0, có thể kèm một chữ cái (ví dụ 24 hoặc 24a).` };
  if (!issuerAbbr || !ISSUER.test(issuerAbbr)) return { ok: false, error: `Chữ viết tắt cơ quan ban hành «${issuerAbbr}» không hợp lệ. ${EXAMPLE}` };

  let kindAbbr: string | null = null;
  if (rawKind !== null) {
    kindAbbr = canonicalAbbr(rawKind);
    if (!kindAbbr) return { ok: false, error: `«${rawKind}» không phải chữ viết tắt tên loại văn bản theo Nghị định 30/2020/NĐ-CP (ví dụ CT, QĐ, NQ, KL, TB, KH).` };
  }
  if (numberFormat === "state" && kindAbbr === null && expectedKind && expectedKind !== "CV") {
    return { ok: false, error: `Thiếu chữ viết tắt loại văn bản: ${kindLabel(expectedKind)} ghi dạng ${number}/${DIRECTIVE_KIND_INFO[expectedKind].abbr}-${issuerAbbr}.` };
  }
  // "1234/UBND-KT" is a công văn; "20/2023/QH15" (a law) is no kind of ours.
  const kind = kindAbbr ? KIND_BY_ABBR.get(kindAbbr) ?? null : numberFormat === "state" && year === null ? "CV" : null;
  if (expectedKind && kind !== expectedKind) {
    const chosen = `loại văn bản đã chọn là ${kindLabel(expectedKind)}`;
    if (kind) return { ok: false, error: `Ký hiệu «${kindAbbr}» là ${kindLabel(kind)}, không khớp ${chosen}.` };
    if (kindAbbr) return { ok: false, error: `«${kindAbbr}» không phải loại văn bản được theo dõi trong sổ (${Object.values(DIRECTIVE_KIND_INFO).map((k) => k.abbr).join(", ")}); ${chosen}.` };
    return { ok: false, error: `Số, ký hiệu «${s}» không khớp ${chosen}.` };
  }

  const symbol =
    numberFormat === "party"
      ? `${kindAbbr}/${issuerAbbr}`
      : `${year !== null ? `${year}/` : ""}${kindAbbr ? `${kindAbbr}-` : ""}${issuerAbbr}`;
  if (symbol.length > 100) return { ok: false, error: "Ký hiệu văn bản quá dài." };
  const display = numberFormat === "party" ? `${number}-${symbol}` : `${number}/${symbol}`;
  return { ok: true, value: { numberFormat, number, symbol, kindAbbr, kind, issuerAbbr, year, display } };
}

const CANONICAL_NUMBER_ONLY = /^\d{1,6}[a-zA-Z]?$/;
