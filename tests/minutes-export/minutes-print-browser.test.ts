// The print view in Debian's Chromium: on screen it is the app with a toolbar
// and an A4 sheet; printed (PDF) it is only the sheet. The screenshots and the
// PDF are kept in tmp/minutes-export/ to look at.
import fs from "node:fs";
import path from "node:path";
import type { Browser, BrowserContext } from "playwright-core";
import { launchBrowser } from "../helpers/browser";
import { signInAs, startTestServer, type TestServer } from "../helpers/server";
import { demoMeeting, richMinutesJson, storeMinutes } from "./fixtures";

const OUT = path.resolve(__dirname, "../../tmp/minutes-export");

describe("minutes print view in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let meetingId: number;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    const m = await demoMeeting("Phiên họp UBND Thành phố chuyên đề về cải cách hành chính");
    meetingId = m.id;
    await storeMinutes(m.id, await richMinutesJson(m.id));
    const [name, value] = (await signInAs(server.baseUrl, "vanphong")).split("=");
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "vi-VN" });
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    fs.mkdirSync(OUT, { recursive: true });
  }, 90_000);
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  test("screen: app chrome, the toolbar and the sheet; print: only the sheet, in Times New Roman 14 pt, justified, header table without borders", async () => {
    const page = await context.newPage();
    // why: window.print() opens a dialog headless Chromium cannot show; count the calls instead
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void (window as unknown as { printed: number }).printed++;
    });
    await page.goto(`${server.baseUrl}/meetings/${meetingId}/minutes/print`);
    await page.getByRole("button", { name: "In / Lưu PDF" }).waitFor();
    await expect(page.title()).resolves.toMatch(/^Biên bản – Phiên họp UBND Thành phố chuyên đề/);
    await expect(page.getByTestId("minutes-status").textContent()).resolves.toMatch(/^Trạng thái biên bản: Nháp – cập nhật lúc \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    await expect(page.getByRole("link", { name: "Tải DOCX" }).getAttribute("href")).resolves.toBe(`/meetings/${meetingId}/minutes.docx`);
    await expect(page.locator("header").first().isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(OUT, "print-view-screen.png"), fullPage: true });

    // the button works once the page is hydrated
    await page.waitForFunction(() => Boolean((window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized));
    await page.getByRole("button", { name: "In / Lưu PDF" }).click();
    await expect(page.evaluate(() => (window as unknown as { printed: number }).printed)).resolves.toBe(1);

    await page.emulateMedia({ media: "print" });
    const hidden = await page.evaluate(() =>
      ["header", "nav", "footer", "[data-print-hide]"].map((sel) => [...document.querySelectorAll(sel)].every((el) => getComputedStyle(el).display === "none")),
    );
    expect(hidden).toEqual([true, true, true, true]);
    const style = await page.evaluate(() => {
      const sheet = document.querySelector(".minutes-paper")!;
      const css = getComputedStyle(sheet);
      const body = [...sheet.querySelectorAll(":scope > p")].find((p) => p.textContent?.startsWith("Địa điểm"))!;
      const centered = [...sheet.querySelectorAll(":scope > p")].find((p) => p.getAttribute("style")?.includes("center"))!;
      const headerCell = sheet.querySelector("table td")!;
      const dataCell = [...sheet.querySelectorAll("table")].find((t) => t.textContent?.includes("Đơn vị chủ trì"))!.querySelector("td, th")!;
      return {
        font: css.fontFamily,
        size: css.fontSize,
        bodyAlign: getComputedStyle(body).textAlign,
        bodyIndent: getComputedStyle(body).textIndent,
        centeredIndent: getComputedStyle(centered).textIndent,
        headerBorder: getComputedStyle(headerCell).borderTopStyle,
        dataBorder: getComputedStyle(dataCell).borderTopStyle,
        h1: getComputedStyle(sheet.querySelector("h1")!).textAlign,
      };
    });
    expect(style.font).toMatch(/^"Times New Roman"/);
    expect(style.size).toBe("18.6667px"); // 14 pt
    expect(style.bodyAlign).toBe("justify");
    expect(parseFloat(style.bodyIndent)).toBeCloseTo(37.8, 0); // 1 cm
    expect(style.centeredIndent).toBe("0px");
    expect(style.headerBorder).toBe("none");
    expect(style.dataBorder).toBe("solid");
    expect(style.h1).toBe("center");
    await page.screenshot({ path: path.join(OUT, "print-view-print-media.png"), fullPage: true });

    // preferCSSPageSize: the sheet's own @page rule (A4, Decree 30 margins) decides
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    fs.writeFileSync(path.join(OUT, "print-view.pdf"), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    // A4 is 595 × 842 pt
    const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString("latin1"));
    expect(box && [Math.round(Number(box[1])), Math.round(Number(box[2]))]).toEqual([595, 842]);
    await page.close();
  });

  test("on a phone screen the sheet has narrow margins and ragged lines; printed from the phone it is the Decree 30 page", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: "vi-VN" });
    await phone.addCookies(await context.cookies());
    const page = await phone.newPage();
    await page.goto(`${server.baseUrl}/meetings/${meetingId}/minutes/print`);
    const measure = () =>
      page.evaluate(() => {
        const sheet = document.querySelector(".minutes-paper")!;
        const body = [...sheet.querySelectorAll(":scope > p")].find((p) => p.textContent?.startsWith("Địa điểm"))!;
        const centered = [...sheet.querySelectorAll(":scope > p")].find((p) => p.getAttribute("style")?.includes("center"))!;
        return {
          inlineAlign: body.getAttribute("style") ?? "",
          align: getComputedStyle(body).textAlign,
          centered: getComputedStyle(centered).textAlign,
          size: getComputedStyle(sheet).fontSize,
          paddingLeft: parseFloat(getComputedStyle(sheet).paddingLeft),
          overflows: document.documentElement.scrollWidth > window.innerWidth,
        };
      });
    const screen = await measure();
    expect(screen.inlineAlign).toContain("justify"); // the editor's own alignment, overridden only on the phone screen
    expect(screen.align).toBe("left");
    expect(screen.centered).toBe("center");
    expect(screen.size).toBe("16px"); // 12 pt
    expect(screen.paddingLeft).toBeLessThan(20); // 4 mm, not the 30 mm binding margin
    expect(screen.overflows).toBe(false);
    await page.screenshot({ path: path.join(OUT, "print-view-phone.png") });

    await page.emulateMedia({ media: "print" });
    const printed = await measure();
    expect(printed.align).toBe("justify");
    expect(printed.size).toBe("18.6667px"); // 14 pt
    await phone.close();
  });
});
