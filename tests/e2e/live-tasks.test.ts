import type { Page } from "playwright-core";
import { signInPage, useAppInBrowser } from "../helpers/browser";
import { minimalPdf } from "../documents/fixtures";

const DAY = 86_400_000;
/** The Hanoi calendar date `days` from today, "yyyy-MM-dd". */
const hanoiDay = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * DAY).toISOString().slice(0, 10);
const vn = (ymd: string) => ymd.split("-").reverse().join("/");

async function selectUnit(page: Page, row: number, name: RegExp) {
  const select = page.locator(`select[name="tasks[${row}].leadUnitId"]`);
  const value = await select.locator("option", { hasText: name }).first().getAttribute("value");
  await select.selectOption(value!);
}

// Issue #5, end to end in two browsers: the secretariat records a directive with
// three tasks for two units; the unit's staff sees its task appear live, reports
// 50 % with a file and asks for more time; the secretariat approves; the staff
// reports completion; the secretariat accepts; the task reads "Đã hoàn thành
// đúng hạn" with the extended deadline and the original one.
describe("directive → tasks → progress → extension → completion, live in two browsers", () => {
  const app = useAppInBrowser();

  test("vanphong and chuyenvien carry a task from assignment to acceptance", async () => {
    const base = app.server.baseUrl;
    const officeContext = await app.browser.newContext();
    const staffContext = await app.browser.newContext();
    const office = await officeContext.newPage();
    const staff = await staffContext.newPage();
    await signInPage(office, base, "vanphong");
    await signInPage(staff, base, "chuyenvien");

    // The staff member watches the unit's task list.
    await staff.goto(base + "/tasks?scope=unit");
    await staff.locator("html[data-realtime=connected]").waitFor({ state: "attached" });
    const contentA = "Xây dựng kho dữ liệu dùng chung phục vụ điều hành của Thành phố";

    // The secretariat records a plan with three tasks for two units.
    await office.goto(base + "/directives/new");
    await office.locator('select[name="kind"]').selectOption("KH");
    await office.locator('input[name="number"]').fill("245/KH-UBND");
    await office.locator('input[name="issuer"]').fill("UBND Thành phố Hà Nội");
    await office.locator('[name="summary"]').fill("Kế hoạch chuyển đổi số trong chỉ đạo, điều hành năm 2027");
    await office.locator('[name="tasks[0].content"]').fill(contentA);
    await selectUnit(office, 0, /Thông tin và Truyền thông/);
    await office.locator('[name="tasks[0].deadline"]').fill(hanoiDay(10));
    await office.locator('[name="tasks[1].content"]').fill("Tập huấn kỹ năng số cho cán bộ, công chức các sở, ngành");
    await selectUnit(office, 1, /Thông tin và Truyền thông/);
    await office.locator('[name="tasks[1].deadline"]').fill(hanoiDay(30));
    await office.locator('[name="tasks[2].content"]').fill("Triển khai tiếp nhận hồ sơ trực tuyến toàn trình tại quận");
    await selectUnit(office, 2, /Ba Đình/);
    await office.locator('[name="tasks[2].deadline"]').fill(hanoiDay(30));
    await office.locator("form button[type=submit]").last().click();
    await office.waitForURL(/\/directives\/\d+/);
    await office.getByText("245/KH-UBND").first().waitFor();

    // Live: the new task appears in the unit's list without a reload.
    const row = staff.locator("[data-testid=task-row]", { hasText: contentA });
    await row.waitFor({ timeout: 10_000 }).catch(async (e) => {
      await staff.screenshot({ path: "tmp/e2e-staff.png", fullPage: true });
      await office.screenshot({ path: "tmp/e2e-office.png", fullPage: true });
      console.log(app.server.output().split("\n").filter((l) => /error|Error|50\d/.test(l)).slice(-20).join("\n"));
      await staff.reload();
      await staff.screenshot({ path: "tmp/e2e-staff-reloaded.png", fullPage: true });
      throw e;
    });
    expect(await staff.locator("[data-testid=task-row]", { hasText: "Triển khai tiếp nhận hồ sơ" }).count()).toBe(0);

    // Progress 50 % with evidence.
    await row.getByRole("link", { name: contentA }).click();
    await staff.waitForURL(/\/tasks\/\d+$/);
    const taskUrl = staff.url();
    await staff.locator("html[data-realtime=connected]").waitFor({ state: "attached" });
    const progressForm = staff.getByTestId("task-form-progress");
    await progressForm.locator('input[name="progress"]').fill("50");
    await progressForm.locator('textarea[name="note"]').fill("Đã khảo sát hiện trạng dữ liệu của 20 sở, ngành");
    // The file picker speaks the app's language, not the browser's ("Choose Files").
    await progressForm.getByText("Chưa chọn tệp").waitFor();
    await progressForm.locator('input[type="file"]').setInputFiles({ name: "bao-cao-tien-do.pdf", mimeType: "application/pdf", buffer: minimalPdf("Bao cao tien do") });
    await progressForm.getByText("bao-cao-tien-do.pdf", { exact: true }).waitFor();
    await progressForm.getByRole("button", { name: "Gửi báo cáo" }).click();
    await progressForm.getByText("Đã gửi báo cáo tiến độ.").waitFor();
    await progressForm.getByText("Chưa chọn tệp").waitFor(); // the form was reset
    await staff.getByTestId("task-progress").filter({ hasText: "50%" }).waitFor();
    await staff.getByRole("link", { name: /bao-cao-tien-do\.pdf/ }).waitFor();

    // Extension request.
    const extendForm = staff.getByTestId("task-form-extend");
    await extendForm.locator('input[name="requestedDeadline"]').fill(hanoiDay(20));
    await extendForm.locator('textarea[name="reason"]').fill("Chờ các sở cung cấp danh mục dữ liệu");
    await extendForm.getByRole("button", { name: "Gửi đề nghị gia hạn" }).click();
    await staff.getByTestId("task-status").getByText("Chờ duyệt gia hạn").waitFor();

    // The secretariat approves it; the staff page follows live.
    await office.goto(taskUrl);
    const decide = office.getByTestId("task-form-decide-extension");
    await decide.getByRole("button", { name: "Duyệt gia hạn" }).click();
    await office.getByTestId("task-deadline").filter({ hasText: vn(hanoiDay(20)) }).waitFor();
    await staff.getByTestId("task-deadline").filter({ hasText: vn(hanoiDay(20)) }).waitFor({ timeout: 10_000 });
    await staff.getByTestId("task-original-deadline").filter({ hasText: vn(hanoiDay(10)) }).waitFor();

    // Completion report, then acceptance.
    const completeForm = staff.getByTestId("task-form-complete");
    await completeForm.locator('textarea[name="result"]').fill("Kho dữ liệu dùng chung đã vận hành, kết nối 20 sở, ngành");
    await completeForm.getByRole("button", { name: "Báo cáo hoàn thành" }).click();
    await staff.getByTestId("task-status").getByText("Chờ nghiệm thu").waitFor();

    await office.reload();
    await office.getByTestId("task-form-accept").getByRole("button", { name: "Nghiệm thu" }).click();
    await office.getByTestId("task-status").getByText("Đã hoàn thành đúng hạn").waitFor();

    await staff.getByTestId("task-status").getByText("Đã hoàn thành đúng hạn").waitFor({ timeout: 10_000 });
    expect(await staff.getByTestId("task-deadline").textContent()).toBe(vn(hanoiDay(20)));
    expect(await staff.getByTestId("task-original-deadline").textContent()).toContain(vn(hanoiDay(10)));
    expect(await staff.getByText(`Hoàn thành ngày ${vn(hanoiDay(0))}`).count()).toBe(1);

    await officeContext.close();
    await staffContext.close();
  }, 120_000);
});
