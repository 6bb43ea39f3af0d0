import { signInPage, useAppInBrowser } from "../helpers/browser";

// Two browser contexts: what "live" means. The admin changes a member's roles;
// the member's bell counts the new notification without reloading the page.
describe("live notifications across two browsers", () => {
  const app = useAppInBrowser();

  test("the member's bell updates live when the admin changes their roles", async () => {
    const memberContext = await app.browser.newContext();
    const adminContext = await app.browser.newContext();
    const member = await memberContext.newPage();
    const admin = await adminContext.newPage();
    await signInPage(member, app.server.baseUrl, "thanhvien");
    await signInPage(admin, app.server.baseUrl, "admin");

    const bell = member.getByRole("link", { name: /^Thông báo: \d+$/ });
    const before = Number((await bell.getAttribute("aria-label"))!.split(": ")[1]);
    // Wait until the member's socket is connected (the provider loads the client lazily).
    await member.locator("html[data-realtime=connected]").waitFor({ state: "attached" });

    await admin.goto(app.server.baseUrl + "/admin/users?q=thanhvien");
    await admin.getByRole("link", { name: /thanhvien|Nguyễn|Lê|Trần|Phạm/ }).first().click();
    await admin.getByRole("heading", { name: "Thông tin tài khoản" }).waitFor();
    await admin.getByRole("checkbox", { name: /Chỉ xem/ }).check();
    await admin.getByRole("button", { name: "Lưu thay đổi" }).click();
    await admin.getByRole("status").waitFor();

    await member.getByRole("link", { name: `Thông báo: ${before + 1}` }).waitFor({ timeout: 10_000 });
    expect(new URL(member.url()).pathname).toBe("/");
    await memberContext.close();
    await adminContext.close();
  });
});
