import { signInPage, useAppInBrowser } from "../helpers/browser";

describe("end-to-end smoke in Chromium", () => {
  const app = useAppInBrowser();

  test("vanphong signs in, sees the Vietnamese home page, and signs out", async () => {
    const page = await app.browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(app.server.baseUrl + "/");
    await page.waitForURL(/\/login/);
    expect(await page.locator("html").getAttribute("lang")).toBe("vi");
    await page.getByLabel("Tên đăng nhập").fill("vanphong");
    await page.getByLabel("Mật khẩu").fill("Demo@2023");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    await page.getByRole("heading", { level: 1, name: /^Xin chào, / }).waitFor();
    expect(page.url()).toBe(app.server.baseUrl + "/");
    const nav = page.getByRole("navigation", { name: "Danh mục" });
    for (const item of ["Lịch họp", "Văn bản chỉ đạo", "Nhiệm vụ", "Báo cáo", "Quản trị"]) {
      await expect(nav.getByRole("link", { name: item }).count()).resolves.toBe(1);
    }
    await expect(page.getByRole("heading", { name: "Cuộc họp sắp tới" }).count()).resolves.toBe(1);
    // Dates are shown dd/MM/yyyy.
    await expect(page.locator("body").textContent()).resolves.toMatch(/\d{2}\/\d{2}\/\d{4}/);

    await page.getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL(/\/login/);
    await page.goto(app.server.baseUrl + "/");
    await page.waitForURL(/\/login/);
    await page.close();
  });

  test("a wrong password shows the error and stays on the sign-in page", async () => {
    const page = await app.browser.newPage();
    await page.goto(app.server.baseUrl + "/login");
    await page.getByLabel("Tên đăng nhập").fill("vanphong");
    await page.getByLabel("Mật khẩu").fill("sai-mat-khau");
    await page.getByRole("button", { name: "Đăng nhập" }).click();
    const error = page.getByTestId("login-error");
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain("Tên đăng nhập hoặc mật khẩu không đúng");
    expect(new URL(page.url()).pathname).toBe("/login");
    await page.close();
  });

  test("the staff member of Ba Đình sees no admin or reports menu, and a phone-sized screen still shows the menu", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInPage(page, app.server.baseUrl, "badinh");
    const nav = page.getByRole("navigation", { name: "Danh mục" });
    await expect(nav.getByRole("link", { name: "Quản trị" }).count()).resolves.toBe(0);
    await expect(nav.getByRole("link", { name: "Báo cáo" }).count()).resolves.toBe(0);
    await expect(nav.getByRole("link", { name: "Nhiệm vụ" }).isVisible()).resolves.toBe(true);
    const response = await page.goto(app.server.baseUrl + "/admin/users");
    expect(response?.status()).toBe(403);
    await context.close();
  });

  test("on a phone the avatar leads to the profile, which switches the language and signs out", async () => {
    const context = await app.browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await signInPage(page, app.server.baseUrl, "badinh");
    // The bar keeps to one line: name, language switch and sign-out are on the profile page instead.
    const header = page.locator("header").first();
    await expect(header.getByRole("button", { name: "Đăng xuất" }).isVisible()).resolves.toBe(false);
    await expect(header.getByRole("button", { name: "English" }).isVisible()).resolves.toBe(false);
    await header.getByRole("link", { name: "Thông tin cá nhân" }).click();
    await page.getByRole("heading", { level: 1, name: "Thông tin cá nhân" }).waitFor();

    const language = page.getByRole("region", { name: /Ngôn ngữ giao diện/ });
    await expect(language.getByRole("button", { name: "Tiếng Việt" }).getAttribute("aria-pressed")).resolves.toBe("true");
    await language.getByRole("button", { name: "English" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "en");
    expect(new URL(page.url()).pathname).toBe("/me");
    await expect(header.getByRole("link", { name: "My profile" }).isVisible()).resolves.toBe(true);
    await expect(language.getByRole("button", { name: "English" }).getAttribute("aria-pressed")).resolves.toBe("true");
    // The choice is kept on the account: back to Vietnamese for the other tests.
    await language.getByRole("button", { name: "Tiếng Việt" }).click();
    await page.waitForFunction(() => document.documentElement.lang === "vi");

    await page.getByRole("main").getByRole("button", { name: "Đăng xuất" }).click();
    await page.waitForURL(/\/login/);
    await context.close();
  });
});
