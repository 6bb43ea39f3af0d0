// Who may see reports (reports:view: the secretariat and leaders), confidential
// directives as a report scope, and scopes that do not exist.
import type { CurrentUser, Role } from "../../app/lib/current-user";
import { ForbiddenError, NotFoundError } from "../../app/lib/errors";
import { reportQuerySchema } from "../../app/schemas/report";
import { taskReportFor } from "../../app/services/reports.server";
import type { Db } from "../../models";
import { createBody, createDirective, createTask, createUnit } from "../factories";
import { closeDb, resetDatabase } from "../helpers/db";
import { rejection } from "../meetings/helpers";
import { actor } from "./report-fixtures";

const TODAY = "2026-06-15";
let db: Db;
let unitId: number;
let bodyId: number;
let secret: number;
let restricted: number;
let normal: number;
const actors = {} as Record<string, CurrentUser>;

const parse = (input: Record<string, string>) => reportQuerySchema.parse({ year: "2026", ...input });

beforeAll(async () => {
  process.env.REPORT_CACHE_MS = "60000"; // cache on: refusals must not depend on what is cached
  db = await resetDatabase();
  unitId = (await createUnit(db, { name: "Sở Kế hoạch và Đầu tư" })).id;
  bodyId = (await createBody(db, { name: "Ban Cán sự Đảng UBND" })).id;
  secret = (await createDirective(db, { number: "05", symbol: "KL/BCS", summary: "Kết luận về nhân sự", confidentiality: "secret" })).id;
  restricted = (await createDirective(db, { number: "07", symbol: "TB/BCS", kind: "TB", summary: "Thông báo ý kiến chỉ đạo", confidentiality: "restricted" })).id;
  normal = (await createDirective(db, { number: "12", symbol: "CT/TU", summary: "Chỉ thị về chuyển đổi số" })).id;
  for (const directiveId of [secret, restricted, normal]) {
    await createTask(db, { leadUnitId: unitId, bodyId, directiveId, assignedOn: "2026-03-01", deadline: "2026-05-01", state: "in_progress" });
  }
  const roles: Record<string, Role[]> = {
    secretariat: ["secretariat"],
    leader: ["leader"],
    staffLeader: ["staff", "leader"],
    staff: ["staff"],
    member: ["member"],
    admin: ["admin"],
    viewer: ["viewer"],
    none: [],
  };
  for (const [k, r] of Object.entries(roles)) {
    // A stored user needs a role; "none" is a signed-in user whose roles were all taken away.
    actors[k] = { ...(await actor(db, r.length ? r : ["viewer"], unitId)), roles: r };
  }
});
afterAll(async () => {
  delete process.env.REPORT_CACHE_MS;
  await closeDb();
});

const SCOPES = (): Record<string, string>[] => [
  { year: "2026" },
  { scope: "body", bodyId: String(bodyId) },
  { scope: "directive", directiveId: String(normal) },
  { scope: "unit", unitId: String(unitId), subunits: "1" },
];

describe("reports:view", () => {
  test.each(["secretariat", "leader", "staffLeader"])("%s sees every scope", async (who) => {
    for (const input of SCOPES()) {
      const r = await taskReportFor(actors[who], parse(input), TODAY);
      expect(r.totals.total).toBeGreaterThan(0);
    }
  });

  test.each(["staff", "member", "admin", "viewer", "none"])("%s is refused (ForbiddenError), also for a report already cached", async (who) => {
    for (const input of SCOPES()) {
      await taskReportFor(actors.secretariat, parse(input), TODAY); // now cached
      const e = await rejection(taskReportFor(actors[who], parse(input), TODAY));
      expect(e).toBeInstanceOf(ForbiddenError);
      expect(e.status).toBe(403);
      expect(e.message).toBe("Bạn không có quyền thực hiện thao tác này.");
    }
  });
});

describe("confidential directives as the scope", () => {
  test.each([
    ["leader", "secret", "05-KL/BCS – Kết luận về nhân sự"],
    ["leader", "restricted", "07-TB/BCS – Thông báo ý kiến chỉ đạo"],
    ["secretariat", "secret", "05-KL/BCS – Kết luận về nhân sự"],
  ])("%s: a %s directive's report", async (who, level, label) => {
    const directiveId = level === "secret" ? secret : restricted;
    const r = await taskReportFor(actors[who], parse({ scope: "directive", directiveId: String(directiveId) }), TODAY);
    expect(r.scope).toBe(`Văn bản: ${label}`);
    expect(r.totals).toMatchObject({ total: 1, open_overdue: 1 });
    expect(r.overdue.rows).toHaveLength(1);
    expect(r.overdue.rows[0].directive?.id).toBe(directiveId);
  });
});

describe("a scope that does not exist: NotFoundError (every time, nothing cached)", () => {
  test.each([
    [{ scope: "directive", directiveId: "999999" }, "Không tìm thấy văn bản."],
    [{ scope: "body", bodyId: "999999" }, "Không tìm thấy cơ quan."],
    [{ scope: "unit", unitId: "999999" }, "Không tìm thấy đơn vị."],
    [{ scope: "unit", unitId: "999999", subunits: "1" }, "Không tìm thấy đơn vị."],
  ])("%o", async (input, message) => {
    for (let i = 0; i < 2; i++) {
      const e = await rejection(taskReportFor(actors.leader, parse(input), TODAY));
      expect(e).toBeInstanceOf(NotFoundError);
      expect(e.status).toBe(404);
      expect(e.message).toBe(message);
    }
  });
});
