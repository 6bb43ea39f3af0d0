// The documents action and download as a real browser (Debian's Chromium)
// uses them: a form navigation without JavaScript, a fetch() like a Remix
// fetcher's, an oversized upload, and the name the browser saves a download as.
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { Op } from "sequelize";
import { closeDb, getDb } from "../../models";
import { launchBrowser, signInPage } from "../helpers/browser";
import { startTestServer, type TestServer } from "../helpers/server";
import { listFiles, minimalPdf, sha256 } from "./fixtures";

const UPLOAD_DIR = process.env.UPLOAD_DIR!;

describe("documents in a real browser", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let meetingId: number;
  let itemId: number;

  beforeAll(async () => {
    fs.rmSync(UPLOAD_DIR, { recursive: true, force: true });
    server = await startTestServer();
    browser = await launchBrowser();
    const db = getDb();
    const body = await db.Body.findOne({ where: { kind: "state" } });
    const m = await db.Meeting.findOne({ where: { bodyId: body!.id, status: { [Op.ne]: "draft" } }, include: [{ model: db.AgendaItem, as: "agendaItems" }] });
    meetingId = m!.id;
    itemId = m!.agendaItems![0].id;
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await signInPage(page, server.baseUrl, "vanphong");
    await page.goto(`${server.baseUrl}/meetings/${meetingId}`);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await closeDb();
  });

  test("a plain form post (no JavaScript) uploads and returns to the agenda item; the download keeps the Vietnamese name", async () => {
    const name = "Biên bản cuộc họp – bản ký số.pdf";
    const pdf = minimalPdf();
    await page.evaluate(
      ({ meetingId, itemId }) => {
        const form = document.createElement("form");
        form.method = "post";
        form.enctype = "multipart/form-data";
        form.action = `/meetings/${meetingId}/documents`;
        form.id = "plain-upload";
        form.innerHTML = `<input type="hidden" name="intent" value="upload"><input type="hidden" name="agendaItemId" value="${itemId}"><input type="file" name="file">`;
        document.body.append(form);
      },
      { meetingId, itemId },
    );
    await page.setInputFiles("#plain-upload input[type=file]", { name, mimeType: "application/pdf", buffer: pdf });
    await Promise.all([page.waitForURL(`**/meetings/${meetingId}#item-${itemId}`), page.evaluate(() => (document.getElementById("plain-upload") as HTMLFormElement).submit())]);

    const doc = await getDb().Document.findOne({ where: { fileName: name } });
    expect(doc).not.toBeNull();
    await page.evaluate((id) => {
      const a = document.createElement("a");
      a.href = `/documents/${id}`;
      a.id = "dl";
      a.textContent = "tải";
      document.body.append(a);
    }, doc!.id);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#dl")]);
    expect(download.suggestedFilename()).toBe(name);
    expect(sha256(fs.readFileSync((await download.path())!))).toBe(sha256(pdf));
  });

  test("fetch() (what a fetcher does) gets JSON; an oversized file gets the Vietnamese 413 message", async () => {
    const result = await page.evaluate(
      async ({ meetingId, itemId }) => {
        const post = async (file: File) => {
          const form = new FormData();
          form.append("intent", "upload");
          form.append("agendaItemId", String(itemId));
          form.append("file", file);
          try {
            const res = await fetch(`/meetings/${meetingId}/documents?_data=${encodeURIComponent("routes/meetings.$id.documents")}`, { method: "POST", body: form });
            return { status: res.status, body: await res.json() };
          } catch (e) {
            return { status: 0, body: String(e) };
          }
        };
        const small = await post(new File(["%PDF-1.4\n%%EOF\n"], "Tờ trình.pdf", { type: "application/pdf" }));
        const big = await post(new File([new Uint8Array(60 * 1024 * 1024)], "Quá lớn.pdf", { type: "application/pdf" }));
        return { small, big };
      },
      { meetingId, itemId },
    );
    expect(result.small.status).toBe(200);
    expect(result.small.body).toMatchObject({ ok: true, documents: [{ fileName: "Tờ trình.pdf", mime: "application/pdf" }] });
    expect(result.big.status).toBe(413);
    expect(result.big.body.message).toMatch(/vượt quá dung lượng cho phép \(tối đa 50 MB/);
    expect(listFiles(`${UPLOAD_DIR}/tmp`)).toEqual([]);
  }, 60_000);
});
