import { signInPage, useAppInBrowser } from "../helpers/browser";

const DAY = 86_400_000;
const hanoiDay = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * DAY).toISOString().slice(0, 10);

// Issue #6, live: the chairman watches this year's dashboard on the meeting-room
// screen; the secretariat assigns a task to a department; the total and the
// department's row move without a reload, and the card drills down to a list
// holding the new task. The page is told never to wait for a recount
// (REPORT_FRESH_WAIT_MS=0), so the refresh after the write shows the last
// numbers marked "đang cập nhật" and must ask again by itself.
describe("the dashboard is live", () => {
  const app = useAppInBrowser({ REPORT_CACHE_MS: "15000", REPORT_FRESH_WAIT_MS: "0" });

  test("a task assigned elsewhere moves the numbers on chutich's dashboard", async () => {
    const base = app.server.baseUrl;
    const leader = await (await app.browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    const office = await (await app.browser.newContext()).newPage();
    await signInPage(leader, base, "chutich");
    await signInPage(office, base, "vanphong");

    await leader.goto(base + "/reports?period=year");
    await leader.locator("html[data-realtime=connected]").waitFor({ state: "attached" });
    await leader.locator("[data-testid=units-chart] svg").first().waitFor();
    const total = async () => Number((await leader.locator("[data-testid=card-total] .text-4xl").innerText()).replace(/\D/g, ""));
    const before = await total();
    expect(before).toBeGreaterThan(0);

    const content = "Rà soát danh mục dữ liệu mở của Thành phố, công bố trên cổng dữ liệu";
    await office.goto(base + "/tasks/new");
    await office.locator('[name="content"]').fill(content);
    const select = office.locator('select[name="leadUnitId"]');
    await select.selectOption((await select.locator("option", { hasText: /Thông tin và Truyền thông/ }).first().getAttribute("value"))!);
    await office.locator('[name="deadline"]').fill(hanoiDay(20));
    await office.locator("form button[type=submit]").last().click();
    await office.waitForURL(/\/tasks\/\d+(\?|$)/);

    // Live: no reload on the leader's screen, and the cache did not hold the old numbers back.
    await leader.waitForFunction((n) => Number(document.querySelector("[data-testid=card-total] .text-4xl")?.textContent?.replace(/\D/g, "")) === n, before + 1, { timeout: 10_000 });
    await leader.getByRole("status").filter({ hasText: "Đang cập nhật số liệu" }).waitFor({ state: "detached" });
    await leader.screenshot({ path: "tmp/e2e-dashboard.png", fullPage: true });

    // The card opens the list behind it, which holds the new task.
    await leader.locator("[data-testid=card-open_on_time] a").first().click();
    await leader.waitForURL(/\/tasks\?/);
    await leader.locator("[data-testid=task-row]", { hasText: content }).waitFor();
  }, 90_000);
});
