import fs from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { startChildServer } from "./child-server";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Debian's Chromium, never a downloaded browser (DESIGN.md §7). */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

/** Signs in through the real form and waits for the home page. */
export async function signInPage(page: Page, baseUrl: string, username: string, password = "Demo@2023") {
  await page.goto(baseUrl + "/login");
  await page.getByLabel("Tên đăng nhập").fill(username);
  await page.getByLabel("Mật khẩu").fill(password);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.getByRole("heading", { level: 1, name: /^Xin chào, / }).waitFor();
}

/**
 * For an end-to-end describe block: the app as `npm start` runs it (child
 * process, fresh demo database) and Debian's Chromium, started once.
 */
export function useAppInBrowser(env: Record<string, string> = {}) {
  const ctx = {} as { server: Awaited<ReturnType<typeof startChildServer>>; browser: Browser };
  beforeAll(async () => {
    ctx.server = await startChildServer(env);
    ctx.browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}
