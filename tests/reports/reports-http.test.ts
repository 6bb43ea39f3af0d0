// The dashboard, its drill-downs and its exports over real HTTP (Express + the
// Remix build) on the demo data: every number on /reports equals the length of
// the task list it links to, the Excel and CSV files parse back with the same
// numbers and rows, bad queries get a Vietnamese 400 (never a 500), and only
// the secretariat and leaders may see any of it.
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { closeDb, getDb } from "../../models";
import { reportSearchParams, type ReportQuery } from "../../app/schemas/report";
import { taskListHref } from "../../app/schemas/task-list";
import { get, signInAs, startTestServer, type TestServer } from "../helpers/server";

let server: TestServer;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  process.env.REPORT_CACHE_MS = "0";
  server = await startTestServer();
  for (const u of ["vanphong", "chutich", "chuyenvien", "thanhvien", "admin"]) cookies[u] = await signInAs(server.baseUrl, u);
});
afterAll(async () => {
  await server?.stop();
  await closeDb();
});

const data = (path: string, route: string) => `${path}${path.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route)}`;

type Counts = Record<"total" | "done_on_time" | "done_late" | "done_no_deadline" | "open_on_time" | "open_overdue" | "no_deadline" | "dueSoon", number>;
type ReportJson = { report: { totals: Counts & { onTimeRate: number | null }; units: Array<Counts & { unitId: number; name: string; includesSubunits: boolean }>; overdue: { total: number; rows: Array<{ id: number; daysOverdue: number }> } } };
type ListJson = { list: { total: number; rows: Array<{ id: number }>; pageCount: number } };

async function report(q: Partial<ReportQuery>, user = "vanphong") {
  const res = await get(server.baseUrl, data(`/reports?${reportSearchParams(q)}`, "routes/reports._index"), cookies[user]);
  expect(res.status).toBe(200);
  return ((await res.json()) as ReportJson).report;
}

async function listTotal(href: string, user = "vanphong") {
  const res = await get(server.baseUrl, data(href, "routes/tasks._index"), cookies[user]);
  expect(res.status).toBe(200);
  return ((await res.json()) as ListJson).list;
}

const QUERIES: Partial<ReportQuery>[] = [{ period: "year" }, { period: "custom", from: "2023-01-01", to: "2026-12-31" }, { period: "quarter", year: 2026, quarter: 3 }];

describe("numbers drill down to exactly their tasks", () => {
  test.each(QUERIES)("report %j: every status card equals its list", async (q) => {
    const r = await report(q);
    expect(r.totals.total).toBeGreaterThan(0);
    const codes = ["done_on_time", "done_late", "done_no_deadline", "open_on_time", "open_overdue", "no_deadline"] as const;
    expect(codes.reduce((n, c) => n + r.totals[c], 0)).toBe(r.totals.total);
    expect((await listTotal(taskListHref({ scope: "all", report: q }))).total).toBe(r.totals.total);
    for (const code of codes) expect({ code, n: (await listTotal(taskListHref({ scope: "all", status: code, report: q }))).total }).toEqual({ code, n: r.totals[code] });
    expect((await listTotal(taskListHref({ scope: "all", status: "due_soon", report: q }))).total).toBe(r.totals.dueSoon);
    expect(r.overdue.total).toBe(r.totals.open_overdue);
  });

  test("every unit row's numbers equal the unit's drill-down lists; unit rows add up to the total", async () => {
    const q: Partial<ReportQuery> = { period: "custom", from: "2023-01-01", to: "2026-12-31" };
    const r = await report(q);
    expect(r.units.reduce((n, u) => n + u.total, 0)).toBe(r.totals.total);
    for (const u of r.units) {
      const uq = { ...q, scope: "unit" as const, unitId: u.unitId, subunits: u.includesSubunits };
      expect((await listTotal(taskListHref({ scope: "all", report: uq }))).total).toBe(u.total);
      expect((await listTotal(taskListHref({ scope: "all", status: "open_overdue", report: uq }))).total).toBe(u.open_overdue);
      // The unit's own report agrees with its row on the city report.
      expect((await report(uq)).totals.total).toBe(u.total);
    }
  });

  test("a district with its wards counts the wards' tasks, without them only its own", async () => {
    const db = getDb();
    const badinh = (await db.Unit.findOne({ where: { code: "Q-BADINH" } }))!;
    const wards = (await db.Unit.findAll({ where: { parentId: badinh.id } })).map((w) => w.id);
    const q: Partial<ReportQuery> = { period: "custom", from: "2020-01-01", to: "2026-12-31" };
    const own = await db.Task.count({ where: { leadUnitId: badinh.id, state: ["assigned", "in_progress", "reported", "completed"] } });
    const withWards = await db.Task.count({ where: { leadUnitId: [badinh.id, ...wards], state: ["assigned", "in_progress", "reported", "completed"] } });
    expect(withWards).toBeGreaterThan(own);
    expect((await report({ ...q, scope: "unit", unitId: badinh.id })).totals.total).toBe(own);
    expect((await report({ ...q, scope: "unit", unitId: badinh.id, subunits: true })).totals.total).toBe(withWards);
  });

  test("the overdue list is ordered by days overdue, most first", async () => {
    const r = await report({ period: "year" });
    const days = r.overdue.rows.map((x) => x.daysOverdue);
    expect(days.length).toBeGreaterThan(0);
    expect([...days].sort((a, b) => b - a)).toEqual(days);
  });
});

describe("exports parse back with the same numbers", () => {
  const q: Partial<ReportQuery> = { period: "custom", from: "2023-01-01", to: "2026-12-31" };

  test("the report's Excel: summary, units and one row per task", async () => {
    const r = await report(q);
    const res = await get(server.baseUrl, `/reports/export/xlsx?${reportSearchParams(q)}`, cookies.vanphong);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("spreadsheetml");
    expect(res.headers.get("content-disposition")).toMatch(/attachment; filename="bao-cao-nhiem-vu-\d{4}-\d{2}-\d{2}\.xlsx"/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as never);
    const summary = wb.getWorksheet("Tổng hợp")!;
    const byLabel = new Map<string, unknown>();
    summary.eachRow((row) => byLabel.set(String(row.getCell(2).value), row.getCell(3).value));
    expect(byLabel.get("Tổng số nhiệm vụ")).toBe(r.totals.total);
    expect(byLabel.get("Đã hoàn thành đúng hạn")).toBe(r.totals.done_on_time);
    expect(byLabel.get("Chưa hoàn thành – quá hạn")).toBe(r.totals.open_overdue);
    const units = wb.getWorksheet("Theo đơn vị")!;
    const unitTotals = new Map<string, number>();
    units.eachRow((row) => {
      if (typeof row.getCell(1).value === "number") unitTotals.set(String(row.getCell(2).value), Number(row.getCell(3).value));
    });
    expect(Object.fromEntries(unitTotals)).toEqual(Object.fromEntries(r.units.map((u) => [u.name, u.total])));
    const tasks = wb.getWorksheet("Nhiệm vụ")!;
    let taskRows = 0;
    tasks.eachRow((row) => {
      if (typeof row.getCell(1).value === "number") taskRows++;
    });
    expect(taskRows).toBe(r.totals.total);
  });

  test("a drill-down list's CSV has exactly the list's tasks, in order, with their status words", async () => {
    const href = taskListHref({ scope: "all", status: "open_overdue", report: q }, "/tasks/export/csv");
    const res = await get(server.baseUrl, href, cookies.chutich);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.subarray(3).toString("utf8")) as string[][];
    expect(records[0]).toEqual(["STT", "Nội dung nhiệm vụ", "Văn bản giao", "Đơn vị chủ trì", "Thời hạn", "Tình trạng", "Kết quả"]);
    const list = await listTotal(taskListHref({ scope: "all", status: "open_overdue", report: q }), "chutich");
    expect(records.length - 1).toBe(list.total);
    for (const rec of records.slice(1)) expect(rec[5]).toMatch(/^Chưa hoàn thành – quá hạn \d+ ngày/);
  });

  test("a staff member's own list exports only what they may see", async () => {
    const res = await get(server.baseUrl, "/tasks/export/csv?scope=unit", cookies.chuyenvien);
    expect(res.status).toBe(200);
    const records = parse(await res.text()) as string[][];
    const list = await listTotal("/tasks?scope=unit", "chuyenvien");
    expect(list.total).toBeGreaterThan(0);
    expect(records.length - 1).toBe(list.total);
    const db = getDb();
    const stttt = (await db.Unit.findOne({ where: { code: "STTTT" } }))!;
    // Never another unit's task: every exported content belongs to a task the unit leads or coordinates.
    const visible = await db.sequelize.query<{ content: string }>(
      "SELECT content FROM tasks WHERE state <> 'cancelled' AND (lead_unit_id = :u OR id IN (SELECT task_id FROM task_coordinators WHERE unit_id = :u))",
      { type: "SELECT" as never, replacements: { u: stttt.id } },
    );
    const allowed = new Set(visible.map((v) => v.content));
    for (const rec of records.slice(1)) expect(allowed.has(rec[1].replace(/^'/, ""))).toBe(true);
  });
});

describe("who may see reports", () => {
  test.each(["chuyenvien", "thanhvien", "admin"])("%s gets 403 on the dashboard, its exports and report drill-downs", async (user) => {
    expect((await get(server.baseUrl, "/reports", cookies[user])).status).toBe(403);
    expect((await get(server.baseUrl, "/reports/export/xlsx", cookies[user])).status).toBe(403);
    expect((await get(server.baseUrl, taskListHref({ scope: "all", report: { period: "year" } }), cookies[user])).status).toBe(403);
  });

  test("signed out: the dashboard and exports redirect to sign-in", async () => {
    expect((await get(server.baseUrl, "/reports")).status).toBe(302);
    expect((await get(server.baseUrl, "/reports/export/csv")).status).toBe(302);
  });

  test("chutich (leader) sees the dashboard", async () => {
    expect((await get(server.baseUrl, "/reports", cookies.chutich)).status).toBe(200);
  });
});

describe("bad queries: a Vietnamese message, never a 500", () => {
  test.each([
    ["/reports?period=month&month=13", "Tháng phải từ 1 đến 12."],
    ["/reports?period=custom&from=2026-05-01&to=2026-04-01", "Ngày kết thúc phải sau ngày bắt đầu."],
    ["/reports?period=custom", "Vui lòng chọn ngày bắt đầu."],
    ["/reports?period=decade", "Kỳ báo cáo không hợp lệ."],
    ["/reports?scope=unit", "Vui lòng chọn đơn vị."],
    ["/reports?scope=unit&unitId=abc", "Đơn vị không hợp lệ."],
    ["/reports?period=custom&from=2026-02-30&to=2026-03-01", "Ngày bắt đầu không hợp lệ."],
    ["/reports/export/pdf", "Định dạng xuất không hợp lệ (xlsx hoặc csv)."],
    ["/tasks?status=everything", "Tình trạng không hợp lệ."],
    ["/tasks?page=0", "Trang không hợp lệ."],
    ["/tasks?report=period%3Dmonth%26month%3D99", "Tháng phải từ 1 đến 12."],
  ])("%s → 400 %s", async (path, message) => {
    const res = await get(server.baseUrl, path, cookies.vanphong);
    expect(res.status).toBe(400);
    expect((await res.text()).replace(/<!-- -->/g, "")).toContain(message);
  });

  test.each([
    ["/reports?scope=unit&unitId=999999", "Không tìm thấy đơn vị."],
    ["/reports?scope=body&bodyId=999999", "Không tìm thấy cơ quan."],
    ["/reports?scope=directive&directiveId=999999", "Không tìm thấy văn bản."],
  ])("%s → 404 %s", async (path, message) => {
    const res = await get(server.baseUrl, path, cookies.vanphong);
    expect(res.status).toBe(404);
    expect((await res.text()).replace(/<!-- -->/g, "")).toContain(message);
  });
});
