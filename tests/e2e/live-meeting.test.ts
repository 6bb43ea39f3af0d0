import { getDb } from "../../models";
import { signInPage, useAppInBrowser } from "../helpers/browser";

// The secretariat runs the meeting in one browser; a member follows it in another.
describe("live meeting page across two browsers", () => {
  const app = useAppInBrowser();

  test("agenda status, check-in and quorum change live for the member", async () => {
    const db = getDb();
    const meeting = await db.Meeting.findOne({ where: { status: "convened", confidentiality: "normal" }, order: [["startsAt", "ASC"]] });
    expect(meeting).not.toBeNull();
    const url = `${app.server.baseUrl}/meetings/${meeting!.id}`;

    const secretariat = await (await app.browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    const member = await (await app.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signInPage(secretariat, app.server.baseUrl, "vanphong");
    await signInPage(member, app.server.baseUrl, "thanhvien");
    await secretariat.goto(url);
    await member.goto(url);
    await member.locator("html[data-realtime=connected]").waitFor({ state: "attached" });

    // Start the meeting: the member's status badge follows.
    await secretariat.getByRole("button", { name: "Bắt đầu họp" }).click();
    await member.getByTestId("meeting-status").getByText("Đang họp").waitFor({ timeout: 10_000 });

    // Mark the first item as being discussed.
    const firstItem = secretariat.getByTestId("agenda-item").first();
    await firstItem.getByRole("button", { name: "Đang thảo luận" }).click();
    await member.getByTestId("agenda-item").first().getByTestId("agenda-status").getByText("Đang thảo luận").waitFor({ timeout: 10_000 });

    // Check a member in: the quorum line on the member's screen counts one more.
    const before = await member.getByTestId("quorum").textContent();
    const present = Number(/Có mặt: (\d+)\//.exec(before ?? "")![1]);
    await secretariat.getByRole("button", { name: /^Điểm danh / }).first().click();
    await member.getByTestId("quorum").getByText(`Có mặt: ${present + 1}/`, { exact: false }).waitFor({ timeout: 10_000 });
    expect(new URL(member.url()).pathname).toBe(`/meetings/${meeting!.id}`);
  });

  test("the agenda can be reordered from the keyboard", async () => {
    const db = getDb();
    const meeting = await db.Meeting.findOne({ where: { status: "draft" } });
    const page = await (await app.browser.newContext()).newPage();
    await signInPage(page, app.server.baseUrl, "vanphong");
    await page.goto(`${app.server.baseUrl}/meetings/${meeting!.id}`);
    const titles = async () => (await page.getByTestId("agenda-item").locator("p.font-medium").allTextContents()).map((t) => t.replace(/^\d+\.\s*/, ""));
    const [first, second] = await titles();
    await page.getByRole("button", { name: `Chuyển «${first}» xuống` }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction((expected) => document.querySelector("[data-testid=agenda-item] p.font-medium")?.textContent?.includes(expected), second);
    expect((await titles()).slice(0, 2)).toEqual([second, first]);
  });
});
