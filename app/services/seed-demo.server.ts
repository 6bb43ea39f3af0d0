import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { UniqueConstraintError, type Transaction } from "sequelize";
import type { Db } from "../../models";
import type { BodyMemberRole, Role, RsvpStatus, TaskReportKind } from "../../models";
import { renderMinutesJSON } from "./minutes-render.server";
import { reindexAll } from "./search-index.server";

/**
 * Demo data for a fresh installation: the Hanoi example of the design
 * (UBND Thành phố and its Ban Cán sự Đảng, Chỉ thị 24-CT/TU and its tasks).
 * Runs only on a database without users, in one transaction, so it is safe to
 * call on every start. Dates are computed from `now`, so the demo always has
 * meetings coming up, tasks due soon and tasks overdue.
 */

export const DEMO_PASSWORD = "Demo@2023";

/** The accounts the login page and the docs advertise. */
export const DEMO_USERNAMES = ["admin", "vanphong", "chutich", "thanhvien", "chuyenvien", "badinh"] as const;

const DAY = 86_400_000;
const HANOI_UTC_OFFSET_HOURS = 7; // Asia/Ho_Chi_Minh has no daylight saving time

/** Calendar arithmetic on Hanoi dates, skipping weekends for meeting days. */
function hanoiCalendar(now: Date) {
  const local = new Date(now.getTime() + HANOI_UTC_OFFSET_HOURS * 3600_000);
  const today = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());

  /** Hanoi midnight `offset` days from today, as a UTC-midnight timestamp of that calendar date. */
  const day = (offset: number) => today + offset * DAY;
  /** Like day() but moved off Saturday/Sunday: forward for future days, backward for past ones. */
  const workingDay = (offset: number) => {
    let d = day(offset);
    const step = offset < 0 ? -DAY : DAY;
    while ([0, 6].includes(new Date(d).getUTCDay())) d += step;
    return d;
  };
  /** A working day at a Hanoi wall-clock time, as a UTC instant. */
  const at = (offset: number, hour: number, minute = 0) =>
    new Date(workingDay(offset) + (hour - HANOI_UTC_OFFSET_HOURS) * 3600_000 + minute * 60_000);
  /** "yyyy-MM-dd" of a calendar day. */
  const ymd = (offset: number) => new Date(day(offset)).toISOString().slice(0, 10);
  const ymdOf = (t: number) => new Date(t).toISOString().slice(0, 10);
  const month = (offset: number) => {
    const d = new Date(day(offset));
    return `${d.getUTCMonth() + 1}/${d.getUTCFullYear()}`;
  };
  return { today, at, ymd, ymdOf, month };
}

const ROMAN = ["I", "II", "III", "IV"];

/** The quarterly report periods around today: the last finished one and the open one. */
function quarterPeriods(todayTs: number) {
  const t = new Date(todayTs);
  let year = t.getUTCFullYear();
  let q = Math.floor(t.getUTCMonth() / 3);
  // The report of a quarter is due on the 15th of its last month.
  const deadlineOf = (y: number, quarter: number) => Date.UTC(y, quarter * 3 + 2, 15);
  if (deadlineOf(year, q) < todayTs) [year, q] = q === 3 ? [year + 1, 0] : [year, q + 1];
  const [py, pq] = q === 0 ? [year - 1, 3] : [year, q - 1];
  const label = (y: number, quarter: number) => `Quý ${ROMAN[quarter]}/${y}`;
  return {
    previous: { label: label(py, pq), deadline: deadlineOf(py, pq) },
    current: { label: label(year, q), deadline: deadlineOf(year, q) },
  };
}

type UserSpec = {
  username: string;
  fullName: string;
  title: string;
  unit: string;
  roles: Role[];
};

const UNITS = [
  { code: "VP-UBND", name: "Văn phòng UBND Thành phố", shortName: "VP UBND TP", kind: "office" },
  { code: "STTTT", name: "Sở Thông tin và Truyền thông", shortName: "Sở TT&TT", kind: "department" },
  { code: "SNV", name: "Sở Nội vụ", shortName: "Sở NV", kind: "department" },
  { code: "STP", name: "Sở Tư pháp", shortName: "Sở TP", kind: "department" },
  { code: "SKHDT", name: "Sở Kế hoạch và Đầu tư", shortName: "Sở KH&ĐT", kind: "department" },
  { code: "STC", name: "Sở Tài chính", shortName: "Sở TC", kind: "department" },
  { code: "Q-BADINH", name: "UBND quận Ba Đình", shortName: "Q. Ba Đình", kind: "district" },
  { code: "Q-HOANKIEM", name: "UBND quận Hoàn Kiếm", shortName: "Q. Hoàn Kiếm", kind: "district" },
  { code: "Q-DONGDA", name: "UBND quận Đống Đa", shortName: "Q. Đống Đa", kind: "district" },
  { code: "Q-HAIBATRUNG", name: "UBND quận Hai Bà Trưng", shortName: "Q. Hai Bà Trưng", kind: "district" },
] as const;

const WARDS_OF_BA_DINH = [
  { code: "P-DIENBIEN", name: "UBND phường Điện Biên", shortName: "P. Điện Biên" },
  { code: "P-KIMMA", name: "UBND phường Kim Mã", shortName: "P. Kim Mã" },
  { code: "P-NGOCHA", name: "UBND phường Ngọc Hà", shortName: "P. Ngọc Hà" },
] as const;

// Fictional people: realistic titles and names, no real office holder.
const USERS: UserSpec[] = [
  { username: "admin", fullName: "Quản trị hệ thống", title: "Quản trị hệ thống", unit: "VP-UBND", roles: ["admin"] },
  { username: "vanphong", fullName: "Trần Thu Hà", title: "Chuyên viên Văn phòng UBND Thành phố", unit: "VP-UBND", roles: ["secretariat"] },
  { username: "chutich", fullName: "Nguyễn Văn Minh", title: "Chủ tịch UBND Thành phố", unit: "VP-UBND", roles: ["leader"] },
  { username: "thanhvien", fullName: "Lê Thị Hồng Nhung", title: "Giám đốc Sở Nội vụ", unit: "SNV", roles: ["member"] },
  { username: "chuyenvien", fullName: "Phạm Quang Huy", title: "Chuyên viên Sở Thông tin và Truyền thông", unit: "STTTT", roles: ["staff"] },
  { username: "badinh", fullName: "Đỗ Thị Lan", title: "Chuyên viên Văn phòng HĐND và UBND quận Ba Đình", unit: "Q-BADINH", roles: ["staff"] },
  { username: "phochutich", fullName: "Hoàng Minh Tuấn", title: "Phó Chủ tịch Thường trực UBND Thành phố", unit: "VP-UBND", roles: ["leader"] },
  { username: "phochutich2", fullName: "Vũ Thị Thu Hằng", title: "Phó Chủ tịch UBND Thành phố", unit: "VP-UBND", roles: ["leader"] },
  { username: "gdtttt", fullName: "Ngô Đức Thắng", title: "Giám đốc Sở Thông tin và Truyền thông", unit: "STTTT", roles: ["member"] },
  { username: "gdkhdt", fullName: "Bùi Văn Khánh", title: "Giám đốc Sở Kế hoạch và Đầu tư", unit: "SKHDT", roles: ["member"] },
  { username: "gdtc", fullName: "Đinh Thị Mai", title: "Giám đốc Sở Tài chính", unit: "STC", roles: ["member"] },
  { username: "pgdkhdt", fullName: "Trịnh Quốc Bảo", title: "Phó Giám đốc Sở Kế hoạch và Đầu tư", unit: "SKHDT", roles: ["staff"] },
  { username: "tuphap", fullName: "Nguyễn Thị Thanh Xuân", title: "Chuyên viên Sở Tư pháp", unit: "STP", roles: ["staff"] },
];

const BODY_MEMBERS: Record<"UBND-TP" | "BCSD-UBND", Array<[string, BodyMemberRole]>> = {
  "UBND-TP": [
    ["chutich", "chair"],
    ["phochutich", "vice_chair"],
    ["phochutich2", "vice_chair"],
    ["thanhvien", "member"],
    ["gdtttt", "member"],
    ["gdkhdt", "member"],
    ["gdtc", "member"],
    ["vanphong", "secretary"],
  ],
  "BCSD-UBND": [
    ["chutich", "chair"],
    ["phochutich", "vice_chair"],
    ["phochutich2", "member"],
    ["thanhvien", "member"],
    ["gdkhdt", "member"],
    ["vanphong", "secretary"],
  ],
};

const DIRECTIVE_24_SUMMARY =
  "Về tăng cường kỷ cương, kỷ luật và trách nhiệm giải quyết công việc trong hệ thống chính trị thành phố Hà Nội";

const DIRECTIVE_24_BODY = `<p>Nhằm khuyến khích cán bộ, công chức, viên chức dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung, Ban Thường vụ Thành ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền, cơ quan, đơn vị trong hệ thống chính trị Thành phố tập trung thực hiện tốt các nội dung sau:</p>
<ol>
<li><p>Người đứng đầu trực tiếp chỉ đạo, chịu trách nhiệm về kỷ cương, kỷ luật hành chính và kết quả giải quyết công việc của cơ quan, đơn vị mình.</p></li>
<li><p>Giao việc bảo đảm <strong>rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ hiệu quả</strong>; theo dõi, đôn đốc, kiểm tra việc thực hiện đến từng nhiệm vụ.</p></li>
<li><p>Đẩy mạnh cải cách hành chính, chuyển đổi số; công khai, minh bạch quy trình giải quyết thủ tục hành chính; xử lý nghiêm hành vi nhũng nhiễu, gây phiền hà, né tránh, đùn đẩy trách nhiệm.</p></li>
<li><p>Gắn kết quả thực hiện nhiệm vụ với đánh giá, xếp loại, khen thưởng, kỷ luật cán bộ, công chức, viên chức.</p></li>
</ol>`;

export async function seedDemoData(db: Db, { now = new Date() }: { now?: Date } = {}): Promise<{ seeded: boolean }> {
  if ((await db.User.count()) > 0) return { seeded: false };

  // Hash outside the transaction: argon2 is deliberately slow, and SQLite has
  // a single connection that the transaction would hold meanwhile.
  const hashes = await Promise.all(USERS.map(() => hash(DEMO_PASSWORD)));

  try {
    await db.sequelize.transaction(async (transaction) => {
      // Another process may have seeded between the count and here.
      if ((await db.User.count({ transaction })) > 0) throw new AlreadySeeded();
      await insertDemo(db, transaction, hashes, now);
    });
  } catch (err) {
    if (err instanceof AlreadySeeded || err instanceof UniqueConstraintError) return { seeded: false };
    throw err;
  }
  // The demo is written around the services: index it in one go.
  await reindexAll();
  return { seeded: true };
}

class AlreadySeeded extends Error {}

async function insertDemo(db: Db, transaction: Transaction, hashes: string[], now: Date) {
  const t = { transaction };
  const cal = hanoiCalendar(now);

  // ── Units ────────────────────────────────────────────────────────────────
  const unit: Record<string, number> = {};
  for (const [i, u] of UNITS.entries()) {
    unit[u.code] = (await db.Unit.create({ ...u, position: i + 1 }, t)).id;
  }
  for (const [i, w] of WARDS_OF_BA_DINH.entries()) {
    unit[w.code] = (await db.Unit.create({ ...w, kind: "ward", parentId: unit["Q-BADINH"], position: i + 1 }, t)).id;
  }

  // ── Users ────────────────────────────────────────────────────────────────
  const user: Record<string, number> = {};
  for (const [i, u] of USERS.entries()) {
    const created = await db.User.create(
      {
        username: u.username,
        fullName: u.fullName,
        title: u.title,
        email: `${u.username}@hanoi.example`,
        unitId: unit[u.unit],
        roles: u.roles,
        passwordHash: hashes[i],
        calendarToken: randomBytes(24).toString("base64url"),
        passwordChangedAt: now,
      },
      t,
    );
    user[u.username] = created.id;
  }

  // ── Bodies and rooms ─────────────────────────────────────────────────────
  const ubnd = await db.Body.create(
    {
      code: "UBND-TP",
      name: "UBND Thành phố Hà Nội",
      kind: "state",
      hostUnitId: unit["VP-UBND"],
      description: "Phiên họp UBND Thành phố thường kỳ, chuyên đề và giao ban của Chủ tịch UBND Thành phố với các sở, ngành, quận, huyện.",
    },
    t,
  );
  const bcsd = await db.Body.create(
    {
      code: "BCSD-UBND",
      name: "Ban Cán sự Đảng UBND Thành phố",
      kind: "party",
      hostUnitId: unit["VP-UBND"],
      description: "Hội nghị Ban Cán sự Đảng UBND Thành phố; tài liệu và biên bản chỉ dành cho thành phần được mời.",
    },
    t,
  );
  for (const [body, code] of [[ubnd, "UBND-TP"], [bcsd, "BCSD-UBND"]] as const) {
    await db.BodyMembership.bulkCreate(
      BODY_MEMBERS[code].map(([username, role], position) => ({ bodyId: body.id, userId: user[username], role, position })),
      t,
    );
  }

  const room1 = await db.Room.create(
    {
      name: "Phòng họp số 1 – Tầng 3, 79 Đinh Tiên Hoàng",
      location: "Trụ sở UBND Thành phố, 79 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội",
      capacity: 60,
      equipment: "Màn hình LED, hệ thống âm thanh hội nghị, điểm cầu trực tuyến, máy chiếu",
    },
    t,
  );
  await db.Room.create(
    { name: "Phòng họp số 2 – Tầng 2, 12 Lê Lai", location: "12 Lê Lai, Hoàn Kiếm, Hà Nội", capacity: 30, equipment: "Màn hình, micro để bàn" },
    t,
  );
  const roomOnline = await db.Room.create(
    {
      name: "Phòng họp trực tuyến",
      location: "Điểm cầu chính tại Trụ sở UBND Thành phố; kết nối 30 quận, huyện, thị xã",
      capacity: 40,
      equipment: "Hệ thống hội nghị truyền hình, camera, kết nối các điểm cầu",
    },
    t,
  );
  const roomParty = await db.Room.create(
    { name: "Phòng họp Ban Cán sự Đảng – Tầng 4, 79 Đinh Tiên Hoàng", location: "79 Đinh Tiên Hoàng, Hoàn Kiếm, Hà Nội", capacity: 20, equipment: "Màn hình, micro để bàn" },
    t,
  );

  // ── Meetings ─────────────────────────────────────────────────────────────
  type AgendaSpec = [title: string, presenterUnit: string, presenterUser: string | null, minutes: number];
  type MeetingSpec = {
    body: typeof ubnd;
    title: string;
    kind: "regular" | "thematic" | "extraordinary" | "briefing";
    day: number;
    start: [number, number];
    end: [number, number];
    roomId: number | null;
    onlineUrl?: string;
    chair: string;
    status: "draft" | "convened" | "ended";
    confidentiality?: "normal" | "restricted";
    notes?: string;
    agenda: AgendaSpec[];
    rsvp: Partial<Record<string, RsvpStatus>>;
    reasons?: Partial<Record<string, string>>;
    delegate?: [from: string, to: string];
    guestUnits?: string[];
  };

  const createMeeting = async (m: MeetingSpec) => {
    const past = m.status === "ended";
    const startsAt = cal.at(m.day, ...m.start);
    const endsAt = cal.at(m.day, ...m.end);
    const meeting = await db.Meeting.create(
      {
        bodyId: m.body.id,
        title: m.title,
        kind: m.kind,
        startsAt,
        endsAt,
        roomId: m.roomId,
        onlineUrl: m.onlineUrl ?? null,
        chairId: user[m.chair],
        secretaryId: user["vanphong"],
        status: m.status,
        confidentiality: m.confidentiality ?? "normal",
        notes: m.notes ?? null,
        icalSequence: m.status === "draft" ? 0 : 1,
        createdById: user["vanphong"],
      },
      t,
    );
    await db.AgendaItem.bulkCreate(
      m.agenda.map(([title, presenterUnit, presenterUser, durationMinutes], i) => ({
        meetingId: meeting.id,
        position: i + 1,
        title,
        presenterUnitId: unit[presenterUnit],
        presenterUserId: presenterUser ? user[presenterUser] : null,
        durationMinutes,
        status: past ? ("done" as const) : ("pending" as const),
      })),
      t,
    );
    if (m.status === "draft") return meeting;

    // Body members are invited in their body role; the responses are a mix.
    const responded = new Date(startsAt.getTime() - 2 * DAY);
    const invitation: Record<string, number> = {};
    for (const [username, bodyRole] of BODY_MEMBERS[m.body.code as "UBND-TP" | "BCSD-UBND"]) {
      const role = username === m.chair ? "chair" : bodyRole === "secretary" ? "secretary" : "member";
      const rsvp: RsvpStatus = m.rsvp[username] ?? (past ? "attending" : "pending");
      const inv = await db.Invitation.create(
        {
          meetingId: meeting.id,
          userId: user[username],
          role,
          rsvp,
          reason: m.reasons?.[username] ?? null,
          delegateUserId: m.delegate?.[0] === username ? user[m.delegate[1]] : null,
          respondedAt: rsvp === "pending" ? null : responded,
          checkedInAt: past && rsvp === "attending" ? new Date(startsAt.getTime() - 10 * 60_000) : null,
          checkedInById: past && rsvp === "attending" ? user["vanphong"] : null,
        },
        t,
      );
      invitation[username] = inv.id;
    }
    if (m.delegate) {
      const [from, to] = m.delegate;
      await db.Invitation.create(
        {
          meetingId: meeting.id,
          userId: user[to],
          role: "guest",
          rsvp: "attending",
          delegatedFromId: invitation[from],
          respondedAt: responded,
          checkedInAt: past ? new Date(startsAt.getTime() - 5 * 60_000) : null,
          checkedInById: past ? user["vanphong"] : null,
        },
        t,
      );
    }
    for (const code of m.guestUnits ?? []) {
      await db.Invitation.create(
        {
          meetingId: meeting.id,
          unitId: unit[code],
          role: "guest",
          rsvp: past ? "attending" : "pending",
          respondedAt: past ? responded : null,
          checkedInAt: past ? startsAt : null,
          checkedInById: past ? user["vanphong"] : null,
        },
        t,
      );
    }
    return meeting;
  };

  const pastRegular = await createMeeting({
    body: ubnd,
    title: `Phiên họp UBND Thành phố thường kỳ tháng ${cal.month(-14)}`,
    kind: "regular",
    day: -14,
    start: [8, 0],
    end: [11, 30],
    roomId: room1.id,
    chair: "chutich",
    status: "ended",
    agenda: [
      ["Báo cáo tình hình kinh tế – xã hội tháng, nhiệm vụ trọng tâm tháng tới", "SKHDT", "gdkhdt", 40],
      ["Tình hình giải ngân vốn đầu tư công; giải pháp đẩy nhanh tiến độ các dự án chậm", "STC", "gdtc", 45],
      ["Kết quả thực hiện Chỉ thị số 24-CT/TU của Ban Thường vụ Thành ủy", "SNV", "thanhvien", 30],
      ["Đề án thành lập Trung tâm Phục vụ hành chính công cấp phường", "Q-HOANKIEM", null, 30],
    ],
    rsvp: { gdtc: "absent", gdkhdt: "delegated" },
    reasons: { gdtc: "Đi công tác tại Bộ Tài chính theo Giấy mời của Bộ.", gdkhdt: "Dự hội nghị xúc tiến đầu tư; cử Phó Giám đốc dự thay." },
    delegate: ["gdkhdt", "pgdkhdt"],
    guestUnits: ["Q-HOANKIEM", "Q-BADINH"],
  });

  await createMeeting({
    body: ubnd,
    title: "Giao ban Chủ tịch UBND Thành phố với các sở, ngành về cải cách hành chính",
    kind: "briefing",
    day: -7,
    start: [14, 0],
    end: [16, 0],
    roomId: roomOnline.id,
    onlineUrl: "https://hop.hanoi.example/giao-ban-cchc",
    chair: "chutich",
    status: "ended",
    agenda: [
      ["Tiến độ cắt giảm, đơn giản hóa thủ tục hành chính", "VP-UBND", "vanphong", 30],
      ["Vận hành 4 hệ thống thông tin dùng chung của Thành phố", "STTTT", "gdtttt", 30],
      ["Kiến nghị, đề xuất của các quận", "Q-BADINH", null, 30],
    ],
    rsvp: { phochutich2: "absent" },
    reasons: { phochutich2: "Tiếp đoàn công tác của Bộ Nội vụ." },
  });

  const pastParty = await createMeeting({
    body: bcsd,
    title: `Hội nghị Ban Cán sự Đảng UBND Thành phố tháng ${cal.month(-21)}`,
    kind: "regular",
    day: -21,
    start: [14, 0],
    end: [17, 0],
    roomId: roomParty.id,
    chair: "chutich",
    status: "ended",
    confidentiality: "restricted",
    agenda: [
      ["Cho ý kiến về phương án sắp xếp tổ chức bộ máy các cơ quan chuyên môn thuộc UBND Thành phố", "SNV", "thanhvien", 60],
      ["Kiểm điểm việc thực hiện Chỉ thị số 24-CT/TU trong các cơ quan hành chính", "VP-UBND", "phochutich", 45],
      ["Công tác cán bộ", "SNV", "thanhvien", 45],
    ],
    rsvp: {},
  });

  await createMeeting({
    body: ubnd,
    title: "Phiên họp UBND Thành phố chuyên đề về cải cách hành chính và chuyển đổi số",
    kind: "thematic",
    day: 2,
    start: [8, 0],
    end: [11, 30],
    roomId: room1.id,
    onlineUrl: "https://hop.hanoi.example/chuyen-de-cchc",
    chair: "chutich",
    status: "convened",
    notes: "Các đơn vị gửi báo cáo về Văn phòng UBND Thành phố trước 16 giờ ngày làm việc liền trước phiên họp.",
    agenda: [
      ["Báo cáo kết quả cải cách hành chính, nâng cao các chỉ số PAR Index, SIPAS, PAPI, PCI", "SNV", "thanhvien", 40],
      ["Tình hình vận hành Ứng dụng quản lý cuộc họp và Hệ thống thông tin báo cáo Thành phố", "STTTT", "gdtttt", 30],
      ["Thực hiện Đề án 06 về phát triển ứng dụng dữ liệu dân cư, định danh và xác thực điện tử", "STTTT", "chuyenvien", 30],
      ["Mô hình Trung tâm Phục vụ hành chính công cấp phường", "Q-HOANKIEM", null, 25],
      ["Ý kiến của các quận về ủy quyền giải quyết thủ tục hành chính", "Q-DONGDA", null, 25],
    ],
    rsvp: { chutich: "attending", phochutich: "attending", thanhvien: "attending", gdtttt: "attending", vanphong: "attending", gdtc: "delegated" },
    reasons: { gdtc: "Trùng lịch làm việc với Kiểm toán Nhà nước; cử Phó Giám đốc dự thay." },
    guestUnits: ["Q-HOANKIEM", "Q-DONGDA", "Q-BADINH"],
  });

  await createMeeting({
    body: ubnd,
    title: "Giao ban tiến độ thực hiện Chỉ thị số 24-CT/TU",
    kind: "briefing",
    day: 5,
    start: [14, 0],
    end: [16, 30],
    roomId: roomOnline.id,
    onlineUrl: "https://hop.hanoi.example/giao-ban-ct24",
    chair: "phochutich",
    status: "convened",
    agenda: [
      ["Tổng hợp tình hình thực hiện nhiệm vụ: đúng hạn, quá hạn, sắp đến hạn", "VP-UBND", "vanphong", 30],
      ["Nhiệm vụ quá hạn của Sở Tư pháp và đề xuất gia hạn", "STP", "tuphap", 20],
      ["Kết quả niêm yết, công khai thủ tục hành chính tại quận Ba Đình", "Q-BADINH", "badinh", 20],
    ],
    rsvp: { phochutich: "attending", vanphong: "attending", phochutich2: "absent" },
    reasons: { phochutich2: "Dự hội nghị của Bộ Kế hoạch và Đầu tư." },
  });

  await createMeeting({
    body: bcsd,
    title: "Hội nghị Ban Cán sự Đảng UBND Thành phố cho ý kiến về kế hoạch kiểm tra, giám sát",
    kind: "thematic",
    day: 8,
    start: [8, 0],
    end: [11, 0],
    roomId: roomParty.id,
    chair: "chutich",
    status: "convened",
    confidentiality: "restricted",
    agenda: [
      ["Dự thảo Kế hoạch kiểm tra, giám sát của Ban Cán sự Đảng", "SNV", "thanhvien", 45],
      ["Kết quả thực hiện các kết luận của Ban Cán sự Đảng", "VP-UBND", "phochutich", 30],
      ["Công tác cán bộ", "SNV", "thanhvien", 45],
    ],
    rsvp: { chutich: "attending", vanphong: "attending" },
  });

  await createMeeting({
    body: ubnd,
    title: `Phiên họp UBND Thành phố thường kỳ tháng ${cal.month(16)}`,
    kind: "regular",
    day: 16,
    start: [8, 0],
    end: [11, 30],
    roomId: room1.id,
    chair: "chutich",
    status: "draft",
    agenda: [
      ["Báo cáo tình hình kinh tế – xã hội tháng", "SKHDT", "gdkhdt", 40],
      ["Dự toán thu, chi ngân sách và phương án phân bổ", "STC", "gdtc", 40],
      ["Các nội dung khác", "VP-UBND", null, 30],
    ],
    rsvp: {},
  });

  // Minutes of the past regular meeting: approved, kept as a JSON/HTML snapshot
  // (no Yjs state: it was never edited live in this installation; opening it
  // builds the live document from the JSON).
  const para = (text: string, bold = false) => ({ type: "paragraph", content: [{ type: "text", text, ...(bold ? { marks: [{ type: "bold" }] } : {}) }] });
  const head = (level: number, text: string, attrs: Record<string, unknown> = {}) => ({ type: "heading", attrs: { level, ...attrs }, content: [{ type: "text", text }] });
  const minutesJson = {
    type: "doc",
    content: [
      head(1, "BIÊN BẢN", { textAlign: "center" }),
      { ...para(pastRegular.title, true), attrs: { textAlign: "center" } },
      head(2, "I. THÀNH PHẦN"),
      para("Chủ trì: đồng chí Nguyễn Văn Minh, Chủ tịch UBND Thành phố. Dự họp: các đồng chí Phó Chủ tịch UBND Thành phố, thành viên UBND Thành phố; đại diện UBND quận Hoàn Kiếm, quận Ba Đình. Vắng: đồng chí Giám đốc Sở Tài chính (đi công tác, có lý do)."),
      head(2, "II. NỘI DUNG CUỘC HỌP", { section: "content" }),
      para("Phiên họp đã nghe báo cáo tình hình kinh tế – xã hội, tình hình giải ngân vốn đầu tư công, kết quả thực hiện Chỉ thị số 24-CT/TU và Đề án thành lập Trung tâm Phục vụ hành chính công cấp phường."),
      head(2, "III. Kết luận của chủ trì", { section: "conclusions" }),
      {
        type: "orderedList",
        attrs: { start: 1 },
        content: [
          "Sở Tài chính chủ trì, phối hợp Sở Kế hoạch và Đầu tư tham mưu phương án điều chuyển vốn của các dự án giải ngân chậm.",
          "UBND quận Hoàn Kiếm hoàn thiện Đề án thành lập Trung tâm Phục vụ hành chính công cấp phường, báo cáo UBND Thành phố.",
          "Sở Kế hoạch và Đầu tư báo cáo tình hình thu hút đầu tư.",
        ].map((text) => ({ type: "listItem", content: [para(text)] })),
      },
    ],
  };
  const minutesSnapshot = renderMinutesJSON(minutesJson);
  await db.Minutes.create(
    {
      meetingId: pastRegular.id,
      json: minutesJson,
      html: minutesSnapshot.html,
      text: minutesSnapshot.text,
      status: "approved",
      templateApplied: true,
      finalizedById: user["vanphong"],
      finalizedAt: new Date(pastRegular.endsAt.getTime() + DAY),
      approvedById: user["chutich"],
      approvedAt: new Date(pastRegular.endsAt.getTime() + 2 * DAY),
    },
    t,
  );

  // ── Directives and tasks ─────────────────────────────────────────────────
  const ct24 = await db.Directive.create(
    {
      kind: "CT",
      numberFormat: "party",
      number: "24",
      symbol: "CT/TU",
      year: 2023,
      issuer: "Ban Thường vụ Thành ủy",
      signer: "T/M Ban Thường vụ Thành ủy, Phó Bí thư Thường trực Thành ủy",
      issuedOn: "2023-08-07",
      summary: DIRECTIVE_24_SUMMARY,
      body: DIRECTIVE_24_BODY,
      createdById: user["vanphong"],
    },
    t,
  );

  const ymdBefore = (date: string, days: number) => cal.ymdOf(Date.parse(date + "T00:00:00Z") - days * DAY);
  const instant = (date: string, hour = 10) => new Date(Date.parse(date + "T00:00:00Z") + (hour - HANOI_UTC_OFFSET_HOURS) * 3600_000);

  type ReportSpec = [kind: TaskReportKind, author: string, date: string, progress: number | null, note: string];
  const addReports = async (taskId: number, reports: ReportSpec[], occurrenceId: number | null = null) => {
    for (const [kind, author, date, progress, note] of reports) {
      await db.TaskReport.create(
        { taskId, occurrenceId, authorId: user[author], kind, progress, note, createdAt: instant(date), updatedAt: instant(date) },
        t,
      );
    }
  };
  const coordinate = (taskId: number, codes: string[]) =>
    db.TaskCoordinator.bulkCreate(codes.map((c) => ({ taskId, unitId: unit[c] })), t);

  // Completed on time.
  const t1 = await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Tham mưu UBND Thành phố ban hành Kế hoạch triển khai thực hiện Chỉ thị số 24-CT/TU, phân công cụ thể nhiệm vụ cho các sở, ngành, quận, huyện.",
      leadUnitId: unit["VP-UBND"],
      ownerId: user["vanphong"],
      assignedById: user["chutich"],
      deadline: "2023-08-31",
      originalDeadline: "2023-08-31",
      progress: 100,
      state: "completed",
      completedOn: "2023-08-28",
      result: "UBND Thành phố đã ban hành Kế hoạch triển khai; các đơn vị đã được phân công nhiệm vụ cụ thể.",
      lastReportAt: instant("2023-08-29"),
    },
    t,
  );
  await addReports(t1.id, [
    ["progress", "vanphong", "2023-08-18", 50, "Đã hoàn thành dự thảo Kế hoạch, đang lấy ý kiến các sở, ngành."],
    ["completion", "vanphong", "2023-08-28", 100, "Kế hoạch đã được Chủ tịch UBND Thành phố ký ban hành."],
    ["accepted", "phochutich", "2023-08-29", 100, "Đồng ý kết quả thực hiện."],
  ]);

  // Completed late, with coordinating units.
  const t2 = await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Sửa đổi, bổ sung quy định đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức hằng tháng gắn với kết quả thực hiện nhiệm vụ được giao.",
      leadUnitId: unit["SNV"],
      ownerId: user["thanhvien"],
      assignedById: user["chutich"],
      deadline: "2023-12-31",
      originalDeadline: "2023-12-31",
      progress: 100,
      state: "completed",
      completedOn: "2024-01-22",
      result: "UBND Thành phố đã ban hành Quy định đánh giá, xếp loại hằng tháng; áp dụng từ tháng 02/2024.",
      lastReportAt: instant("2024-01-23"),
    },
    t,
  );
  await coordinate(t2.id, ["STP", "VP-UBND"]);
  await addReports(t2.id, [
    ["progress", "thanhvien", "2023-11-15", 60, "Đã xin ý kiến các sở, ngành; Sở Tư pháp đang thẩm định."],
    ["progress", "thanhvien", "2023-12-28", 85, "Chậm do phải tiếp thu ý kiến thẩm định; dự kiến trình trong tháng 01/2024."],
    ["completion", "thanhvien", "2024-01-22", 100, "Quy định đã được ban hành."],
    ["accepted", "vanphong", "2024-01-23", 100, "Hoàn thành, chậm 22 ngày so với thời hạn."],
  ]);

  // Open within deadline, starred, coordinated, with a sub-task.
  const t3 = await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Hoàn thiện, vận hành Ứng dụng quản lý cuộc họp và Hệ thống thông tin báo cáo Thành phố để theo dõi, đôn đốc việc thực hiện nhiệm vụ bảo đảm rõ người, rõ việc, rõ trách nhiệm, rõ tiến độ, rõ hiệu quả.",
      leadUnitId: unit["STTTT"],
      ownerId: user["chuyenvien"],
      assignedById: user["chutich"],
      deadline: cal.ymd(25),
      originalDeadline: cal.ymd(25),
      starred: true,
      progress: 60,
      state: "in_progress",
      lastReportAt: instant(cal.ymd(-6)),
    },
    t,
  );
  await coordinate(t3.id, ["VP-UBND", "SKHDT"]);
  await addReports(t3.id, [
    ["progress", "chuyenvien", cal.ymd(-30), 30, "Đã triển khai phân hệ lịch họp và giao nhiệm vụ cho các sở."],
    ["progress", "chuyenvien", cal.ymd(-6), 60, "Đã kết nối 30 quận, huyện; đang hoàn thiện báo cáo tổng hợp theo đơn vị."],
  ]);
  await db.Task.create(
    {
      directiveId: ct24.id,
      parentId: t3.id,
      content: "Kết nối, chia sẻ dữ liệu tình hình thực hiện nhiệm vụ với Hệ thống thông tin báo cáo Chính phủ.",
      leadUnitId: unit["STTTT"],
      ownerId: user["chuyenvien"],
      assignedById: user["gdtttt"],
      deadline: cal.ymd(15),
      originalDeadline: cal.ymd(15),
      state: "assigned",
    },
    t,
  );

  // Open and overdue, after one approved extension; a second request is pending.
  const stpDeadline = cal.ymd(-12);
  const t4 = await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Rà soát các quy định, quy trình nội bộ giải quyết thủ tục hành chính còn chồng chéo, kéo dài thời gian; đề xuất cắt giảm, đơn giản hóa.",
      leadUnitId: unit["STP"],
      ownerId: user["tuphap"],
      assignedById: user["chutich"],
      deadline: stpDeadline,
      originalDeadline: cal.ymd(-42),
      progress: 45,
      state: "in_progress",
      lastReportAt: instant(cal.ymd(-15)),
    },
    t,
  );
  await addReports(t4.id, [["progress", "tuphap", cal.ymd(-15), 45, "Đã rà soát 820/1.418 thủ tục cấp sở; đang tổng hợp đề xuất."]]);
  await db.ExtensionRequest.bulkCreate(
    [
      {
        taskId: t4.id,
        requestedById: user["tuphap"],
        previousDeadline: cal.ymd(-42),
        requestedDeadline: stpDeadline,
        reason: "Khối lượng thủ tục cần rà soát lớn, cần thêm thời gian lấy ý kiến các sở, ngành.",
        status: "approved",
        decidedById: user["vanphong"],
        decidedAt: instant(cal.ymd(-44)),
        decisionNote: "Đồng ý gia hạn 30 ngày.",
        createdAt: instant(cal.ymd(-46)),
        updatedAt: instant(cal.ymd(-44)),
      },
      {
        taskId: t4.id,
        requestedById: user["tuphap"],
        previousDeadline: stpDeadline,
        requestedDeadline: cal.ymd(20),
        reason: "Đang chờ ý kiến của 5 sở, ngành về phương án đơn giản hóa.",
        status: "pending",
        createdAt: instant(cal.ymd(-10)),
        updatedAt: instant(cal.ymd(-10)),
      },
    ],
    t,
  );

  // Due within three days, coordinated by wards.
  const t5 = await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Niêm yết công khai, đầy đủ thủ tục hành chính tại Bộ phận Một cửa của quận và các phường; xử lý nghiêm cán bộ có hành vi nhũng nhiễu, gây phiền hà.",
      leadUnitId: unit["Q-BADINH"],
      ownerId: user["badinh"],
      assignedById: user["chutich"],
      deadline: cal.ymd(2),
      originalDeadline: cal.ymd(2),
      progress: 80,
      state: "in_progress",
      lastReportAt: instant(cal.ymd(-3)),
    },
    t,
  );
  await coordinate(t5.id, ["P-DIENBIEN", "P-KIMMA"]);
  await addReports(t5.id, [["progress", "badinh", cal.ymd(-3), 80, "Đã niêm yết tại 12/14 phường; còn phường Điện Biên, Kim Mã đang cập nhật."]]);

  // No deadline.
  await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Tăng cường kiểm tra công vụ đột xuất việc chấp hành kỷ cương, kỷ luật hành chính tại các sở, ngành, quận, huyện.",
      leadUnitId: unit["SNV"],
      ownerId: user["thanhvien"],
      assignedById: user["chutich"],
      deadlineKind: "none",
      progress: 30,
      state: "in_progress",
    },
    t,
  );

  // Reported complete, waiting for the secretariat to accept.
  const t7 = await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Công khai quy trình thẩm định, phê duyệt quyết toán dự án hoàn thành; rút ngắn thời gian xử lý hồ sơ.",
      leadUnitId: unit["STC"],
      ownerId: user["gdtc"],
      assignedById: user["chutich"],
      deadline: cal.ymd(10),
      originalDeadline: cal.ymd(10),
      progress: 100,
      state: "reported",
      lastReportAt: instant(cal.ymd(-1)),
    },
    t,
  );
  await addReports(t7.id, [
    ["progress", "gdtc", cal.ymd(-20), 50, "Đã xây dựng quy trình, đang lấy ý kiến."],
    ["completion", "gdtc", cal.ymd(-1), 100, "Quy trình đã công khai trên Cổng thông tin điện tử của Sở; thời gian xử lý giảm 30%."],
  ]);

  // Recurring quarterly report.
  const periods = quarterPeriods(cal.today);
  const t8 = await db.Task.create(
    {
      directiveId: ct24.id,
      content: "Tổng hợp, báo cáo Ban Thường vụ Thành ủy kết quả thực hiện Chỉ thị số 24-CT/TU định kỳ hằng quý.",
      leadUnitId: unit["VP-UBND"],
      ownerId: user["vanphong"],
      assignedById: user["chutich"],
      deadlineKind: "recurring",
      recurrence: "quarterly",
      deadline: cal.ymdOf(periods.current.deadline),
      originalDeadline: cal.ymdOf(periods.current.deadline),
      progress: 0,
      state: "in_progress",
      lastReportAt: instant(cal.ymdOf(periods.previous.deadline - 2 * DAY)),
    },
    t,
  );
  const prevOccurrence = await db.TaskOccurrence.create(
    {
      taskId: t8.id,
      periodLabel: periods.previous.label,
      deadline: cal.ymdOf(periods.previous.deadline),
      completedOn: cal.ymdOf(periods.previous.deadline - 2 * DAY),
      state: "completed",
    },
    t,
  );
  await db.TaskOccurrence.create({ taskId: t8.id, periodLabel: periods.current.label, deadline: cal.ymdOf(periods.current.deadline), state: "open" }, t);
  await addReports(
    t8.id,
    [["completion", "vanphong", cal.ymdOf(periods.previous.deadline - 2 * DAY), 100, `Đã gửi báo cáo ${periods.previous.label} tới Văn phòng Thành ủy.`]],
    prevOccurrence.id,
  );

  // A State-format conclusion notice from the past regular meeting.
  const meetingDay = cal.ymdOf(pastRegular.startsAt.getTime() + HANOI_UTC_OFFSET_HOURS * 3600_000);
  const tbDay = cal.ymdOf(Date.parse(meetingDay + "T00:00:00Z") + 3 * DAY);
  const tb = await db.Directive.create(
    {
      kind: "TB",
      numberFormat: "state",
      number: "512",
      symbol: "TB-VP",
      year: Number(tbDay.slice(0, 4)),
      issuer: "Văn phòng UBND Thành phố",
      signer: "Phó Chánh Văn phòng UBND Thành phố",
      issuedOn: tbDay,
      summary: `Kết luận của đồng chí Chủ tịch UBND Thành phố tại ${pastRegular.title}`,
      body: "<p>Ngày " + meetingDay.split("-").reverse().join("/") + ", đồng chí Chủ tịch UBND Thành phố chủ trì phiên họp. Sau khi nghe báo cáo và ý kiến các đại biểu, đồng chí Chủ tịch kết luận như sau:</p>",
      sourceMeetingId: pastRegular.id,
      createdById: user["vanphong"],
    },
    t,
  );
  const tbTask = await db.Task.create(
    {
      directiveId: tb.id,
      meetingId: pastRegular.id,
      minutesAnchor: "III. Kết luận – mục 1",
      content: "Chủ trì, phối hợp Sở Kế hoạch và Đầu tư tham mưu phương án điều chuyển vốn đầu tư công của các dự án giải ngân chậm.",
      leadUnitId: unit["STC"],
      ownerId: user["gdtc"],
      assignedById: user["chutich"],
      deadline: cal.ymd(6),
      originalDeadline: cal.ymd(6),
      progress: 20,
      state: "in_progress",
      lastReportAt: instant(cal.ymd(-4)),
    },
    t,
  );
  await coordinate(tbTask.id, ["SKHDT"]);
  await addReports(tbTask.id, [["progress", "gdtc", cal.ymd(-4), 20, "Đã đề nghị các chủ đầu tư báo cáo khả năng giải ngân."]]);
  await db.Task.create(
    {
      directiveId: tb.id,
      meetingId: pastRegular.id,
      minutesAnchor: "III. Kết luận – mục 2",
      content: "Hoàn thiện Đề án thành lập Trung tâm Phục vụ hành chính công cấp phường, báo cáo UBND Thành phố.",
      leadUnitId: unit["Q-HOANKIEM"],
      assignedById: user["chutich"],
      deadline: cal.ymd(30),
      originalDeadline: cal.ymd(30),
      state: "assigned",
    },
    t,
  );
  const khdtDeadline = cal.ymd(-3);
  const tbDone = await db.Task.create(
    {
      directiveId: tb.id,
      meetingId: pastRegular.id,
      minutesAnchor: "III. Kết luận – mục 3",
      content: "Báo cáo UBND Thành phố tình hình thu hút đầu tư và giải pháp cải thiện chỉ số PCI.",
      leadUnitId: unit["SKHDT"],
      ownerId: user["pgdkhdt"],
      assignedById: user["chutich"],
      deadline: khdtDeadline,
      originalDeadline: khdtDeadline,
      progress: 100,
      state: "completed",
      completedOn: ymdBefore(khdtDeadline, 2),
      result: "Đã gửi Báo cáo về tình hình thu hút đầu tư và giải pháp cải thiện chỉ số PCI.",
      lastReportAt: instant(ymdBefore(khdtDeadline, 1)),
    },
    t,
  );
  await addReports(tbDone.id, [
    ["completion", "pgdkhdt", ymdBefore(khdtDeadline, 2), 100, "Đã gửi báo cáo."],
    ["accepted", "vanphong", ymdBefore(khdtDeadline, 1), 100, "Đồng ý."],
  ]);

  // A Party-format conclusion from the restricted party meeting.
  const klDay = cal.ymdOf(pastParty.startsAt.getTime() + HANOI_UTC_OFFSET_HOURS * 3600_000 + 2 * DAY);
  const kl = await db.Directive.create(
    {
      kind: "KL",
      numberFormat: "party",
      number: "86",
      symbol: "KL/BCSĐ",
      year: Number(klDay.slice(0, 4)),
      issuer: "Ban Cán sự Đảng UBND Thành phố",
      signer: "T/M Ban Cán sự Đảng, Bí thư",
      issuedOn: klDay,
      summary: "Kết luận của Ban Cán sự Đảng UBND Thành phố về phương án sắp xếp tổ chức bộ máy các cơ quan chuyên môn",
      confidentiality: "restricted",
      sourceMeetingId: pastParty.id,
      createdById: user["vanphong"],
    },
    t,
  );
  await db.Task.create(
    {
      directiveId: kl.id,
      meetingId: pastParty.id,
      content: "Hoàn thiện phương án sắp xếp tổ chức bộ máy các cơ quan chuyên môn thuộc UBND Thành phố, trình Ban Cán sự Đảng.",
      leadUnitId: unit["SNV"],
      ownerId: user["thanhvien"],
      assignedById: user["phochutich"],
      deadline: cal.ymd(45),
      originalDeadline: cal.ymd(45),
      progress: 10,
      state: "in_progress",
    },
    t,
  );

  // The tasks above were given when their directive or meeting was issued / held.
  for (const task of await db.Task.findAll({ include: [{ model: db.Directive, as: "directive", attributes: ["issuedOn"] }, { model: db.Meeting, as: "meeting", attributes: ["startsAt"] }], ...t })) {
    const given = task.meeting ? cal.ymdOf(task.meeting.startsAt.getTime() + HANOI_UTC_OFFSET_HOURS * 3600_000) : task.directive?.issuedOn;
    if (given && given < (task.assignedOn ?? "9999")) await task.update({ assignedOn: given }, t);
  }
  await seedYearPlan(db, t, { unit, user, cal, instant });
}

/**
 * A year of a city's administrative-reform plan: 48 tasks given month by
 * month over the last 12 months to the departments and districts, in every
 * situation a report counts, so the dashboard and its trend have something to show.
 */
async function seedYearPlan(
  db: Db,
  t: { transaction: Transaction },
  { unit, user, cal, instant }: { unit: Record<string, number>; user: Record<string, number>; cal: ReturnType<typeof hanoiCalendar>; instant: (date: string, hour?: number) => Date },
) {
  const issuedOn = cal.ymd(-365);
  const plan = await db.Directive.create(
    {
      kind: "KH",
      numberFormat: "state",
      number: "180",
      symbol: "KH-UBND",
      year: Number(issuedOn.slice(0, 4)),
      issuer: "UBND thành phố Hà Nội",
      signer: "KT. Chủ tịch, Phó Chủ tịch",
      issuedOn,
      summary: "Kế hoạch cải cách hành chính và chuyển đổi số năm của UBND Thành phố",
      createdById: user["vanphong"],
    },
    t,
  );
  const leads = ["STTTT", "SNV", "STP", "SKHDT", "STC", "Q-BADINH", "Q-HOANKIEM", "Q-DONGDA", "Q-HAIBATRUNG", "P-KIMMA"].filter((c) => unit[c]);
  const works = [
    "Rà soát, cắt giảm thủ tục hành chính thuộc thẩm quyền giải quyết",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
    "Nâng tỷ lệ hồ sơ trực tuyến toàn trình",
    "Kiểm tra công vụ, kỷ luật, kỷ cương hành chính",
    "Cập nhật cơ sở dữ liệu cán bộ, công chức, viên chức",
    "Báo cáo kết quả thực hiện Chỉ thị 24-CT/TU về kỷ luật, kỷ cương",
  ];
  for (let i = 0; i < 48; i++) {
    const assignedOn = cal.ymd(-360 + i * 7 + (i % 3));
    const deadline = cal.ymd(-360 + i * 7 + 30 + (i % 5) * 6);
    const pastDeadline = deadline < cal.ymd(0);
    // Deterministic spread: most done (on time or late), some still open, some overdue, a few without deadline.
    const kind = i % 12 === 5 ? "none" : pastDeadline ? (["on_time", "on_time", "on_time", "late", "overdue", "on_time", "late"] as const)[i % 7] : (["open", "done_early", "open"] as const)[i % 3];
    const completedOn = kind === "on_time" ? cal.ymdOf(Date.parse(deadline + "T00:00:00Z") - (i % 4) * DAY) : kind === "late" ? cal.ymdOf(Math.min(Date.parse(deadline + "T00:00:00Z") + (3 + (i % 9)) * DAY, Date.parse(cal.ymd(0) + "T00:00:00Z"))) : kind === "done_early" ? cal.ymdOf(Date.parse(assignedOn + "T00:00:00Z") + 10 * DAY) : null;
    const lead = unit[leads[i % leads.length]];
    const lastReport = completedOn ?? (kind === "none" || i % 4 !== 0 ? cal.ymd(-(i % 40)) : null);
    const task = await db.Task.create(
      {
        directiveId: plan.id,
        content: `${works[i % works.length]} (đợt ${Math.floor(i / works.length) + 1})`,
        leadUnitId: lead,
        assignedById: user["phochutich"] ?? user["chutich"],
        assignedOn,
        deadlineKind: kind === "none" ? "none" : "date",
        deadline: kind === "none" ? null : deadline,
        originalDeadline: kind === "none" ? null : i % 10 === 3 ? cal.ymdOf(Date.parse(deadline + "T00:00:00Z") - 14 * DAY) : deadline,
        progress: completedOn ? 100 : 20 + (i % 6) * 10,
        state: completedOn ? "completed" : "in_progress",
        completedOn,
        result: completedOn ? "Đã hoàn thành, có báo cáo kết quả gửi Văn phòng UBND Thành phố." : null,
        lastReportAt: lastReport ? instant(lastReport) : null,
        createdAt: instant(assignedOn, 9),
        updatedAt: instant(lastReport ?? assignedOn, 9),
      },
      t,
    );
    if (lastReport) {
      await db.TaskReport.create(
        { taskId: task.id, authorId: user["chuyenvien"], kind: completedOn ? "completion" : "progress", progress: task.progress, note: completedOn ? "Báo cáo hoàn thành." : "Báo cáo tiến độ định kỳ.", createdAt: instant(lastReport), updatedAt: instant(lastReport) },
        t,
      );
    }
  }
}
