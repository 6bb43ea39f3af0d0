// In Debian's Chromium, two browsers: the secretariat records a directive
// through the form (live number check, an extra task row, a refused row shown
// next to its field, then fixed), and the staff of a unit that carries one of
// its tasks watch the directive page on a phone while more tasks are assigned.
import { closeDb, getDb } from "../../models";
import { signInPage, useAppInBrowser } from "../helpers/browser";
import { hanoiDay } from "./helpers";

describe("the directive register in the browser", () => {
  const app = useAppInBrowser();
  afterAll(() => closeDb()); // this process's own connection (getDb() below)

  test("record with task rows, then a bulk assignment appears live on the staff's phone", async () => {
    const db = getDb();
    const stttt = (await db.Unit.findOne({ where: { code: "STTTT" } }))!;
    const errors: string[] = [];

    const secretariat = await (await app.browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    secretariat.on("pageerror", (e) => errors.push(e.message));
    await signInPage(secretariat, app.server.baseUrl, "vanphong");
    await secretariat.goto(`${app.server.baseUrl}/directives/new`);
    await secretariat.locator(".ProseMirror").waitFor();

    // the number is checked as it is typed, against the chosen kind
    await secretariat.getByLabel("Loại văn bản").selectOption("QD");
    await secretariat.getByLabel("Số, ký hiệu").fill("24-CT/TU");
    await secretariat.getByLabel("Cơ quan ban hành").click();
    await secretariat.getByText("Ký hiệu «CT» là Chỉ thị (CT), không khớp loại văn bản đã chọn là Quyết định (QĐ).").waitFor();
    await secretariat.getByLabel("Số, ký hiệu").fill("1456/QD-UBND");
    await secretariat.getByText("Văn bản của chính quyền · số 1456 · ký hiệu QĐ-UBND").waitFor();

    await secretariat.getByLabel("Cơ quan ban hành").fill("UBND Thành phố Hà Nội");
    await secretariat.getByLabel("Trích yếu").fill("Quyết định ban hành Kế hoạch chuyển đổi số năm 2027");
    await secretariat.locator(".ProseMirror").click();
    await secretariat.keyboard.type("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.");

    // three rows are there; a fourth is added; the first and the fourth are filled, the fourth wrongly
    expect(await secretariat.getByTestId("task-row").count()).toBe(3);
    await secretariat.getByRole("button", { name: "+ Thêm nhiệm vụ" }).click();
    expect(await secretariat.getByTestId("task-row").count()).toBe(4);
    await secretariat.locator("#task-0-content").fill("Xây dựng nền tảng dữ liệu dùng chung của Thành phố.");
    await secretariat.locator("#task-0-leadUnitId").selectOption(String(stttt.id));
    await secretariat.locator("#task-0-deadline").fill(hanoiDay(40));
    await secretariat.locator("#task-3-content").fill("Nhiệm vụ chưa chọn đơn vị chủ trì.");
    await secretariat.getByRole("button", { name: "Ghi sổ văn bản" }).click();

    await secretariat.getByText("Vui lòng chọn đơn vị chủ trì.").waitFor();
    expect(await secretariat.locator("#task-3-leadUnitId").getAttribute("aria-invalid")).toBe("true");
    expect(new URL(secretariat.url()).pathname).toBe("/directives/new");
    expect(await db.Directive.count({ where: { number: "1456" } })).toBe(0);

    // fixed: the fourth row is left empty (skipped)
    await secretariat.locator("#task-3-content").fill("");
    await secretariat.getByRole("button", { name: "Ghi sổ văn bản" }).click();
    await secretariat.waitForURL(/\/directives\/\d+\?created=1$/);
    await secretariat.getByText("Đã ghi sổ văn bản và giao 1 nhiệm vụ.").waitFor();
    const directive = (await db.Directive.findOne({ where: { number: "1456", symbol: "QĐ-UBND" } }))!;
    expect(directive.body).toBe("<p>Điều 1. Ban hành kèm theo Quyết định này Kế hoạch.</p>");

    // the staff of Sở TT&TT open it on a phone
    const staff = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    staff.on("pageerror", (e) => errors.push(e.message));
    await signInPage(staff, app.server.baseUrl, "chuyenvien");
    await staff.goto(`${app.server.baseUrl}/directives/${directive.id}`);
    await staff.locator("html[data-realtime=connected]").waitFor({ state: "attached" });
    await staff.getByText("Nhiệm vụ được giao (1)").waitFor();

    // the secretariat assigns one more from the directive page
    await secretariat.getByText("+ Giao nhiệm vụ").click();
    await secretariat.locator("#task-0-content").fill("Tập huấn cán bộ đầu mối chuyển đổi số các quận.");
    await secretariat.locator("#task-0-leadUnitId").selectOption(String(stttt.id));
    await secretariat.locator("#task-0-deadlineKind").selectOption("none");
    await secretariat.getByRole("button", { name: "Giao nhiệm vụ", exact: true }).click();
    await secretariat.getByText("Đã giao 1 nhiệm vụ.").waitFor();

    await staff.getByText("Nhiệm vụ được giao (2)").waitFor({ timeout: 10_000 });
    await staff.locator("a:visible", { hasText: "Tập huấn cán bộ đầu mối chuyển đổi số các quận." }).waitFor();
    expect(new URL(staff.url()).pathname).toBe(`/directives/${directive.id}`);
    expect(errors).toEqual([]);
  });
});
