/**
 * npm run seed:scale — a city-sized data set for the scale benchmark (issue #6):
 * 1,000 units, 20,000 users, 100,000 meetings, ~20,000 directives, 1,000,000
 * tasks and 3,000,000 progress reports in MariaDB/MySQL, in minutes.
 *
 *   DATABASE_URL=mysql://root@127.0.0.1:3306/phs_scale npm run seed:scale
 *   npm run seed:scale -- --scale=0.05     (5 % of every count except units, for a quick try)
 *
 * The database is dropped and created again, the schema comes from the
 * migrations (never sync()), then every table is filled by streaming
 * tab-separated rows through LOAD DATA LOCAL INFILE on a few connections at
 * once (no temporary files). The big tables lose their secondary indexes while
 * they are filled and get them back afterwards (sorted index builds are far
 * faster than inserting into a dozen B-trees that do not fit in the buffer
 * pool); re-adding the UNIQUE indexes also proves the data keeps them.
 * Everything is generated from one seeded PRNG: two runs give the same rows,
 * apart from the calendar tokens and the password salt, and "today".
 *
 * Every user's password is "Demo@2023" (one argon2 hash, made by the app's hasher).
 * Search entries are made by the app's own entry builders (search-index.server:
 * the same title, text, folding and date as the services write), written here
 * in bulk rather than through reindexAll.
 *
 * Reports: progress reports are most of them; every completed or reported task
 * has its completion report (completed_on is its day, as acceptCompletion
 * records), and completions since the app's go-live (GO_LIVE) also carry the
 * "accepted" row the app writes — older ones came over from the paper/Excel
 * registers with their completion only. last_report_at is the latest progress
 * or completion report, as the task services set it.
 */
import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import mysql from "mysql2/promise";
import { todayInHanoi } from "../app/lib/dates";
import { fold } from "../app/lib/fold";
import { hashPassword } from "../app/lib/password.server";
import { agendaItemEntry, directiveEntry, foldedOf, meetingEntry, minutesEntry, taskEntry, type SearchEntryRow } from "../app/services/search-index.server";
import { migrateUp } from "../migrations/migrator";
import { createSequelize } from "../models/db";

const PASSWORD = "Demo@2023";
const DEFAULT_URL = "mysql://root@127.0.0.1:3306/phs_scale";

// ── Options ────────────────────────────────────────────────────────────────

const argv = process.argv.slice(2);
const argValue = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const SCALE = Number(argValue("scale") ?? process.env.SEED_SCALE ?? 1);
if (!(SCALE > 0 && SCALE <= 1)) throw new Error("--scale must be in (0, 1]");
const SEED = Number(argValue("seed") ?? 20230807);
const CONNECTIONS = Number(argValue("connections") ?? 3);

const N_UNITS = 1000; // the tree is the same at every scale
// Every unit keeps at least three people, so small trial runs keep a few thousand users.
const N_USERS = Math.max(Math.round(20_000 * SCALE), 3_500);
const N_MEETINGS = Math.round(100_000 * SCALE);
const N_DIRECTIVES = Math.round(20_000 * SCALE);
const N_TASKS = Math.round(1_000_000 * SCALE);
const N_REPORTS = Math.round(3_000_000 * SCALE);

// ── Random numbers (sfc32, seeded: the same data on every run) ─────────────

function sfc32(a: number, b: number, c: number, d: number) {
  return () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}
const rnd = sfc32(0x9e3779b9, SEED, 0x243f6a88 ^ SEED, 0xb7e15162);
for (let i = 0; i < 20; i++) rnd();
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1)); // inclusive
const chance = (p: number) => rnd() < p;
const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
function normal() {
  let u = 0;
  while (u === 0) u = rnd();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
}
const lognormal = (sigma: number) => Math.exp(sigma * normal());

/** A sampler over items by weight (cumulative table + binary search). */
function weighted<T>(items: readonly T[], weights: readonly number[]): () => T {
  const cum = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) cum[i] = total += weights[i];
  return () => {
    const x = rnd() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}
function weightedChoice<T extends string | number>(pairs: ReadonlyArray<readonly [T, number]>): () => T {
  return weighted(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
}

/** Splits `total` over the weights (largest remainder), every share at least `min`. */
function allocate(total: number, weights: ArrayLike<number>, min = 0): Int32Array {
  const n = weights.length;
  const out = new Int32Array(n).fill(min);
  let rest = total - min * n;
  if (rest < 0) throw new Error("allocate: total below the minimum");
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  const frac: Array<[number, number]> = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const exact = (weights[i] / sum) * rest;
    const whole = Math.floor(exact);
    out[i] += whole;
    given += whole;
    frac.push([exact - whole, i]);
  }
  frac.sort((a, b) => b[0] - a[0]);
  for (let k = 0; k < rest - given; k++) out[frac[k % n][1]]++;
  return out;
}

// ── Calendar: dates as day numbers (days since 1970-01-01, UTC) ────────────

const DAY_MS = 86_400_000;
const dayOf = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / DAY_MS;
const DAY0 = dayOf(2019, 1, 1);
const DAY_STR: string[] = [];
for (let d = DAY0; d < dayOf(2031, 1, 1); d++) DAY_STR.push(new Date(d * DAY_MS).toISOString().slice(0, 10));
const ymd = (day: number) => DAY_STR[day - DAY0];
const weekday = (day: number) => (day + 4) % 7; // 0 = Sunday
const HM: string[] = [];
for (let m = 0; m < 1440; m++) HM.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}:00`);
/**
 * Instants are "stamps": Hanoi day * 1440 + Hanoi minute of the day. Printed as
 * UTC DATETIME (Hanoi is UTC+7 all year), never later than now.
 */
let NOW_STAMP = Infinity;
const atStamp = (stamp: number) => {
  const utc = Math.min(stamp, NOW_STAMP) - 420;
  const day = Math.floor(utc / 1440);
  return `${ymd(day)} ${HM[utc - day * 1440]}`;
};
const at = (day: number, hanoiMinute: number) => atStamp(day * 1440 + hanoiMinute);
const ymOf = (day: number) => {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1] as const;
};
const addMonthsDay = (day: number, months: number) => {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate()) / DAY_MS;
};

const TODAY = (() => {
  const [y, m, d] = todayInHanoi().split("-").map(Number);
  return dayOf(y, m, d);
})();
NOW_STAMP = Math.floor((Date.now() + 7 * 3600_000) / 60_000);
const START = dayOf(2022, 1, 1);
/** From this day on tasks were accepted in the app (an "accepted" report); before it only the completion was recorded. */
const GO_LIVE = dayOf(2025, 7, 1);
const END = dayOf(2026, 12, 31);
const NOW = new Date().toISOString().slice(0, 19).replace("T", " ");
const workdays = (from: number, to: number) => {
  const out: number[] = [];
  for (let d = from; d <= to; d++) if (weekday(d) !== 0 && weekday(d) !== 6) out.push(d);
  return out;
};
const WORKDAYS = workdays(START, END);
const PAST_WORKDAYS = WORKDAYS.filter((d) => d <= TODAY);

// ── Rows as tab-separated text for LOAD DATA ───────────────────────────────

const NULL = "\\N";
const esc = (s: string) => (/[\t\n\\]/.test(s) ? s.replace(/[\\\t\n]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : "\\n")) : s);
const s = (v: string | null | undefined) => (v == null ? NULL : esc(v));
const n = (v: number | null | undefined) => (v == null || v === 0 ? NULL : String(v)); // ids: 0 means none
const d = (day: number) => (day ? ymd(day) : NULL);

type Conn = mysql.Connection;

/** A few connections; a chunk waits for a free one, so generation runs ahead of at most one chunk per connection. */
class Loaders {
  private idle: Conn[] = [];
  private waiting: Array<(c: Conn) => void> = [];
  private running = new Set<Promise<void>>();
  private failure: unknown = null;
  rows = new Map<string, number>();
  /** per table: [milliseconds spent in LOAD DATA, bytes sent] */
  spent = new Map<string, [number, number]>();
  waitedMs = 0;

  constructor(readonly conns: Conn[]) {
    this.idle = [...conns];
  }

  private acquire(): Promise<Conn> {
    const c = this.idle.pop();
    if (c) return Promise.resolve(c);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(c: Conn) {
    const next = this.waiting.shift();
    if (next) next(c);
    else this.idle.push(c);
  }

  async submit(table: string, columns: string, data: string, rows: number) {
    if (this.failure) throw this.failure;
    const waitStart = Date.now();
    const conn = await this.acquire();
    this.waitedMs += Date.now() - waitStart;
    const job = (async () => {
      const t0 = Date.now();
      try {
        const buf = Buffer.from(data, "utf8");
        const [result] = (await conn.query({
          sql: `LOAD DATA LOCAL INFILE 'seed-${table}.tsv' INTO TABLE \`${table}\` CHARACTER SET utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES TERMINATED BY '\\n' (${columns})`,
          infileStreamFactory: () => Readable.from([buf]),
        } as mysql.QueryOptions)) as unknown as [mysql.ResultSetHeader];
        // LOCAL implies IGNORE: bad values become warnings, so any warning is an error here.
        if (result.warningStatus > 0) {
          const [w] = await conn.query("SHOW WARNINGS LIMIT 5");
          throw new Error(`LOAD DATA ${table}: ${JSON.stringify(w)}`);
        }
        if (result.affectedRows !== rows) throw new Error(`LOAD DATA ${table}: ${result.affectedRows} rows loaded, ${rows} sent`);
        this.rows.set(table, (this.rows.get(table) ?? 0) + rows);
        const sp = this.spent.get(table) ?? [0, 0];
        this.spent.set(table, [sp[0] + Date.now() - t0, sp[1] + buf.length]);
      } catch (e) {
        this.failure ??= e;
      } finally {
        this.release(conn);
      }
    })();
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
  }

  async drain() {
    while (this.running.size) await Promise.all([...this.running]);
    if (this.failure) throw this.failure;
  }
}

const CHUNK_BYTES = 4 << 20;

/** One table's rows, sent in chunks of a few MB (each LOAD DATA commits on its own). */
class Table {
  private lines: string[] = [];
  private bytes = 0;
  count = 0;
  constructor(readonly loaders: Loaders, readonly name: string, readonly columns: string[]) {}
  add(line: string) {
    this.lines.push(line);
    this.bytes += line.length;
    this.count++;
  }
  get full() {
    return this.bytes >= CHUNK_BYTES;
  }
  async flush() {
    if (!this.lines.length) return;
    const data = this.lines.join("\n") + "\n";
    const rows = this.lines.length;
    this.lines = [];
    this.bytes = 0;
    await this.loaders.submit(this.name, this.columns.map((c) => `\`${c}\``).join(","), data, rows);
  }
}

// ── Vietnamese names ───────────────────────────────────────────────────────

const FAMILY = weightedChoice<string>([
  ["Nguyễn", 38], ["Trần", 11], ["Lê", 9.5], ["Phạm", 7], ["Hoàng", 5], ["Vũ", 4], ["Phan", 4], ["Đặng", 2], ["Bùi", 2], ["Đỗ", 2],
  ["Hồ", 1.5], ["Ngô", 1.5], ["Dương", 1], ["Đinh", 1], ["Trịnh", 1], ["Đào", 1], ["Lý", 0.5], ["Mai", 0.5], ["Lương", 0.5], ["Cao", 0.5],
  ["Tạ", 0.3], ["Chu", 0.3], ["Kiều", 0.3], ["Nghiêm", 0.3], ["Quách", 0.3], ["Khổng", 0.1], ["Vương", 0.3], ["Tô", 0.3],
]);
const MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Công", "Thành", "Mạnh", "Tiến", "Anh", "Hồng", "Ngọc", "Trọng", "Quốc", "Việt", "Duy", "Hoàng", "Đình", "Thế"];
const FEMALE_MIDDLE = ["Thị", "Thu", "Thanh", "Ngọc", "Thùy", "Minh", "Hồng", "Phương", "Lan", "Kim", "Bích", "Diệu", "Hải", "Mai", "Thị Thu", "Thị Thanh", "Thị Hồng"];
const MALE_GIVEN = ["Anh", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng", "Huy", "Khánh", "Long", "Minh", "Nam", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Thắng", "Thành", "Tiến", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hưng", "Kiên", "Lâm", "Lộc", "Nghĩa", "Thịnh", "Toàn", "Khoa", "Đạt", "Hiệp", "Hòa", "Tâm", "Thái", "Bảo", "Chiến", "Duy", "Giang", "Hậu", "Khải", "Mạnh", "Tú"];
const FEMALE_GIVEN = ["Anh", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng", "Huyền", "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Uyên", "Vân", "Yến", "Hậu", "Hòa", "Liên", "Ly", "Nhàn", "Thư", "Trâm", "Xuân"];

function personName() {
  const female = chance(0.48);
  const family = FAMILY();
  const middle = pick(female ? FEMALE_MIDDLE : MALE_MIDDLE);
  const given = pick(female ? FEMALE_GIVEN : MALE_GIVEN);
  return { full: `${family} ${middle} ${given}`, family, middle, given };
}
const slug = (text: string) => fold(text).replace(/[^a-z0-9]+/g, "");

// ── The unit tree ──────────────────────────────────────────────────────────

type Level = "root" | "vp" | "vptu" | "vpsub" | "vptusub" | "dept" | "deptsub" | "district" | "districtsub" | "ward";
type UnitRec = {
  id: number;
  code: string;
  name: string;
  short: string | null;
  kind: "department" | "district" | "ward" | "office" | "other";
  parent: number;
  position: number;
  level: Level;
  /** index into DEPTS / DISTRICTS */
  group: number;
  /** where tasks of this unit happen: " trên địa bàn quận X" */
  area: string;
  headTitle: string;
  deputyTitle: string;
  staffTitle: string;
  userWeight: number;
  users: number[];
};

// [code, name, short name, head title, weight of tasks and staff]
const DEPTS: Array<[string, string, string, string, number]> = [
  ["SNV", "Sở Nội vụ", "Sở NV", "Giám đốc", 1.0],
  ["STP", "Sở Tư pháp", "Sở TP", "Giám đốc", 0.8],
  ["SKHDT", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT", "Giám đốc", 1.6],
  ["STC", "Sở Tài chính", "Sở TC", "Giám đốc", 1.6],
  ["SCT", "Sở Công Thương", "Sở CT", "Giám đốc", 1.0],
  ["SNNPTNT", "Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT", "Giám đốc", 1.0],
  ["SGTVT", "Sở Giao thông vận tải", "Sở GTVT", "Giám đốc", 1.5],
  ["SXD", "Sở Xây dựng", "Sở XD", "Giám đốc", 1.5],
  ["STNMT", "Sở Tài nguyên và Môi trường", "Sở TN&MT", "Giám đốc", 1.9],
  ["STTTT", "Sở Thông tin và Truyền thông", "Sở TT&TT", "Giám đốc", 1.0],
  ["SLDTBXH", "Sở Lao động – Thương binh và Xã hội", "Sở LĐ-TB&XH", "Giám đốc", 0.9],
  ["SVHTT", "Sở Văn hóa và Thể thao", "Sở VH&TT", "Giám đốc", 0.7],
  ["SDL", "Sở Du lịch", "Sở DL", "Giám đốc", 0.5],
  ["SKHCN", "Sở Khoa học và Công nghệ", "Sở KH&CN", "Giám đốc", 0.5],
  ["SGDDT", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "Giám đốc", 1.1],
  ["SYT", "Sở Y tế", "Sở YT", "Giám đốc", 1.2],
  ["TTTP", "Thanh tra Thành phố", "Thanh tra TP", "Chánh Thanh tra", 0.9],
  ["SQHKT", "Sở Quy hoạch – Kiến trúc", "Sở QH-KT", "Giám đốc", 1.0],
  ["BDT", "Ban Dân tộc Thành phố", "Ban Dân tộc", "Trưởng ban", 0.3],
  ["SNGV", "Sở Ngoại vụ", "Sở NgV", "Giám đốc", 0.3],
  ["BQLKCN", "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội", "BQL KCN&CX", "Trưởng ban", 0.4],
  ["BQLDAGT", "Ban Quản lý dự án đầu tư xây dựng công trình giao thông Thành phố", "BQLDA Giao thông", "Giám đốc", 0.8],
  ["BQLDADD", "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp Thành phố", "BQLDA Dân dụng", "Giám đốc", 0.5],
  ["BQLDAVH", "Ban Quản lý dự án đầu tư xây dựng công trình văn hóa – xã hội Thành phố", "BQLDA Văn hóa – Xã hội", "Giám đốc", 0.4],
  ["CATP", "Công an Thành phố", "CATP", "Giám đốc", 1.2],
  ["BTLTD", "Bộ Tư lệnh Thủ đô Hà Nội", "BTL Thủ đô", "Tư lệnh", 0.4],
  ["CTHUE", "Cục Thuế Thành phố Hà Nội", "Cục Thuế", "Cục trưởng", 0.8],
  ["KBNN", "Kho bạc Nhà nước Hà Nội", "KBNN Hà Nội", "Giám đốc", 0.4],
  ["DPTTH", "Đài Phát thanh và Truyền hình Hà Nội", "Đài PT&TH", "Tổng Giám đốc", 0.3],
  ["BTCD", "Ban Tiếp công dân Thành phố", "Ban TCD", "Trưởng ban", 0.4],
];
const DEPT_SUBS: Array<[string, string, string]> = [
  ["VP", "Văn phòng", "Chánh Văn phòng"],
  ["TTR", "Thanh tra", "Chánh Thanh tra"],
  ["KHTC", "Phòng Kế hoạch – Tài chính", "Trưởng phòng Kế hoạch – Tài chính"],
  ["TCCB", "Phòng Tổ chức cán bộ", "Trưởng phòng Tổ chức cán bộ"],
];
// [kind, name, wards and communes before the 2025 merger]
const DISTRICTS: Array<["quận" | "thị xã" | "huyện", string, number]> = [
  ["quận", "Ba Đình", 14], ["quận", "Hoàn Kiếm", 18], ["quận", "Tây Hồ", 8], ["quận", "Long Biên", 14], ["quận", "Cầu Giấy", 8], ["quận", "Đống Đa", 21],
  ["quận", "Hai Bà Trưng", 18], ["quận", "Hoàng Mai", 14], ["quận", "Thanh Xuân", 11], ["quận", "Nam Từ Liêm", 10], ["quận", "Bắc Từ Liêm", 13], ["quận", "Hà Đông", 17],
  ["thị xã", "Sơn Tây", 15],
  ["huyện", "Ba Vì", 31], ["huyện", "Chương Mỹ", 32], ["huyện", "Đan Phượng", 16], ["huyện", "Đông Anh", 24], ["huyện", "Gia Lâm", 22], ["huyện", "Hoài Đức", 20],
  ["huyện", "Mê Linh", 18], ["huyện", "Mỹ Đức", 22], ["huyện", "Phú Xuyên", 27], ["huyện", "Phúc Thọ", 23], ["huyện", "Quốc Oai", 21], ["huyện", "Sóc Sơn", 26],
  ["huyện", "Thạch Thất", 23], ["huyện", "Thanh Oai", 21], ["huyện", "Thanh Trì", 16], ["huyện", "Thường Tín", 29], ["huyện", "Ứng Hòa", 29],
];
const DISTRICT_SUBS: Array<[string, string, number]> = [
  ["VP", "Văn phòng HĐND và UBND", 3], ["NV", "Phòng Nội vụ", 2], ["TP", "Phòng Tư pháp", 1], ["TCKH", "Phòng Tài chính – Kế hoạch", 3],
  ["TNMT", "Phòng Tài nguyên và Môi trường", 4], ["QLDT", "Phòng Quản lý đô thị", 4], ["GDDT", "Phòng Giáo dục và Đào tạo", 2], ["YT", "Phòng Y tế", 1],
  ["VHTT", "Phòng Văn hóa và Thông tin", 1], ["LDTBXH", "Phòng Lao động – Thương binh và Xã hội", 1.5], ["TTR", "Thanh tra", 1.5], ["KT", "Phòng Kinh tế", 2],
];
const VP_SUBS = ["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Đô thị", "Phòng Nội chính", "Phòng Khoa giáo – Văn xã", "Phòng Kiểm soát thủ tục hành chính", "Phòng Hành chính – Tổ chức", "Phòng Quản trị – Tài vụ"];
const VPTU_SUBS = ["Phòng Tổng hợp", "Phòng Hành chính – Lưu trữ", "Phòng Tài chính – Đảng vụ"];
const WARD_FIRST = ["Phúc", "Vĩnh", "Ngọc", "Kim", "Thành", "Quang", "Đông", "Tây", "Nam", "Bắc", "Thượng", "Hạ", "Trung", "Phú", "Yên", "An", "Hòa", "Tân", "Đại", "Minh", "Hồng", "Xuân", "Long", "Thanh", "Cổ", "Mỹ", "Liên", "Văn", "Đức", "Bình"];
const WARD_SECOND = ["Xá", "Bạch", "Phúc", "Hà", "Mã", "Khánh", "Công", "Lâm", "Sơn", "Thủy", "Lộc", "Thịnh", "Hưng", "Tiến", "Đình", "Lợi", "Hòa", "Nghĩa", "An", "Thọ", "Vinh", "Quang", "Trì", "Thạch", "Lương", "Đồng", "Cường", "Mỹ", "Phong", "Tảo"];

function buildUnits(): UnitRec[] {
  const units: UnitRec[] = [];
  const add = (u: Omit<UnitRec, "id" | "users" | "position"> & { position?: number }) => {
    const rec: UnitRec = { ...u, id: units.length + 1, users: [], position: u.position ?? units.filter((x) => x.parent === u.parent).length + 1 };
    units.push(rec);
    return rec;
  };
  const root = add({ code: "TP-HN", name: "Thành phố Hà Nội", short: "TP Hà Nội", kind: "other", parent: 0, level: "root", group: -1, area: " trên địa bàn Thành phố", headTitle: "", deputyTitle: "", staffTitle: "", userWeight: 0 });
  const vptu = add({ code: "VP-TU", name: "Văn phòng Thành ủy", short: "VP Thành ủy", kind: "office", parent: root.id, level: "vptu", group: -1, area: "", headTitle: "Chánh Văn phòng Thành ủy", deputyTitle: "Phó Chánh Văn phòng Thành ủy", staffTitle: "Chuyên viên Văn phòng Thành ủy", userWeight: 80 });
  const vp = add({ code: "VP-UBND", name: "Văn phòng UBND Thành phố", short: "VP UBND TP", kind: "office", parent: root.id, level: "vp", group: -1, area: "", headTitle: "Chánh Văn phòng UBND Thành phố", deputyTitle: "Phó Chánh Văn phòng UBND Thành phố", staffTitle: "Chuyên viên Văn phòng UBND Thành phố", userWeight: 260 });
  const depts = DEPTS.map(([code, name, short, head, w], i) =>
    add({ code, name, short, kind: "department", parent: root.id, level: "dept", group: i, area: "", headTitle: `${head} ${name}`, deputyTitle: `Phó ${head[0].toLowerCase()}${head.slice(1)} ${name}`, staffTitle: `Chuyên viên ${name}`, userWeight: 200 + 150 * w }),
  );
  const districts = DISTRICTS.map(([kind, name, wards], i) => {
    const full = `${kind} ${name}`;
    const code = `${kind === "quận" ? "Q" : kind === "huyện" ? "H" : "TX"}-${slug(name).toUpperCase()}`;
    return add({
      code, name: `UBND ${full}`, short: `${kind === "quận" ? "Q." : kind === "huyện" ? "H." : "TX."} ${name}`, kind: "district", parent: root.id, level: "district", group: i,
      area: ` trên địa bàn ${full}`, headTitle: `Chủ tịch UBND ${full}`, deputyTitle: `Phó Chủ tịch UBND ${full}`, staffTitle: `Chuyên viên UBND ${full}`, userWeight: 110 + 5 * wards,
    });
  });
  VP_SUBS.forEach((name, i) => add({ code: `VP-UBND-P${i + 1}`, name: `${name}, Văn phòng UBND Thành phố`, short: name, kind: "other", parent: vp.id, level: "vpsub", group: -1, area: "", headTitle: `Trưởng ${name[0].toLowerCase()}${name.slice(1)}, Văn phòng UBND Thành phố`, deputyTitle: "Phó trưởng phòng, Văn phòng UBND Thành phố", staffTitle: "Chuyên viên Văn phòng UBND Thành phố", userWeight: 14 }));
  VPTU_SUBS.forEach((name, i) => add({ code: `VP-TU-P${i + 1}`, name: `${name}, Văn phòng Thành ủy`, short: name, kind: "other", parent: vptu.id, level: "vptusub", group: -1, area: "", headTitle: `Trưởng ${name[0].toLowerCase()}${name.slice(1)}, Văn phòng Thành ủy`, deputyTitle: "Phó trưởng phòng, Văn phòng Thành ủy", staffTitle: "Chuyên viên Văn phòng Thành ủy", userWeight: 10 }));
  for (const dept of depts) {
    for (const [code, name, head] of DEPT_SUBS) {
      const isSo = dept.name.startsWith("Sở");
      const full = code === "VP" || code === "TTR" ? `${name} ${isSo ? "Sở" : ""}`.trim() : name;
      add({ code: `${dept.code}-${code}`, name: `${full}, ${dept.name}`, short: `${full} (${dept.short})`, kind: code === "VP" ? "office" : "other", parent: dept.id, level: "deptsub", group: dept.group, area: "", headTitle: `${head}, ${dept.name}`, deputyTitle: `Phó ${head[0].toLowerCase()}${head.slice(1)}, ${dept.name}`, staffTitle: `Chuyên viên ${dept.name}`, userWeight: 18 });
    }
  }
  for (const dist of districts) {
    const full = dist.name.replace(/^UBND /, "");
    for (const [code, name] of DISTRICT_SUBS) {
      add({ code: `${dist.code}-${code}`, name: `${name} ${full}`, short: `${name.replace(/^Phòng /, "P. ")} (${dist.short})`, kind: code === "VP" ? "office" : "other", parent: dist.id, level: "districtsub", group: dist.group, area: dist.area, headTitle: `${code === "VP" ? "Chánh Văn phòng HĐND và UBND" : code === "TTR" ? "Chánh Thanh tra" : `Trưởng ${name[0].toLowerCase()}${name.slice(1)}`} ${full}`, deputyTitle: `Phó trưởng phòng, UBND ${full}`, staffTitle: `Chuyên viên UBND ${full}`, userWeight: 13 });
    }
  }
  // Wards and communes: what is left of the 1,000, spread by the districts' real sizes.
  const wardCounts = allocate(N_UNITS - units.length, DISTRICTS.map((x) => x[2]), 3);
  districts.forEach((dist, i) => {
    const [kind] = DISTRICTS[i];
    const used = new Set<string>();
    for (let k = 0; k < wardCounts[i]; k++) {
      let name: string;
      do name = `${pick(WARD_FIRST)} ${pick(WARD_SECOND)}`;
      while (used.has(name) || name.split(" ")[0] === name.split(" ")[1]);
      used.add(name);
      const word = kind === "huyện" ? (k === 0 ? "thị trấn" : "xã") : "phường";
      add({ code: `${dist.code}-${word === "phường" ? "P" : word === "xã" ? "X" : "TT"}${String(k + 1).padStart(2, "0")}`, name: `UBND ${word} ${name}`, short: `${word === "phường" ? "P." : word === "xã" ? "X." : "TT."} ${name}`, kind: "ward", parent: dist.id, level: "ward", group: dist.group, area: ` trên địa bàn ${word} ${name}`, headTitle: `Chủ tịch UBND ${word} ${name}`, deputyTitle: `Phó Chủ tịch UBND ${word} ${name}`, staffTitle: `Công chức UBND ${word} ${name}`, userWeight: 9 });
    }
  });
  if (units.length !== N_UNITS) throw new Error(`unit tree has ${units.length} units`);
  return units;
}

// ── Topics, titles and notes ───────────────────────────────────────────────

const TOPICS = [
  "chuyển đổi số, phát triển chính quyền số", "thực hiện Đề án 06 về ứng dụng dữ liệu dân cư, định danh và xác thực điện tử", "quản lý đất đai, xử lý vi phạm pháp luật về đất đai",
  "cấp giấy chứng nhận quyền sử dụng đất lần đầu", "giải phóng mặt bằng dự án đường Vành đai 4 – Vùng Thủ đô", "bồi thường, hỗ trợ, tái định cư khi Nhà nước thu hồi đất",
  "giải ngân vốn đầu tư công", "thu ngân sách nhà nước", "cải cách hành chính, nâng cao các chỉ số PAR Index, SIPAS", "tăng cường kỷ cương, kỷ luật hành chính",
  "phòng cháy, chữa cháy và cứu nạn, cứu hộ", "bảo đảm an toàn thực phẩm", "bảo vệ môi trường, giảm ô nhiễm không khí", "thu gom, xử lý chất thải rắn sinh hoạt",
  "cải tạo, phục hồi sông Tô Lịch, sông Nhuệ", "chống ùn tắc giao thông, bảo đảm trật tự an toàn giao thông", "quản lý trật tự xây dựng đô thị", "chỉnh trang đô thị, vỉa hè, chiếu sáng công cộng",
  "phát triển nhà ở xã hội", "cải tạo, xây dựng lại chung cư cũ", "phát triển mạng lưới đường sắt đô thị", "triển khai thi hành Luật Thủ đô năm 2024",
  "Quy hoạch Thủ đô thời kỳ 2021–2030, tầm nhìn đến năm 2050", "sắp xếp đơn vị hành chính cấp huyện, cấp xã", "xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu", "phát triển du lịch Thủ đô",
  "bảo tồn, phát huy giá trị di sản văn hóa", "y tế cơ sở, phòng, chống dịch bệnh", "tuyển sinh đầu cấp", "xây dựng trường học đạt chuẩn quốc gia",
  "giải quyết việc làm, giáo dục nghề nghiệp", "phát triển đối tượng tham gia bảo hiểm xã hội, bảo hiểm y tế", "chăm lo người có công, đối tượng bảo trợ xã hội", "tiếp công dân, giải quyết khiếu nại, tố cáo",
  "phòng, chống tham nhũng, lãng phí, tiêu cực", "thực hành tiết kiệm, chống lãng phí", "công tác cán bộ", "đánh giá, xếp loại cán bộ, công chức, viên chức hằng tháng",
  "công tác thi đua, khen thưởng", "quản lý thị trường, chống buôn lậu, hàng giả", "phát triển kinh tế ban đêm", "thu hút đầu tư, cải thiện chỉ số năng lực cạnh tranh PCI",
  "phát triển khoa học, công nghệ và đổi mới sáng tạo", "bảo đảm an toàn, an ninh thông tin", "cung cấp dịch vụ công trực tuyến toàn trình", "xây dựng cơ sở dữ liệu đất đai",
  "cấp nước sạch nông thôn", "tiêu thoát nước, chống úng ngập mùa mưa", "phát triển cây xanh đô thị", "bảo đảm an ninh, trật tự an toàn xã hội",
  "phòng, chống thiên tai, tìm kiếm cứu nạn", "công tác dân số và phát triển", "phát triển kinh tế tập thể, hợp tác xã", "quản lý, sử dụng tài sản công",
  "xử lý nhà, đất thuộc sở hữu nhà nước", "Chương trình mục tiêu quốc gia giảm nghèo bền vững",
];
const TOPIC_WEIGHTS = TOPICS.map((t) => (/chuyển đổi số|đất đai|cải cách hành chính|giải ngân|giải phóng mặt bằng|kỷ cương|trật tự xây dựng/.test(t) ? 3 : 1));
const topicIndex = weighted(TOPICS.map((_, i) => i), TOPIC_WEIGHTS);

const TASK_TEMPLATES = [
  (t: string, a: string) => `Chủ trì, phối hợp các sở, ngành liên quan tham mưu UBND Thành phố ban hành Kế hoạch ${t}${a ? "," + a : ""}`,
  (t: string, a: string) => `Rà soát, đánh giá kết quả ${t}${a}; đề xuất giải pháp khắc phục tồn tại, hạn chế`,
  (t: string, a: string) => `Tổ chức triển khai thực hiện ${t}${a}, bảo đảm tiến độ, chất lượng, hiệu quả`,
  (t: string, a: string) => `Báo cáo UBND Thành phố kết quả ${t}${a}`,
  (t: string) => `Xây dựng, hoàn thiện dự thảo Quyết định về ${t}, trình UBND Thành phố xem xét, ban hành`,
  (t: string, a: string) => `Kiểm tra, đôn đốc việc ${t}${a}; xử lý nghiêm các trường hợp vi phạm`,
  (t: string) => `Tham mưu bố trí kinh phí thực hiện nhiệm vụ ${t} trong dự toán ngân sách năm sau`,
  (t: string, a: string) => `Tuyên truyền, phổ biến các quy định về ${t} đến cán bộ, công chức và Nhân dân${a}`,
  (t: string, a: string) => `Hoàn thiện hồ sơ, thủ tục liên quan đến ${t}${a}, báo cáo kết quả trước thời hạn`,
  (t: string, a: string) => `Khẩn trương tháo gỡ khó khăn, vướng mắc trong ${t}${a}; đề xuất những nội dung vượt thẩm quyền`,
];
const RECURRING_WORD = { monthly: "tháng", quarterly: "quý", yearly: "năm" } as const;
const PROGRESS_NOTES = [
  "Đã xây dựng kế hoạch triển khai, phân công cán bộ phụ trách.", "Đã tổ chức họp triển khai với các đơn vị liên quan.", "Đang tổng hợp số liệu, dự kiến hoàn thành đúng hạn.",
  "Đang chờ ý kiến tham gia của các sở, ngành phối hợp.", "Đã kiểm tra thực tế tại cơ sở; đang hoàn thiện báo cáo.", "Vướng mắc về kinh phí thực hiện; đã báo cáo xin ý kiến chỉ đạo.",
  "Đã trình dự thảo, đang tiếp thu ý kiến thẩm định.", "Đã ban hành văn bản hướng dẫn các đơn vị trực thuộc.", "Đang phối hợp với các đơn vị liên quan hoàn thiện hồ sơ.",
  "Đã hoàn thành phần lớn khối lượng công việc, đang rà soát lần cuối.",
];
const COMPLETION_NOTES = [
  "Đã hoàn thành nhiệm vụ; gửi kèm báo cáo kết quả thực hiện.", "Đã ban hành văn bản triển khai; kết quả như báo cáo kèm theo.", "Hoàn thành nhiệm vụ được giao; đã gửi báo cáo về Văn phòng.",
  "Đã hoàn thành; kết quả được tổng hợp trong báo cáo định kỳ của đơn vị.",
];
const ACCEPT_NOTES = ["Đồng ý nghiệm thu.", "Đồng ý kết quả thực hiện.", "Nghiệm thu; đề nghị đơn vị tiếp tục duy trì kết quả."];
const EXTENSION_REASONS = [
  "Khối lượng công việc lớn, cần thêm thời gian lấy ý kiến các sở, ngành.", "Đang chờ ý kiến thẩm định của cơ quan chuyên môn.", "Vướng mắc về thủ tục đầu tư, cần thêm thời gian hoàn thiện hồ sơ.",
  "Phải điều chỉnh phương án theo ý kiến chỉ đạo mới.", "Chưa được bố trí kinh phí thực hiện.",
];
const DIRECTIVE_24_SUMMARY = "Về tăng cường kỷ cương, kỷ luật và trách nhiệm giải quyết công việc trong hệ thống chính trị thành phố Hà Nội";

// ── Main ───────────────────────────────────────────────────────────────────

type BodyRec = {
  id: number; code: string; name: string; kind: "state" | "party"; host: number; level: "city" | "district" | "dept"; group: number;
  chair: number; vices: number[]; members: number[]; secretary: number; rooms: number[]; meetingWeight: number;
  briefingTitle: string; meetings: number[];
};

async function main() {
  const started = Date.now();
  const url = process.env.DATABASE_URL || DEFAULT_URL;
  if (!/^(mysql|mariadb):/.test(url)) {
    throw new Error(`seed:scale fills MariaDB/MySQL only (DATABASE_URL=${url.split(":")[0]}:…). SQLite is not meant for a city-sized data set: set DATABASE_URL=mysql://root@127.0.0.1:3306/phs_scale`);
  }
  const u = new URL(url.replace(/^mariadb:/, "mysql:"));
  const database = decodeURIComponent(u.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(database)) throw new Error(`database name not supported: ${database}`);
  // The database is dropped: refuse names that do not say what they are for, unless told.
  if (!/scale|bench/i.test(database) && process.env.SEED_SCALE_FORCE !== "1") {
    throw new Error(`seed:scale drops and recreates "${database}". Use a database whose name contains "scale" (default phs_scale), or set SEED_SCALE_FORCE=1.`);
  }
  const connOpts = { host: u.hostname, port: Number(u.port || 3306), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), charset: "utf8mb4_unicode_ci", timezone: "Z" as const };
  const log = (msg: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${msg}`);

  console.log(`seed:scale → ${u.host}/${database} (scale ${SCALE}: ${N_USERS} users, ${N_MEETINGS} meetings, ${N_DIRECTIVES} directives, ${N_TASKS} tasks, ${N_REPORTS} reports; today ${ymd(TODAY)})`);
  {
    const admin = await mysql.createConnection(connOpts);
    const [[row]] = (await admin.query("SELECT @@innodb_buffer_pool_size AS bp")) as unknown as [[{ bp: number | string }]];
    if (Number(row.bp) < 1 << 30) console.log(`note: innodb_buffer_pool_size is ${Math.round(Number(row.bp) / 1048576)} MB; the data set is ~3 GB (the benchmark wants ≥ 2 GB: SET GLOBAL innodb_buffer_pool_size = 2147483648)`);
    await admin.query(`DROP DATABASE IF EXISTS \`${database}\``);
    await admin.query(`CREATE DATABASE \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  }
  const sequelize = createSequelize(url);
  await migrateUp(sequelize);
  await sequelize.close();
  log("schema: migrations applied");

  const conns: Conn[] = [];
  for (let i = 0; i < Math.max(CONNECTIONS, 1); i++) {
    const c = await mysql.createConnection({ ...connOpts, database });
    await c.query("SET SESSION unique_checks = 0, foreign_key_checks = 0, innodb_ft_enable_stopword = OFF");
    conns.push(c);
  }
  const main = conns[0];

  // Secondary indexes of the big tables off while loading, back on afterwards.
  const BIG = ["meetings", "agenda_items", "invitations", "minutes", "directives", "tasks", "task_coordinators", "task_occurrences", "task_reports", "extension_requests", "search_entries"];
  type Idx = { table: string; name: string; unique: boolean; fulltext: boolean; cols: string[] };
  const indexes: Idx[] = [];
  {
    const [rows] = (await main.query(
      "SELECT TABLE_NAME t, INDEX_NAME i, NON_UNIQUE nu, INDEX_TYPE ty, COLUMN_NAME c, SUB_PART sp FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND INDEX_NAME <> 'PRIMARY' AND TABLE_NAME IN (?) ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX",
      [database, BIG],
    )) as unknown as [Array<{ t: string; i: string; nu: number; ty: string; c: string; sp: number | null }>];
    for (const r of rows) {
      let idx = indexes.find((x) => x.table === r.t && x.name === r.i);
      if (!idx) indexes.push((idx = { table: r.t, name: r.i, unique: Number(r.nu) === 0, fulltext: r.ty === "FULLTEXT", cols: [] }));
      idx.cols.push(r.sp ? `\`${r.c}\`(${r.sp})` : `\`${r.c}\``);
    }
    for (const table of BIG) {
      const mine = indexes.filter((x) => x.table === table);
      if (mine.length) await main.query(`ALTER TABLE \`${table}\` ${mine.map((x) => `DROP INDEX \`${x.name}\``).join(", ")}`);
    }
    log(`dropped ${indexes.length} secondary indexes of ${BIG.length} tables for the load`);
  }

  const loaders = new Loaders(conns);
  const T = (name: string, columns: string) => new Table(loaders, name, columns.split(/\s*,\s*/));
  const passwordHash = await hashPassword(PASSWORD);

  // ── Units ──
  const units = buildUnits();
  const unitsT = T("units", "id, code, name, short_name, kind, parent_id, position, active, created_at, updated_at");
  for (const x of units) unitsT.add(`${x.id}\t${s(x.code)}\t${s(x.name)}\t${s(x.short)}\t${x.kind}\t${n(x.parent)}\t${x.position}\t1\t${NOW}\t${NOW}`);
  await unitsT.flush();
  const byLevel = (lv: Level) => units.filter((x) => x.level === lv);
  const vp = byLevel("vp")[0];
  const vptu = byLevel("vptu")[0];
  const depts = byLevel("dept");
  const districts = byLevel("district");
  const childrenOf = new Map<number, UnitRec[]>();
  for (const x of units) if (x.parent) (childrenOf.get(x.parent) ?? childrenOf.set(x.parent, []).get(x.parent)!).push(x);

  // ── Users ──
  type UserRec = { id: number; username: string; full: string; title: string; unit: number; roles: string };
  const users: UserRec[] = [];
  const taken = new Set<string>();
  const userSlug = (x: UnitRec) => (x.level === "dept" || x.level === "deptsub" ? x.code.split("-")[0].toLowerCase() : x.level === "vp" || x.level === "vpsub" ? "vp" : x.level === "vptu" || x.level === "vptusub" ? "tu" : slug(DISTRICTS[x.group][1]));
  const addUser = (unit: UnitRec, title: string, roles: string, username?: string, name?: ReturnType<typeof personName>) => {
    const p = name ?? personName();
    let uname = username;
    if (!uname) {
      const base = `${slug(p.given)}${slug(p.family)[0]}${slug(p.middle.split(" ")[0])[0]}`;
      const tail = userSlug(unit);
      uname = `${base}.${tail}`;
      for (let k = 2; taken.has(uname); k++) uname = `${base}${k}.${tail}`;
    }
    if (taken.has(uname)) throw new Error(`duplicate username ${uname}`);
    taken.add(uname);
    const rec: UserRec = { id: users.length + 1, username: uname, full: p.full, title, unit: unit.id, roles };
    users.push(rec);
    unit.users.push(rec.id);
    return rec.id;
  };
  const staffUnits = units.filter((x) => x.userWeight > 0);
  const perUnit = allocate(N_USERS, staffUnits.map((x) => x.userWeight), 3);
  const heads = new Map<number, number>();
  const deputies = new Map<number, number[]>();
  const special = { chutich: 0, pct: [] as number[], bithu: 0, phobithu: 0, chanhvp: 0, chanhvptu: 0, secretariat: [] as number[] };
  staffUnits.forEach((unit, i) => {
    const quota = perUnit[i];
    const before = unit.users.length;
    if (unit.level === "vp") {
      special.chutich = addUser(unit, "Chủ tịch UBND Thành phố", "leader,member", "chutich");
      for (let k = 1; k <= 5; k++) special.pct.push(addUser(unit, k === 1 ? "Phó Chủ tịch Thường trực UBND Thành phố" : "Phó Chủ tịch UBND Thành phố", "leader,member", `phochutich${k}`));
      special.chanhvp = addUser(unit, unit.headTitle, "secretariat", "chanhvanphong");
      heads.set(unit.id, special.chanhvp);
      deputies.set(unit.id, [1, 2, 3].map((k) => addUser(unit, unit.deputyTitle, "secretariat", `phochanhvanphong${k}`)));
      special.secretariat.push(addUser(unit, "Chuyên viên Văn phòng UBND Thành phố", "secretariat", "vanphong"));
      for (let k = 2; k <= Math.min(36, quota - 14); k++) special.secretariat.push(addUser(unit, "Chuyên viên Văn phòng UBND Thành phố", "secretariat", `vanphong${String(k).padStart(2, "0")}`));
      addUser(unit, "Quản trị hệ thống", "admin", "admin", { full: "Quản trị hệ thống", family: "", middle: "", given: "" });
      addUser(unit, "Quản trị hệ thống", "admin", "admin2", { full: "Quản trị hệ thống (dự phòng)", family: "", middle: "", given: "" });
    } else if (unit.level === "vptu") {
      special.bithu = addUser(unit, "Bí thư Thành ủy Hà Nội", "leader,member", "bithu");
      special.phobithu = addUser(unit, "Phó Bí thư Thường trực Thành ủy", "leader,member", "phobithu");
      special.chanhvptu = addUser(unit, unit.headTitle, "secretariat", "chanhvanphongtu");
      heads.set(unit.id, special.chanhvptu);
      for (let k = 1; k <= 5; k++) special.secretariat.push(addUser(unit, unit.staffTitle, "secretariat", `vpthanhuy${String(k).padStart(2, "0")}`));
    } else if (unit.level === "dept") {
      heads.set(unit.id, addUser(unit, unit.headTitle, "member"));
      deputies.set(unit.id, [1, 2, 3].map(() => addUser(unit, unit.deputyTitle, "staff")));
    } else if (unit.level === "district") {
      heads.set(unit.id, addUser(unit, unit.headTitle, "member"));
      deputies.set(unit.id, [1, 2, 3].map(() => addUser(unit, unit.deputyTitle, "staff")));
      // The district's Party secretary sits with the district's UBND here (no Quận ủy unit in this tree).
      deputies.get(unit.id)!.push(addUser(unit, `Bí thư ${DISTRICTS[unit.group][0] === "quận" ? "Quận" : DISTRICTS[unit.group][0] === "huyện" ? "Huyện" : "Thị"} ủy ${DISTRICTS[unit.group][1]}`, "member"));
    } else {
      heads.set(unit.id, addUser(unit, unit.headTitle, "staff"));
      if (unit.level === "ward") deputies.set(unit.id, [addUser(unit, unit.deputyTitle, "staff")]);
    }
    while (unit.users.length - before < quota) addUser(unit, unit.staffTitle, chance(0.01) ? "viewer" : "staff");
  });
  {
    const tokens = randomBytes(24 * users.length);
    const t = T("users", "id, username, full_name, title, email, phone, unit_id, roles, password_hash, locale, calendar_token, active, last_login_at, password_changed_at, created_at, updated_at");
    for (const x of users) {
      const token = tokens.subarray((x.id - 1) * 24, x.id * 24).toString("base64url");
      t.add(`${x.id}\t${x.username}\t${s(x.full)}\t${s(x.title)}\t${x.username}@hanoi.example\t${NULL}\t${x.unit}\t${x.roles}\t${passwordHash}\tvi\t${token}\t1\t${NULL}\t${NOW}\t${NOW}\t${NOW}`);
    }
    await t.flush();
  }
  const unitById = (id: number) => units[id - 1];
  const userOfUnit = (unitId: number) => pick(unitById(unitId).users);
  // Who carries a unit's tasks and writes its reports: its staff and secretariat, not its leaders, admins or viewers.
  const workersOf = new Map<number, number[]>();
  for (const x of units) {
    const w = x.users.filter((id) => /^(staff|secretariat)$/.test(users[id - 1].roles));
    workersOf.set(x.id, w.length ? w : x.users);
  }
  log(`units ${units.length}, users ${users.length}`);

  // ── Rooms ──
  const rooms: Array<{ id: number; name: string; location: string; capacity: number; equipment: string }> = [];
  const addRoom = (name: string, location: string, capacity: number, equipment: string) => rooms.push({ id: rooms.length + 1, name, location, capacity, equipment }) && rooms.length;
  const cityRooms = [
    addRoom("Phòng họp số 1 – Tầng 3, 79 Đinh Tiên Hoàng", "Trụ sở UBND Thành phố, 79 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội", 60, "Màn hình LED, hệ thống âm thanh hội nghị, điểm cầu trực tuyến, máy chiếu"),
    addRoom("Phòng họp số 2 – Tầng 2, 12 Lê Lai", "12 Lê Lai, Hoàn Kiếm, Hà Nội", 30, "Màn hình, micro để bàn"),
    addRoom("Phòng họp trực tuyến", "Điểm cầu chính tại Trụ sở UBND Thành phố; kết nối 30 quận, huyện, thị xã", 40, "Hệ thống hội nghị truyền hình, camera, kết nối các điểm cầu"),
  ];
  const partyRooms = [
    addRoom("Phòng họp Ban Cán sự Đảng – Tầng 4, 79 Đinh Tiên Hoàng", "79 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội", 20, "Màn hình, micro để bàn"),
    addRoom("Phòng họp Ban Thường vụ Thành ủy – 5 Đinh Lễ", "Trụ sở Thành ủy, 5 Đinh Lễ, Hoàn Kiếm, Hà Nội", 40, "Màn hình, micro để bàn, điểm cầu trực tuyến"),
    addRoom("Hội trường Thành ủy – 5 Đinh Lễ", "Trụ sở Thành ủy, 5 Đinh Lễ, Hoàn Kiếm, Hà Nội", 300, "Hệ thống âm thanh hội trường, màn hình LED"),
  ];
  const unitRooms = new Map<number, number[]>();
  for (const x of districts) unitRooms.set(x.id, [addRoom(`Phòng họp ${x.name}`, `Trụ sở ${x.name}`, 40, "Màn hình, micro, điểm cầu trực tuyến"), addRoom(`Hội trường ${x.name}`, `Trụ sở ${x.name}`, 150, "Âm thanh hội trường, máy chiếu")]);
  for (const x of depts) unitRooms.set(x.id, [addRoom(`Phòng họp ${x.name}`, `Trụ sở ${x.name}`, 30, "Màn hình, micro để bàn")]);
  {
    const t = T("rooms", "id, name, location, capacity, equipment, active, created_at, updated_at");
    for (const r of rooms) t.add(`${r.id}\t${s(r.name)}\t${s(r.location)}\t${r.capacity}\t${s(r.equipment)}\t1\t${NOW}\t${NOW}`);
    await t.flush();
  }

  // ── Bodies and memberships ──
  const bodies: BodyRec[] = [];
  const addBody = (b: Omit<BodyRec, "id" | "meetings">) => {
    const rec = { ...b, id: bodies.length + 1, meetings: [] };
    bodies.push(rec);
    return rec;
  };
  const deptHeads = depts.map((x) => heads.get(x.id)!);
  const districtHead = (x: UnitRec) => heads.get(x.id)!;
  const districtPartySecretary = (x: UnitRec) => deputies.get(x.id)![3];
  const subsHeads = (x: UnitRec) => (childrenOf.get(x.id) ?? []).filter((c) => c.level !== "ward").map((c) => heads.get(c.id)!);
  const ubndTp = addBody({ code: "UBND-TP", name: "UBND Thành phố Hà Nội", kind: "state", host: vp.id, level: "city", group: -1, chair: special.chutich, vices: special.pct, members: deptHeads, secretary: special.chanhvp, rooms: cityRooms, meetingWeight: 6, briefingTitle: "Giao ban Chủ tịch UBND Thành phố với các sở, ngành, quận, huyện" });
  const btvTu = addBody({ code: "BTV-TU", name: "Ban Thường vụ Thành ủy Hà Nội", kind: "party", host: vptu.id, level: "city", group: -1, chair: special.bithu, vices: [special.phobithu, special.chutich], members: [...districts.slice(0, 8).map(districtPartySecretary), deptHeads[0], deptHeads[24], deptHeads[25]], secretary: special.chanhvptu, rooms: partyRooms.slice(1), meetingWeight: 2.5, briefingTitle: "" });
  const bcsd = addBody({ code: "BCSD-UBND", name: "Ban Cán sự Đảng UBND Thành phố", kind: "party", host: vp.id, level: "city", group: -1, chair: special.chutich, vices: [special.pct[0]], members: [...special.pct.slice(1), deptHeads[0], deptHeads[2], deptHeads[3], deptHeads[16]], secretary: special.chanhvp, rooms: partyRooms.slice(0, 1), meetingWeight: 1.5, briefingTitle: "" });
  const districtBodies = districts.map((x) => {
    const subs = subsHeads(x);
    return addBody({ code: `UBND-${x.code}`, name: x.name, kind: "state", host: x.id, level: "district", group: x.group, chair: districtHead(x), vices: deputies.get(x.id)!.slice(0, 3), members: subs.slice(1), secretary: subs[0], rooms: unitRooms.get(x.id)!, meetingWeight: 45 * (DISTRICTS[x.group][2] + 20) / 30 / 40, briefingTitle: `Giao ban lãnh đạo ${x.name} với các phòng, ban, ${DISTRICTS[x.group][0] === "huyện" ? "xã, thị trấn" : "phường"}` });
  });
  const districtPartyBodies = districts.map((x) => {
    const [kind, name] = DISTRICTS[x.group];
    const word = kind === "quận" ? "Quận ủy" : kind === "huyện" ? "Huyện ủy" : "Thị ủy";
    const subs = subsHeads(x);
    return addBody({ code: `BTV-${x.code}`, name: `Ban Thường vụ ${word} ${name}`, kind: "party", host: x.id, level: "district", group: x.group, chair: districtPartySecretary(x), vices: [districtHead(x)], members: [deputies.get(x.id)![0], subs[1], subs[10]], secretary: subs[0], rooms: unitRooms.get(x.id)!.slice(0, 1), meetingWeight: 12 * (DISTRICTS[x.group][2] + 20) / 30 / 40, briefingTitle: "" });
  });
  const deptBodies = depts.map((x) => {
    const subs = subsHeads(x);
    const leaders = x.name.startsWith("Sở") ? `Lãnh đạo ${x.name}` : `Lãnh đạo ${x.name}`;
    return addBody({ code: `LD-${x.code}`, name: leaders, kind: "state", host: x.id, level: "dept", group: x.group, chair: heads.get(x.id)!, vices: deputies.get(x.id)!, members: subs.slice(1), secretary: subs[0], rooms: unitRooms.get(x.id)!, meetingWeight: 33 * (0.5 + DEPTS[x.group][4]) / 30 / 1.45, briefingTitle: `Giao ban ${leaders} với các phòng, đơn vị` });
  });
  const membersOf = (b: BodyRec): Array<[number, string]> => {
    const seen = new Set<number>();
    const out: Array<[number, string]> = [];
    const push = (id: number, role: string) => {
      if (!id || seen.has(id)) return;
      seen.add(id);
      out.push([id, role]);
    };
    push(b.chair, "chair");
    b.vices.forEach((v) => push(v, "vice_chair"));
    b.members.forEach((m) => push(m, "member"));
    push(b.secretary, "secretary");
    return out;
  };
  {
    const t = T("bodies", "id, code, name, kind, quorum_numerator, quorum_denominator, description, host_unit_id, active, created_at, updated_at");
    const m = T("body_memberships", "id, body_id, user_id, role, position, created_at, updated_at");
    let mid = 0;
    for (const b of bodies) {
      t.add(`${b.id}\t${b.code}\t${s(b.name)}\t${b.kind}\t2\t3\t${s(b.kind === "party" ? `Hội nghị ${b.name}; tài liệu và biên bản chỉ dành cho thành phần được mời.` : `Phiên họp, giao ban của ${b.name}.`)}\t${b.host}\t1\t${NOW}\t${NOW}`);
      membersOf(b).forEach(([userId, role], i) => m.add(`${++mid}\t${b.id}\t${userId}\t${role}\t${i}\t${NOW}\t${NOW}`));
    }
    await t.flush();
    await m.flush();
  }
  log(`bodies ${bodies.length}, rooms ${rooms.length}`);

  // ── Lead-unit pools: who gets the tasks of a city, district or department source ──
  const cityTop = [vp, ...depts, ...districts];
  const cityPool = weighted(
    [vp.id, ...depts.map((x) => x.id), ...districts.map((x) => x.id), ...units.filter((x) => x.level === "deptsub" || x.level === "ward" || x.level === "districtsub" || x.level === "vpsub").map((x) => x.id)],
    [18, ...depts.map((x) => 10 * DEPTS[x.group][4]), ...districts.map((x) => 3 + DISTRICTS[x.group][2] / 4), ...units.filter((x) => x.level === "deptsub" || x.level === "ward" || x.level === "districtsub" || x.level === "vpsub").map((x) => (x.level === "ward" ? 0.12 : x.level === "vpsub" ? 0.5 : 0.2))],
  );
  const districtPools = districts.map((x) => {
    const kids = childrenOf.get(x.id) ?? [];
    return weighted([x.id, ...kids.map((c) => c.id)], [10, ...kids.map((c) => (c.level === "ward" ? 1.5 : DISTRICT_SUBS.find(([code]) => c.code.endsWith(`-${code}`))?.[2] ?? 1))]);
  });
  const deptPools = depts.map((x) => {
    const kids = childrenOf.get(x.id) ?? [];
    return weighted([x.id, ...kids.map((c) => c.id)], [3, ...kids.map(() => 2)]);
  });
  const poolOf = (level: BodyRec["level"], group: number) => (level === "city" ? cityPool : level === "district" ? districtPools[group] : deptPools[group]);

  // ── Meetings, agenda items, invitations, minutes ──
  const bodyPick = weighted(bodies, bodies.map((b) => b.meetingWeight));
  const KIND_BY_LEVEL = {
    city: weightedChoice([["regular", 15], ["thematic", 45], ["briefing", 35], ["extraordinary", 5]] as const),
    party: weightedChoice([["regular", 35], ["thematic", 55], ["extraordinary", 10]] as const),
    district: weightedChoice([["regular", 10], ["thematic", 35], ["briefing", 50], ["extraordinary", 5]] as const),
    dept: weightedChoice([["regular", 5], ["thematic", 35], ["briefing", 60]] as const),
  };
  type MeetingKind = "regular" | "thematic" | "briefing" | "extraordinary";
  const plan: Array<{ body: BodyRec; day: number; start: number }> = [];
  for (let i = 0; i < N_MEETINGS; i++) {
    const body = bodyPick();
    plan.push({ body, day: pick(WORKDAYS), start: pick([480, 480, 510, 840, 840, 870]) });
  }
  plan.sort((a, b) => a.day - b.day || a.start - b.start);
  const mBody = new Int32Array(N_MEETINGS + 1);
  const mDay = new Int32Array(N_MEETINGS + 1);
  const mChair = new Int32Array(N_MEETINGS + 1);
  const mEnded = new Uint8Array(N_MEETINGS + 1);
  const mTopic = new Int16Array(N_MEETINGS + 1);
  const mKind: MeetingKind[] = [];
  const mTitle: string[] = [];
  const meetingsT = T("meetings", "id, body_id, title, kind, starts_at, ends_at, room_id, online_url, chair_id, secretary_id, status, confidentiality, notes, status_reason, ical_uid, ical_sequence, created_by_id, version, created_at, updated_at");
  const agendaT = T("agenda_items", "id, meeting_id, position, title, description, presenter_unit_id, presenter_user_id, duration_minutes, status, created_at, updated_at");
  const invitesT = T("invitations", "id, meeting_id, user_id, unit_id, role, rsvp, delegate_user_id, delegated_from_id, reason, responded_at, checked_in_at, checked_in_by_id, created_at, updated_at");
  const minutesT = T("minutes", "id, meeting_id, yjs_state, html, json, text, status, attendees_can_edit, template_applied, finalized_by_id, finalized_at, approved_by_id, approved_at, version, created_at, updated_at");
  const searchT = T("search_entries", "id, kind, entity_id, meeting_id, title, folded, body, occurred_on, updated_at");
  let agendaId = 0, inviteId = 0, minutesId = 0, searchId = 0;
  /** One search row as writeEntries stores it: folded title + text, the text or NULL when empty. */
  const addSearch = (e: SearchEntryRow, updatedAt: string) => {
    searchT.add(`${++searchId}\t${e.kind}\t${e.entityId}\t${n(e.meetingId)}\t${s(e.title)}\t${s(foldedOf(e))}\t${s(e.body || null)}\t${s(e.occurredOn)}\t${updatedAt}`);
  };
  const instant = (utc: string) => new Date(`${utc.replace(" ", "T")}Z`);
  const flushFull = async (...tables: Table[]) => {
    for (const t of tables) if (t.full) await t.flush();
  };
  const hexId = () => Math.floor(rnd() * 0xffffffff).toString(16).padStart(8, "0");
  const htmlEsc = (x: string) => x.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

  for (let id = 1; id <= N_MEETINGS; id++) {
    const { body, day, start } = plan[id - 1];
    const level = body.kind === "party" ? "party" : body.level;
    const kind = KIND_BY_LEVEL[level]() as MeetingKind;
    const topic = topicIndex();
    const [y, mo] = ymOf(day);
    const month = `${String(mo).padStart(2, "0")}/${y}`;
    const verb = body.kind === "party" ? "Hội nghị" : "Phiên họp";
    const title =
      kind === "regular" ? `${verb} ${body.name} thường kỳ tháng ${month}`
        : kind === "thematic" ? (body.kind === "party" ? `Hội nghị ${body.name} cho ý kiến về ${TOPICS[topic]}` : `Phiên họp chuyên đề của ${body.name} về ${TOPICS[topic]}`)
          : kind === "briefing" ? `${body.briefingTitle} về ${TOPICS[topic]}`
            : `Họp bất thường của ${body.name} về ${TOPICS[topic]}`;
    const duration = kind === "briefing" ? pick([90, 120, 150]) : pick([150, 180, 210, 240]);
    const future = day > TODAY || (day === TODAY && start >= 840);
    const status = future ? (chance(0.15) ? "draft" : "convened") : chance(0.02) ? "cancelled" : chance(0.02) ? "postponed" : "ended";
    const conf = body.kind === "party" ? (chance(0.15) ? "secret" : "restricted") : chance(0.02) ? "secret" : chance(0.08) ? "restricted" : "normal";
    const online = chance(0.35);
    const roomId = online && chance(0.4) ? 0 : pick(body.rooms);
    const chair = kind === "briefing" && body.vices.length && chance(0.4) ? pick(body.vices) : body.chair;
    const createdDay = Math.max(START - 20, day - int(5, 21));
    const created = at(createdDay, int(480, 1020));
    const updated = status === "ended" ? at(day, start + duration) : created;
    mBody[id] = body.id;
    mDay[id] = day;
    mChair[id] = chair;
    mEnded[id] = status === "ended" ? 1 : 0;
    mTopic[id] = topic;
    mKind[id] = kind;
    mTitle[id] = title;
    if (status === "ended") body.meetings.push(id);
    const notes = chance(0.1) ? "Các đơn vị gửi báo cáo về Văn phòng trước 16 giờ ngày làm việc liền trước phiên họp." : null;
    const reason = status === "cancelled" ? "Hủy do trùng lịch công tác của lãnh đạo." : status === "postponed" ? "Hoãn để các đơn vị hoàn thiện tài liệu." : null;
    meetingsT.add(`${id}\t${body.id}\t${s(title)}\t${kind}\t${at(day, start)}\t${at(day, start + duration)}\t${n(roomId)}\t${online ? `https://hop.hanoi.example/${id.toString(36)}` : NULL}\t${chair}\t${n(body.secretary)}\t${status}\t${conf}\t${s(notes)}\t${s(reason)}\t${id}-${hexId()}@phonghopso.hanoi.gov.vn\t${status === "draft" ? 0 : 1 + (id % 3 === 0 ? 1 : 0)}\t${n(body.secretary)}\t1\t${created}\t${updated}`);
    const startsAt = instant(at(day, start));
    addSearch(meetingEntry({ id, title, notes, startsAt, bodyName: body.name }), updated);

    // Agenda: ~3 items, presented by units of the body's level.
    const items = kind === "briefing" ? int(2, 3) : int(2, 4);
    const pool = poolOf(body.level, body.group);
    const presenters: number[] = [];
    const agendaTitles: string[] = [];
    for (let pos = 1; pos <= items; pos++) {
      const t = pos === 1 ? topic : topicIndex();
      const unitId = pool();
      presenters.push(unitId);
      const unit = unitById(unitId);
      const itemTitle =
        pos === items && items > 2 && chance(0.3) ? "Các nội dung khác"
          : pick([`Báo cáo tình hình ${TOPICS[t]}`, `Tờ trình về ${TOPICS[t]}`, `Báo cáo kết quả thực hiện nhiệm vụ ${TOPICS[t]}`, `Dự thảo Kế hoạch ${TOPICS[t]}`, `Đề án ${TOPICS[t]}`, `Kiến nghị, đề xuất của ${unit.name} về ${TOPICS[t]}`]);
      agendaTitles.push(itemTitle);
      const desc = chance(0.3) ? `${unit.name} trình bày; các đại biểu thảo luận, cho ý kiến.` : null;
      const presenterUser = chance(0.5) ? heads.get(unitId) ?? 0 : 0;
      agendaT.add(`${++agendaId}\t${id}\t${pos}\t${s(itemTitle)}\t${s(desc)}\t${unitId}\t${n(presenterUser)}\t${pick([15, 20, 30, 30, 45, 60])}\t${status === "ended" ? "done" : status === "postponed" ? "postponed" : "pending"}\t${created}\t${updated}`);
      addSearch(agendaItemEntry({ id: agendaId, meetingId: id, title: itemTitle, description: desc, meetingStartsAt: startsAt }), updated);
    }

    // Invitations for some meetings: the body's members, and the presenting units.
    if (status !== "draft" && chance(0.3)) {
      const ended = status === "ended";
      const responded = at(Math.max(createdDay, day - int(1, 3)), int(480, 1020));
      for (const [userId, role] of membersOf(body)) {
        const invRole = userId === chair ? "chair" : role === "secretary" ? "secretary" : "member";
        const rsvp = ended ? (chance(0.88) ? "attending" : chance(0.5) ? "absent" : "delegated") : pick(["pending", "pending", "attending", "attending", "absent"]);
        const delegate = rsvp === "delegated" ? userOfUnit(users[userId - 1].unit) : 0;
        const reason = rsvp === "absent" ? "Bận công tác theo lịch đã bố trí trước." : rsvp === "delegated" ? "Trùng lịch công tác; cử cán bộ dự thay." : null;
        const checked = ended && rsvp === "attending";
        invitesT.add(`${++inviteId}\t${id}\t${userId}\t${NULL}\t${invRole}\t${rsvp}\t${n(delegate === userId ? 0 : delegate)}\t${NULL}\t${s(reason)}\t${rsvp === "pending" ? NULL : responded}\t${checked ? at(day, start - 10) : NULL}\t${checked ? n(body.secretary) : NULL}\t${created}\t${updated}`);
      }
      for (const unitId of new Set(presenters)) {
        invitesT.add(`${++inviteId}\t${id}\t${NULL}\t${unitId}\tguest\t${ended ? "attending" : "pending"}\t${NULL}\t${NULL}\t${NULL}\t${ended ? responded : NULL}\t${ended ? at(day, start - 5) : NULL}\t${ended ? n(body.secretary) : NULL}\t${created}\t${updated}`);
      }
    }

    // Minutes of about half of the meetings held by the city, the districts and the Party bodies.
    if (status === "ended" && body.level !== "dept" && chance(0.5)) {
      const st = chance(0.85) ? "approved" : chance(0.67) ? "final" : "draft";
      const conclusions = agendaTitles.filter((t) => t !== "Các nội dung khác").map((t) => `Thống nhất nội dung: ${t[0].toLowerCase()}${t.slice(1)}.`);
      const para = (text: string) => ({ type: "paragraph", content: [{ type: "text", text }] });
      const json = {
        type: "doc",
        content: [
          { type: "heading", attrs: { level: 1, textAlign: "center" }, content: [{ type: "text", text: "BIÊN BẢN" }] },
          para(title),
          { type: "heading", attrs: { level: 2, section: "content" }, content: [{ type: "text", text: "II. NỘI DUNG CUỘC HỌP" }] },
          para(`${verb} đã nghe báo cáo và thảo luận ${agendaTitles.length} nội dung.`),
          { type: "heading", attrs: { level: 2, section: "conclusions" }, content: [{ type: "text", text: "III. Kết luận của chủ trì" }] },
          { type: "orderedList", attrs: { start: 1 }, content: conclusions.map((c) => ({ type: "listItem", content: [para(c)] })) },
        ],
      };
      const html = `<h1 style="text-align: center">BIÊN BẢN</h1><p>${htmlEsc(title)}</p><h2>II. NỘI DUNG CUỘC HỌP</h2><p>${verb} đã nghe báo cáo và thảo luận ${agendaTitles.length} nội dung.</p><h2>III. Kết luận của chủ trì</h2><ol>${conclusions.map((c) => `<li><p>${htmlEsc(c)}</p></li>`).join("")}</ol>`;
      const text = ["BIÊN BẢN", title, "II. NỘI DUNG CUỘC HỌP", `${verb} đã nghe báo cáo và thảo luận ${agendaTitles.length} nội dung.`, "III. Kết luận của chủ trì", ...conclusions].join("\n");
      const fin = st !== "draft";
      const finDay = Math.min(day + 1, TODAY);
      const apprDay = Math.min(day + int(2, 5), TODAY);
      addSearch(minutesEntry({ meetingId: id, meetingTitle: title, meetingStartsAt: startsAt, text, html }), at(st === "approved" ? apprDay : day, 1020));
      minutesT.add(`${++minutesId}\t${id}\t${NULL}\t${s(html)}\t${s(JSON.stringify(json))}\t${s(text)}\t${st}\t0\t1\t${fin ? n(body.secretary) : NULL}\t${fin ? at(finDay, 1000) : NULL}\t${st === "approved" ? chair : NULL}\t${st === "approved" ? at(apprDay, 1020) : NULL}\t1\t${at(day, start)}\t${at(st === "approved" ? apprDay : day, 1020)}`);
    }
    if ((id & 255) === 0) await flushFull(meetingsT, agendaT, invitesT, minutesT, searchT);
  }
  for (const t of [meetingsT, agendaT, invitesT, minutesT]) await t.flush();
  log(`meetings ${N_MEETINGS}, agenda items ${agendaId}, invitations ${inviteId}, minutes ${minutesId} (generated)`);

  // ── Directives ──
  type IssuerSpec = { issuer: string; body: BodyRec; format: "party" | "state"; kinds: Array<[string, string, number]>; count: number; signer: string; level: BodyRec["level"]; group: number; createdBy: () => number };
  const secretariatPick = () => pick(special.secretariat);
  const issuers: IssuerSpec[] = [
    { issuer: "Ban Thường vụ Thành ủy", body: btvTu, format: "party", kinds: [["CT", "CT/TU", 2], ["KL", "KL/TU", 3], ["NQ", "NQ/TU", 1], ["TB", "TB/TU", 3], ["KH", "KH/TU", 1]], count: 1200, signer: "T/M Ban Thường vụ Thành ủy, Phó Bí thư Thường trực Thành ủy", level: "city", group: -1, createdBy: secretariatPick },
    { issuer: "Ban Cán sự Đảng UBND Thành phố", body: bcsd, format: "party", kinds: [["KL", "KL/BCSĐ", 3], ["TB", "TB/BCSĐ", 2], ["NQ", "NQ/BCSĐ", 0.5]], count: 600, signer: "T/M Ban Cán sự Đảng, Bí thư", level: "city", group: -1, createdBy: secretariatPick },
    { issuer: "UBND Thành phố Hà Nội", body: ubndTp, format: "state", kinds: [["QD", "QĐ-UBND", 3], ["KH", "KH-UBND", 3], ["CT", "CT-UBND", 0.5], ["CV", "UBND-KT", 1], ["CV", "UBND-ĐT", 1], ["CV", "UBND-NC", 0.7], ["CV", "UBND-KGVX", 0.7], ["CV", "UBND-TH", 0.6]], count: 4500, signer: "TM. Ủy ban nhân dân, Chủ tịch", level: "city", group: -1, createdBy: secretariatPick },
    { issuer: "Văn phòng UBND Thành phố", body: ubndTp, format: "state", kinds: [["TB", "TB-VP", 1]], count: 2000, signer: "KT. Chánh Văn phòng, Phó Chánh Văn phòng", level: "city", group: -1, createdBy: secretariatPick },
  ];
  const districtDirectives = allocate(7000, DISTRICTS.map((x) => x[2] + 10));
  const districtPartyDirectives = allocate(2000, DISTRICTS.map((x) => x[2] + 10));
  districts.forEach((x, i) => {
    const [kind, name] = DISTRICTS[i];
    const subs = (childrenOf.get(x.id) ?? []).filter((c) => c.level === "districtsub");
    issuers.push({ issuer: x.name, body: districtBodies[i], format: "state", kinds: [["QD", "QĐ-UBND", 3], ["KH", "KH-UBND", 3], ["CT", "CT-UBND", 0.3], ["TB", "TB-UBND", 2], ["CV", "UBND-VP", 2]], count: districtDirectives[i], signer: `TM. Ủy ban nhân dân, Chủ tịch UBND ${kind} ${name}`, level: "district", group: i, createdBy: () => userOfUnit(subs[0].id) });
    const word = kind === "quận" ? ["Quận ủy", "QU"] : kind === "huyện" ? ["Huyện ủy", "HU"] : ["Thị ủy", "TU"];
    issuers.push({ issuer: `Ban Thường vụ ${word[0]} ${name}`, body: districtPartyBodies[i], format: "party", kinds: [["CT", `CT/${word[1]}`, 1], ["KL", `KL/${word[1]}`, 3], ["TB", `TB/${word[1]}`, 2], ["NQ", `NQ/${word[1]}`, 1]], count: districtPartyDirectives[i], signer: `T/M Ban Thường vụ ${word[0]}, Bí thư`, level: "district", group: i, createdBy: () => userOfUnit(subs[0].id) });
  });
  const deptDirectives = allocate(2700, DEPTS.map((x) => x[4]));
  depts.forEach((x, i) => {
    const abbr = x.code === "SKHDT" ? "SKHĐT" : x.code === "SGDDT" ? "SGDĐT" : x.code === "SLDTBXH" ? "SLĐTBXH" : x.code;
    const subs = childrenOf.get(x.id) ?? [];
    issuers.push({ issuer: x.name, body: deptBodies[i], format: "state", kinds: [["KH", `KH-${abbr}`, 3], ["QD", `QĐ-${abbr}`, 2], ["TB", `TB-${abbr}`, 1], ["CV", `${abbr}-VP`, 2]], count: deptDirectives[i], signer: `${DEPTS[i][3]} ${x.name}`, level: "dept", group: i, createdBy: () => userOfUnit(subs[0].id) });
  });
  {
    // Scale every issuer's count to N_DIRECTIVES.
    const scaled = allocate(N_DIRECTIVES, issuers.map((x) => x.count), 1);
    issuers.forEach((x, i) => (x.count = scaled[i]));
  }
  type DirRec = { id: number; issuer: IssuerSpec; kind: string; symbol: string; number: string; year: number; day: number; topic: number; sourceMeeting: number; conf: string; summary: string };
  const dirPlan: Array<Omit<DirRec, "id" | "number" | "year">> = [];
  const pastDays = PAST_WORKDAYS;
  /** The latest ended meeting of a body held in [day-10, day-1]. */
  const meetingBefore = (body: BodyRec, day: number) => {
    const ms = body.meetings;
    let lo = 0, hi = ms.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (mDay[ms[mid]] < day) lo = mid + 1;
      else hi = mid;
    }
    const cand = ms[lo - 1];
    return cand && mDay[cand] >= day - 10 ? cand : 0;
  };
  for (const iss of issuers) {
    const kindPick = weighted(iss.kinds, iss.kinds.map((k) => k[2]));
    for (let i = 0; i < iss.count; i++) {
      const [kind, symbol] = kindPick();
      const day = pick(pastDays);
      const topic = topicIndex();
      const wantsMeeting = kind === "TB" ? 1 : kind === "KL" ? 0.8 : 0.3;
      const sourceMeeting = chance(wantsMeeting) ? meetingBefore(iss.body, day) : 0;
      const conf = iss.format === "party" ? (chance(0.05) ? "secret" : chance(0.35) ? "restricted" : "normal") : chance(0.01) ? "secret" : chance(0.05) ? "restricted" : "normal";
      const t = TOPICS[topic];
      const summary =
        kind === "CT" ? pick([`Về tăng cường ${t}`, `Về đẩy mạnh ${t}`, `Về nâng cao hiệu quả ${t}`])
          : kind === "KL" ? `Kết luận của ${iss.issuer} về ${t}`
            : kind === "TB" ? (sourceMeeting ? `Kết luận của đồng chí chủ trì tại ${mTitle[sourceMeeting]}` : `Kết luận của ${iss.issuer} về ${t}`)
              : kind === "NQ" ? `Về ${t} giai đoạn 2021–2025, định hướng đến năm 2030`
                : kind === "QD" ? pick([`Về việc ban hành Quy chế ${t}`, `Phê duyệt Đề án ${t}`, `Về việc thành lập Tổ công tác ${t}`])
                  : kind === "KH" ? pick([`Triển khai thực hiện ${t} năm ${ymOf(day)[0]}`, `Thực hiện ${t} giai đoạn ${ymOf(day)[0]}–${ymOf(day)[0] + 2}`, `Kiểm tra, giám sát việc ${t}`])
                    : `V/v ${pick(["triển khai", "đôn đốc", "tăng cường", "báo cáo kết quả"])} ${t}`;
      dirPlan.push({ issuer: iss, kind, symbol, day, topic, sourceMeeting, conf, summary });
    }
  }
  dirPlan.sort((a, b) => a.day - b.day);
  const seq = new Map<string, number>();
  const directives: DirRec[] = dirPlan.map((p, i) => {
    const year = ymOf(p.day)[0];
    const key = `${p.issuer.issuer}|${p.symbol}|${year}`;
    const k = (seq.get(key) ?? 0) + 1;
    seq.set(key, k);
    return { ...p, id: i + 1, number: k < 10 ? `0${k}` : String(k), year };
  });
  // Chỉ thị 24-CT/TU of 07/08/2023 (the project's compass) is in the register as it really is.
  const ct24 = directives.find((x) => x.issuer.issuer === "Ban Thường vụ Thành ủy" && x.symbol === "CT/TU" && x.year === 2023 && x.number === "24");
  if (ct24) {
    ct24.day = dayOf(2023, 8, 7);
    ct24.summary = DIRECTIVE_24_SUMMARY;
    ct24.conf = "normal";
    ct24.sourceMeeting = 0;
  }
  {
    const t = T("directives", "id, kind, number_format, number, symbol, year, issuer, signer, issued_on, summary, body, confidentiality, source_meeting_id, status, replaced_by_id, created_by_id, version, created_at, updated_at");
    for (const x of directives) {
      const status = x.day < TODAY - 730 && chance(0.15) ? "expired" : "active";
      const lead = `${x.issuer.issuer} ${pick(["yêu cầu", "đề nghị", "giao"])} các cơ quan, đơn vị tập trung thực hiện tốt ${TOPICS[x.topic]}`;
      const paras = [lead + ":", `Giao việc bảo đảm rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ hiệu quả; định kỳ báo cáo kết quả thực hiện.`, `Các đơn vị khẩn trương triển khai, báo cáo kết quả về ${x.issuer.level === "city" ? "Văn phòng UBND Thành phố" : "Văn phòng"} để tổng hợp.`];
      const body = paras.map((p) => `<p>${htmlEsc(p)}</p>`).join("");
      const created = at(x.day, int(480, 1020));
      t.add(`${x.id}\t${x.kind}\t${x.issuer.format}\t${x.number}\t${s(x.symbol)}\t${x.year}\t${s(x.issuer.issuer)}\t${s(x.issuer.signer)}\t${ymd(x.day)}\t${s(x.summary)}\t${s(body)}\t${x.conf}\t${n(x.sourceMeeting)}\t${status}\t${NULL}\t${x.issuer.createdBy()}\t1\t${created}\t${created}`);
      addSearch(directiveEntry({ id: x.id, kind: x.kind as "CT", numberFormat: x.issuer.format, number: x.number, symbol: x.symbol, issuer: x.issuer.issuer, signer: x.issuer.signer, issuedOn: ymd(x.day), summary: x.summary, body }), created);
      if (t.full) await t.flush();
      if (searchT.full) await searchT.flush();
    }
    await t.flush();
  }
  log(`directives ${directives.length}${ct24 ? " (with 24-CT/TU of 07/08/2023)" : ""}`);

  // ── Tasks: pass 1 plans every task (source, unit, dates, state) in typed arrays ──
  type Source = { day: number; directive: number; meeting: number; count: number; level: BodyRec["level"]; group: number; bodyId: number; topic: number; assigner: () => number; cover: boolean };
  const sources: Source[] = [];
  const DIR_TASKS = Math.round(N_TASKS * 0.75);
  const KIND_TASKS: Record<string, number> = { CT: 10, NQ: 6, KH: 8, KL: 3, TB: 2, QD: 1.2, CV: 0.5 };
  const LEVEL_TASKS = { city: 1.5, district: 1, dept: 0.6 };
  const dirWeights = directives.map((x) => (x === ct24 ? 0 : KIND_TASKS[x.kind] * LEVEL_TASKS[x.issuer.level] * lognormal(0.7)));
  const ct24Tasks = ct24 ? Math.min(600, Math.floor(DIR_TASKS / 4)) : 0;
  const dirCounts = allocate(DIR_TASKS - ct24Tasks - (ct24 ? 0 : 0), dirWeights.map((w, i) => (directives[i] === ct24 ? 0 : w)), 0);
  // The vice-chairs give most tasks, each in the sectors they are in charge of; the chair the rest.
  const chairOfBody = (b: BodyRec) => () => (chance(0.35) || !b.vices.length ? b.chair : pick(b.vices));
  directives.forEach((x, i) => {
    const count = x === ct24 ? ct24Tasks : dirCounts[i];
    if (!count) return;
    const meeting = x.sourceMeeting;
    sources.push({ day: x.day, directive: x.id, meeting, count, level: x.issuer.level, group: x.issuer.group, bodyId: meeting ? mBody[meeting] : 0, topic: x === ct24 ? TOPICS.indexOf("tăng cường kỷ cương, kỷ luật hành chính") : x.topic, assigner: x.issuer.level === "city" && chance(0.5) ? secretariatPick : chairOfBody(x.issuer.body), cover: x.issuer.level === "city" && (x.kind === "CT" || x.kind === "KH" || x.kind === "NQ") && count >= cityTop.length });
  });
  {
    const ended: number[] = [];
    for (let id = 1; id <= N_MEETINGS; id++) if (mEnded[id] && mDay[id] <= TODAY) ended.push(id);
    const KIND_W = { regular: 3, thematic: 3, extraordinary: 2, briefing: 1.5 };
    const counts = allocate(N_TASKS - DIR_TASKS, ended.map((id) => KIND_W[mKind[id]] * lognormal(0.6)));
    ended.forEach((id, i) => {
      if (!counts[i]) return;
      const body = bodies[mBody[id] - 1];
      sources.push({ day: mDay[id], directive: 0, meeting: id, count: counts[i], level: body.level, group: body.group, bodyId: body.id, topic: mTopic[id], assigner: () => mChair[id], cover: false });
    });
  }
  sources.sort((a, b) => a.day - b.day);

  const tDirective = new Int32Array(N_TASKS + 1), tMeeting = new Int32Array(N_TASKS + 1), tBody = new Int32Array(N_TASKS + 1), tLead = new Int32Array(N_TASKS + 1);
  const tParent = new Int32Array(N_TASKS + 1), tAssigner = new Int32Array(N_TASKS + 1), tAssigned = new Int32Array(N_TASKS + 1), tDeadline = new Int32Array(N_TASKS + 1), tOrig = new Int32Array(N_TASKS + 1);
  const tKind = new Uint8Array(N_TASKS + 1); // 0 date, 1 none, 2 recurring
  const tRec = new Uint8Array(N_TASKS + 1); // 1 monthly, 2 quarterly, 3 yearly
  const tState = new Uint8Array(N_TASKS + 1); // 0 open, 1 completed, 2 reported, 3 cancelled
  const tDone = new Int32Array(N_TASKS + 1); // completion day (completed) or completion-report day (reported)
  const tTopic = new Int16Array(N_TASKS + 1);
  const tMand = new Int32Array(N_TASKS + 1); // reports that must exist (completion, acceptance, recurring periods)
  const tWeight = new Float32Array(N_TASKS + 1); // share of the progress reports
  const tExt = new Uint8Array(N_TASKS + 1); // 1 approved extension, 2 pending, 3 refused
  const tPool: Array<() => number> = new Array(N_TASKS + 1); // where the source finds its units (coordinators too)
  let tid = 0;
  const durationPick = weightedChoice([[0, 40], [1, 35], [2, 20], [3, 5]] as const);
  const durationDays = () => [int(7, 30), int(30, 90), int(90, 270), int(270, 540)][durationPick()];
  const recPick = weightedChoice([[1, 20], [2, 65], [3, 15]] as const);
  const MONTHS = [0, 1, 3, 12];
  /** The first period deadline of a recurring task: the 25th (monthly), the 15th of a quarter's last month, 15 December. */
  const firstRecurring = (rec: number, a: number) => {
    const [y, m] = ymOf(a);
    if (rec === 1) return dayOf(y, m, 25) > a + 5 ? dayOf(y, m, 25) : dayOf(y, m + 1, 25);
    if (rec === 2) {
      const qEnd = Math.ceil(m / 3) * 3;
      return dayOf(y, qEnd, 15) > a + 10 ? dayOf(y, qEnd, 15) : dayOf(y, qEnd + 3, 15);
    }
    return dayOf(y, 12, 15) > a + 30 ? dayOf(y, 12, 15) : dayOf(y + 1, 12, 15);
  };
  /** Period deadlines from the first one, each a period later, up to the first not yet passed (the open one). */
  const occurrencesOf = (i: number) => {
    const out: number[] = [];
    for (let k = 0; ; k++) {
      const dl = addMonthsDay(tOrig[i], MONTHS[tRec[i]] * k);
      out.push(dl);
      if (dl >= TODAY) return out;
    }
  };
  let mandatory = 0;
  let weightSum = 0;
  for (const src of sources) {
    const pool = poolOf(src.level, src.group);
    let lastDistrictTask = 0;
    for (let j = 0; j < src.count && tid < N_TASKS; j++) {
      const i = ++tid;
      const a = Math.min(TODAY, src.day + (chance(0.6) ? 0 : int(1, 3)));
      tDirective[i] = src.directive;
      tMeeting[i] = src.meeting;
      tBody[i] = src.bodyId;
      tAssigned[i] = a;
      tTopic[i] = chance(0.85) ? src.topic : topicIndex();
      tAssigner[i] = src.assigner();
      // A big city directive first gives one task to every sở, quận and the Văn phòng.
      let lead = src.cover && j < cityTop.length ? cityTop[j].id : pool();
      if (lastDistrictTask && chance(0.04)) {
        const parentLead = unitById(tLead[lastDistrictTask]);
        const kids = childrenOf.get(parentLead.id) ?? [];
        if (kids.length) {
          tParent[i] = lastDistrictTask;
          lead = pick(kids).id;
        }
      }
      tLead[i] = lead;
      tPool[i] = pool;
      if (unitById(lead).level === "district" && !tParent[i]) lastDistrictTask = i;

      const kindRoll = rnd();
      const recurring = src.directive && kindRoll < 0.01;
      if (!recurring && kindRoll < 0.11) {
        // No deadline.
        tKind[i] = 1;
        const r = rnd();
        const pDone = 0.1 + 0.45 * Math.min(1, (TODAY - a) / 365);
        if (r < 0.02) tState[i] = 3;
        else if (r < 0.02 + pDone) {
          tState[i] = 1;
          tDone[i] = Math.min(TODAY, a + int(0, Math.max(0, Math.min(365, TODAY - a))));
        }
      } else if (recurring) {
        tKind[i] = 2;
        tRec[i] = recPick();
        tOrig[i] = firstRecurring(tRec[i], a);
        const occ = occurrencesOf(i);
        tDeadline[i] = occ[occ.length - 1];
        // A completion per past period, accepted in the app for periods since go-live (the day is drawn in pass 2 from the deadline ± 10).
        for (let k = 0; k < occ.length - 1; k++) tMand[i] += occ[k] >= GO_LIVE ? 2 : 1;
      } else {
        let dl = a + durationDays();
        if (tParent[i] && tDeadline[tParent[i]]) dl = Math.max(a + 3, Math.min(dl, tDeadline[tParent[i]]));
        tOrig[i] = dl;
        if (chance(0.1) && dl - a >= 10) {
          dl += int(15, 90);
          tExt[i] = 1;
        }
        tDeadline[i] = dl;
        const r = rnd();
        if (r < 0.01) tState[i] = 3;
        else if (dl < TODAY) {
          const openP = 0.03 + 0.25 * Math.max(0, 1 - (TODAY - dl) / 400);
          if (r < 0.025) {
            tState[i] = 2;
            tDone[i] = int(Math.max(a, TODAY - 30), TODAY);
          } else if (r < 0.025 + openP) tState[i] = 0;
          else {
            tState[i] = 1;
            if (chance(0.22)) tDone[i] = Math.min(TODAY, dl + 1 + Math.floor(-Math.log(1 - rnd()) * 20));
            else tDone[i] = int(Math.min(dl, a + Math.floor((dl - a) * 0.3)), dl);
          }
        } else {
          const elapsed = Math.max(0, Math.min(1, (TODAY - a) / Math.max(1, dl - a)));
          if (r < 0.01 + 0.3 * Math.sqrt(elapsed)) {
            tState[i] = 1;
            tDone[i] = int(a, TODAY);
          } else if (r < 0.01 + 0.3 * Math.sqrt(elapsed) + 0.08 * elapsed) {
            tState[i] = 2;
            tDone[i] = int(Math.max(a, TODAY - 20), TODAY);
          }
        }
        if (tState[i] === 0 && chance(0.02)) tExt[i] = chance(0.7) ? 2 : 3;
      }
      if (tState[i] === 1 && tKind[i] !== 2) tMand[i] += tDone[i] >= GO_LIVE ? 2 : 1;
      else if (tState[i] === 2) tMand[i] += 1;
      mandatory += tMand[i];
      const end = tState[i] === 1 || tState[i] === 2 ? tDone[i] : TODAY;
      const w = tState[i] === 3 ? 0.15 : (0.3 + 1.4 * rnd()) * (0.4 + Math.min(end - a, 365) / 120);
      tWeight[i] = w;
      weightSum += w;
    }
  }
  if (tid !== N_TASKS) throw new Error(`planned ${tid} tasks, expected ${N_TASKS}`);
  const progressBudget = N_REPORTS - mandatory;
  if (progressBudget < 0) throw new Error("more mandatory reports than the report budget");
  log(`tasks planned: ${N_TASKS} from ${sources.length} directives and meetings; reports: ${mandatory} completion/acceptance + ${progressBudget} progress`);

  // ── Tasks: pass 2 writes tasks, coordinators, occurrences, reports, extensions, search entries ──
  const tasksT = T("tasks", "id, directive_id, meeting_id, minutes_anchor, parent_id, content, lead_unit_id, owner_id, assigned_by_id, deadline_kind, deadline, original_deadline, recurrence, starred, progress, state, completed_on, result, last_report_at, version, created_at, updated_at, assigned_on, body_id");
  const coordT = T("task_coordinators", "task_id, unit_id");
  const occT = T("task_occurrences", "id, task_id, period_label, deadline, completed_on, state, created_at, updated_at");
  const reportsT = T("task_reports", "id, task_id, occurrence_id, author_id, kind, progress, note, created_at, updated_at");
  const extT = T("extension_requests", "id, task_id, requested_by_id, previous_deadline, requested_deadline, reason, status, decided_by_id, decided_at, decision_note, created_at, updated_at");
  let reportId = 0, occId = 0, extId = 0, acc = 0, progressGiven = 0;
  const scalePerWeight = progressBudget / weightSum;
  const REC_NAMES = ["", "monthly", "quarterly", "yearly"] as const;
  const ROMAN = ["I", "II", "III", "IV"];
  const periodLabel = (rec: number, dl: number) => {
    const [y, m] = ymOf(dl);
    return rec === 1 ? `Tháng ${String(m).padStart(2, "0")}/${y}` : rec === 2 ? `Quý ${ROMAN[Math.floor((m - 1) / 3)]}/${y}` : `Năm ${y}`;
  };
  const reportMinute = () => int(540, 1050);
  const STATE_NAMES = ["in_progress", "completed", "reported", "cancelled"];
  const taskStarted = Date.now();
  for (let i = 1; i <= N_TASKS; i++) {
    const a = tAssigned[i];
    const lead = unitById(tLead[i]);
    const workers = workersOf.get(lead.id)!;
    const owner = chance(0.65) ? pick(workers) : 0;
    const author = () => owner || pick(workers);
    const state = tState[i];
    const done = tDone[i];
    const rec = tRec[i];
    const topic = TOPICS[tTopic[i]];
    const area = lead.level === "ward" || lead.level === "district" || lead.level === "districtsub" ? lead.area : "";
    const content = rec ? `Tổng hợp, báo cáo kết quả ${topic}${area} định kỳ hằng ${RECURRING_WORD[REC_NAMES[rec] as "monthly"]}` : TASK_TEMPLATES[Math.floor(rnd() * TASK_TEMPLATES.length)](topic, area);
    const createdStamp = a * 1440 + int(450, 539);
    let lastReport = 0; // stamp of the latest progress/completion report
    let reports = 0;

    // Progress reports: their exact share of the budget (error diffusion keeps the total exact).
    acc += tWeight[i] * scalePerWeight;
    let p = i === N_TASKS ? progressBudget - progressGiven : Math.floor(acc) - progressGiven;
    if (p < 0) p = 0;
    progressGiven += p;
    const progressEnd = state === 1 || state === 2 ? Math.max(a, done - 1) : TODAY;
    const stamps: number[] = [];
    for (let k = 0; k < p; k++) stamps.push(int(a, progressEnd) * 1440 + reportMinute());
    stamps.sort((x, y) => x - y);
    let progress = 0;
    for (let k = 0; k < stamps.length; k++) {
      progress = Math.min(95, Math.max(progress + 5, Math.round(((k + 1) / (stamps.length + (state === 0 ? 1.5 : 1))) * 100 / 5) * 5));
      reportsT.add(`${++reportId}\t${i}\t${NULL}\t${author()}\tprogress\t${progress}\t${s(pick(PROGRESS_NOTES))}\t${atStamp(stamps[k])}\t${atStamp(stamps[k])}`);
      lastReport = stamps[k];
      reports++;
    }
    let result: string | null = null;
    if (rec) {
      // Every past period completed (completion + acceptance); the current one open.
      const occ = occurrencesOf(i);
      for (let k = 0; k < occ.length; k++) {
        const dl = occ[k];
        const label = periodLabel(rec, dl);
        const oid = ++occId;
        if (k < occ.length - 1) {
          const periodStart = k === 0 ? a : occ[k - 1] + 1;
          const cday = chance(0.85) ? Math.max(periodStart, dl - int(0, 10)) : Math.min(TODAY, dl + int(1, 10));
          const cs = cday * 1440 + reportMinute();
          const as = Math.max(cs + 30, Math.min(TODAY, cday + int(0, 3)) * 1440 + reportMinute());
          reportsT.add(`${++reportId}\t${i}\t${oid}\t${author()}\tcompletion\t100\t${s(`Đã gửi báo cáo ${label}.`)}\t${atStamp(cs)}\t${atStamp(cs)}`);
          reports++;
          if (dl >= GO_LIVE) {
            reportsT.add(`${++reportId}\t${i}\t${oid}\t${tAssigner[i]}\taccepted\t100\t${s(pick(ACCEPT_NOTES))}\t${atStamp(as)}\t${atStamp(as)}`);
            reports++;
          }
          lastReport = Math.max(lastReport, cs);
          occT.add(`${oid}\t${i}\t${s(label)}\t${ymd(dl)}\t${ymd(cday)}\tcompleted\t${atStamp(createdStamp)}\t${atStamp(as)}`);
        } else {
          occT.add(`${oid}\t${i}\t${s(label)}\t${ymd(dl)}\t${NULL}\topen\t${atStamp(createdStamp)}\t${atStamp(createdStamp)}`);
        }
      }
    } else if (state === 1 || state === 2) {
      const cs = Math.max(done * 1440 + reportMinute(), lastReport + 10, createdStamp + 10);
      result = pick(COMPLETION_NOTES);
      reportsT.add(`${++reportId}\t${i}\t${NULL}\t${author()}\tcompletion\t100\t${s(result)}\t${atStamp(cs)}\t${atStamp(cs)}`);
      lastReport = cs;
      reports++;
      if (state === 1 && done >= GO_LIVE) {
        const as = Math.max(cs + 30, Math.min(TODAY, done + int(0, 3)) * 1440 + reportMinute());
        reportsT.add(`${++reportId}\t${i}\t${NULL}\t${tAssigner[i]}\taccepted\t100\t${s(pick(ACCEPT_NOTES))}\t${atStamp(as)}\t${atStamp(as)}`);
        reports++;
      } else if (state === 2) result = null;
    }

    // Extension requests.
    if (tExt[i] === 1) {
      const decided = Math.max(a + 1, tOrig[i] - int(0, 5));
      const asked = Math.max(a, decided - int(1, 5));
      extT.add(`${++extId}\t${i}\t${author()}\t${ymd(tOrig[i])}\t${ymd(tDeadline[i])}\t${s(pick(EXTENSION_REASONS))}\tapproved\t${tAssigner[i]}\t${at(decided, reportMinute())}\t${s(`Đồng ý gia hạn đến ngày ${ymd(tDeadline[i]).split("-").reverse().join("/")}.`)}\t${at(asked, reportMinute())}\t${at(decided, reportMinute())}`);
    } else if (tExt[i] >= 2) {
      const asked = int(Math.max(a, TODAY - 20), TODAY);
      const refused = tExt[i] === 3;
      extT.add(`${++extId}\t${i}\t${author()}\t${ymd(tDeadline[i])}\t${ymd(tDeadline[i] + int(15, 60))}\t${s(pick(EXTENSION_REASONS))}\t${refused ? "refused" : "pending"}\t${refused ? tAssigner[i] : NULL}\t${refused ? at(Math.min(TODAY, asked + 1), 1000) : NULL}\t${refused ? s("Không đồng ý gia hạn; đề nghị đơn vị khẩn trương hoàn thành.") : NULL}\t${at(asked, reportMinute())}\t${at(refused ? Math.min(TODAY, asked + 1) : asked, 1000)}`);
    }

    // Coordinating units: 20 % of tasks, one or two, never the lead unit.
    if (chance(0.2)) {
      const want = chance(0.7) ? 1 : 2;
      const got = new Set<number>();
      for (let tries = 0; got.size < want && tries < 10; tries++) {
        // A sở or quận leading works with other sở and quận; a phòng or phường with units of its own source.
        const c = lead.level === "dept" || lead.level === "district" || lead.level === "vp" ? pick(cityTop).id : tPool[i]();
        if (c !== lead.id) got.add(c);
      }
      for (const c of got) coordT.add(`${i}\t${c}`);
    }

    const stateName = state === 0 ? (reports ? "in_progress" : "assigned") : STATE_NAMES[state];
    const prog = state === 1 || state === 2 ? 100 : rec ? int(0, 60) : progress;
    const created = atStamp(createdStamp);
    const updated = lastReport ? atStamp(Math.max(lastReport, createdStamp)) : created;
    const anchor = tMeeting[i] && !tDirective[i] && chance(0.5) ? `III. Kết luận – mục ${int(1, 6)}` : null;
    tasksT.add(
      `${i}\t${n(tDirective[i])}\t${n(tMeeting[i])}\t${s(anchor)}\t${n(tParent[i])}\t${s(content)}\t${lead.id}\t${n(owner)}\t${n(tAssigner[i])}\t${["date", "none", "recurring"][tKind[i]]}\t${d(tDeadline[i])}\t${d(tOrig[i])}\t${rec ? REC_NAMES[rec] : NULL}\t${chance(0.03) ? 1 : 0}\t${prog}\t${stateName}\t${state === 1 ? ymd(done) : NULL}\t${s(result)}\t${lastReport ? atStamp(lastReport) : NULL}\t${1 + reports}\t${created}\t${updated}\t${ymd(a)}\t${n(tBody[i])}`,
    );
    addSearch(taskEntry({ id: i, content, result, deadline: tDeadline[i] ? ymd(tDeadline[i]) : null, assignedOn: ymd(a) }), updated);

    if ((i & 1023) === 0) {
      await flushFull(tasksT, reportsT, searchT, coordT, occT, extT);
      if (i % 100_000 === 0) log(`tasks ${i.toLocaleString("en")} / ${N_TASKS.toLocaleString("en")} (${Math.round(i / ((Date.now() - taskStarted) / 1000)).toLocaleString("en")}/s), reports ${reportId.toLocaleString("en")}`);
    }
  }
  for (const t of [tasksT, coordT, occT, reportsT, extT, searchT]) await t.flush();
  await loaders.drain();
  if (reportId !== N_REPORTS) throw new Error(`wrote ${reportId} reports, expected ${N_REPORTS}`);
  console.log(`  LOAD DATA time per table (summed over ${conns.length} connections; the generator waited ${(loaders.waitedMs / 1000).toFixed(1)} s for a free one):`);
  for (const [table, [ms, bytes]] of [...loaders.spent].sort((a, b) => b[1][0] - a[1][0])) {
    console.log(`    ${table.padEnd(20)} ${(ms / 1000).toFixed(1).padStart(6)} s  ${(bytes / 1048576).toFixed(0).padStart(5)} MB  ${(bytes / 1048576 / Math.max(ms / 1000, 0.001)).toFixed(1)} MB/s`);
  }
  log(`loaded: tasks ${N_TASKS}, reports ${reportId}, coordinators ${coordT.count}, occurrences ${occId}, extension requests ${extId}, search entries ${searchId}`);

  // ── Indexes back (big tables first, in parallel), then statistics ──
  const byTable = new Map<string, Idx[]>();
  for (const x of indexes) (byTable.get(x.table) ?? byTable.set(x.table, []).get(x.table)!).push(x);
  const order = [...byTable.keys()].sort((a, b) => ["search_entries", "task_reports", "tasks"].indexOf(b) - ["search_entries", "task_reports", "tasks"].indexOf(a));
  const queue = [...order];
  await Promise.all(
    conns.map(async (c) => {
      for (let table = queue.shift(); table; table = queue.shift()) {
        const t0 = Date.now();
        const list = byTable.get(table)!;
        const plain = list.filter((x) => !x.fulltext);
        if (plain.length) await c.query(`ALTER TABLE \`${table}\` ${plain.map((x) => `ADD ${x.unique ? "UNIQUE " : ""}INDEX \`${x.name}\` (${x.cols.join(", ")})`).join(", ")}`);
        // As the migration does: no (English) stopword list for the folded Vietnamese text.
        for (const x of list.filter((x) => x.fulltext)) await c.query(`ALTER TABLE \`${table}\` ADD FULLTEXT INDEX \`${x.name}\` (${x.cols.join(", ")})`);
        log(`indexes of ${table}: ${list.length} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
    }),
  );
  await main.query(`ANALYZE TABLE ${["units", "users", "bodies", "body_memberships", ...BIG].map((x) => `\`${x}\``).join(", ")}`);
  log("ANALYZE TABLE done");

  // ── Counts and a few accounts ──
  const [tables] = (await main.query("SELECT TABLE_NAME t FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME", [database])) as unknown as [Array<{ t: string }>];
  const counts: Array<[string, number]> = [];
  for (const { t } of tables) {
    const [[row]] = (await main.query(`SELECT COUNT(*) AS c FROM \`${t}\``)) as unknown as [[{ c: number }]];
    counts.push([t, Number(row.c)]);
  }
  console.log("\n| table | rows |\n| --- | ---: |");
  for (const [t, c] of counts) console.log(`| ${t} | ${c.toLocaleString("en")} |`);
  const [stats] = (await main.query(
    "SELECT state, COUNT(*) c FROM tasks GROUP BY state ORDER BY c DESC",
  )) as unknown as [Array<{ state: string; c: number }>];
  console.log(`\ntask states: ${stats.map((x) => `${x.state} ${Number(x.c).toLocaleString("en")}`).join(", ")}`);

  const sample = (filter: (x: UserRec) => boolean, k = 3) => users.filter(filter).slice(0, k).map((x) => x.username).join(", ");
  const bigUnit = depts.find((x) => x.code === "STNMT")!;
  const smallWard = units.filter((x) => x.level === "ward").sort((a, b) => a.users.length - b.users.length)[0];
  console.log(`\nAccounts (password "${PASSWORD}" for everyone):`);
  console.log(`  admin:        ${sample((x) => x.roles === "admin")}`);
  console.log(`  leader:       ${sample((x) => x.roles.startsWith("leader"), 4)}`);
  console.log(`  secretariat:  ${sample((x) => x.roles === "secretariat", 4)}`);
  console.log(`  member:       ${sample((x) => x.roles === "member", 3)}`);
  console.log(`  staff (${bigUnit.short}): ${sample((x) => x.roles === "staff" && x.unit === bigUnit.id, 3)}`);
  console.log(`  staff (${smallWard.name}): ${sample((x) => x.roles === "staff" && x.unit === smallWard.id, 3)}`);
  console.log(`  viewer:       ${sample((x) => x.roles === "viewer", 2)}`);

  for (const c of conns) await c.end();
  console.log(`\nseed:scale done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e);
  process.exit(1);
});
