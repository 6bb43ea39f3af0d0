import { getDb } from "../../models";
import { signInPage, useAppInBrowser } from "../helpers/browser";

// Two browsers editing the same biên bản: text, carets with names, presence.
describe("live minutes in two browsers", () => {
  const app = useAppInBrowser({ COLLAB_DEBOUNCE_MS: "300" });

  test("what one types appears for the other with a named caret; agenda items jump to their section", async () => {
    const meeting = await getDb().Meeting.findOne({ where: { status: "convened", confidentiality: "normal" }, order: [["startsAt", "ASC"]] });
    const url = `${app.server.baseUrl}/meetings/${meeting!.id}`;
    const secretary = await (await app.browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    const member = await (await app.browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signInPage(secretary, app.server.baseUrl, "vanphong");
    await signInPage(member, app.server.baseUrl, "thanhvien");
    await secretary.goto(url);
    await member.goto(url);

    const editorA = secretary.locator("[data-testid=minutes-editor][contenteditable=true]");
    await editorA.waitFor({ timeout: 15_000 });
    await member.getByTestId("minutes-status").getByText("Chỉ xem").waitFor({ timeout: 15_000 });
    expect(await member.locator("[data-testid=minutes-editor]").getAttribute("contenteditable")).toBe("false");

    await editorA.locator("h3").first().click();
    await secretary.keyboard.press("End");
    await secretary.keyboard.type(" – thống nhất");
    await member.locator("[data-testid=minutes-editor]").getByText("– thống nhất").waitFor({ timeout: 10_000 });

    // The secretary's caret, with her name, is drawn in the member's editor.
    const caretLabel = member.locator(".collaboration-carets__label");
    await caretLabel.first().waitFor({ timeout: 10_000 });
    expect(await caretLabel.first().textContent()).toContain("Trần Thu Hà");
    // Presence: both people are listed.
    await member.getByRole("list", { name: "Đang có mặt trong biên bản" }).getByText("Trần Thu Hà").waitFor({ state: "attached" });

    // Choosing an agenda item scrolls the minutes to its section.
    const items = member.getByTestId("agenda-item");
    const last = items.last();
    await last.locator("p.font-medium button").click();
    const lastId = (await last.getAttribute("id"))!.replace("item-", "");
    await member.waitForFunction((id) => {
      const h = document.querySelector(`[data-agenda-item="${id}"]`);
      if (!h) return false;
      const top = h.getBoundingClientRect().top;
      return h.closest(".overflow-y-auto")!.scrollTop > 0 && top >= 0 && top < window.innerHeight / 2;
    }, lastId, { timeout: 5000 });
  });
});
