/**
 * Screenshots of the running app for a human to look at:
 *   npx tsx scripts/screenshots.ts http://127.0.0.1:3000 vanphong / /meetings …
 * Writes tmp/shots/<user>-<page>-<desktop|phone>.png using Debian's Chromium.
 */
import fs from "node:fs";
import { chromium } from "playwright-core";

async function main() {
  const [baseUrl = "http://127.0.0.1:3000", username = "vanphong", ...paths] = process.argv.slice(2);
  const pages = paths.length ? paths : ["/"];
  fs.mkdirSync("tmp/shots", { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  for (const [label, viewport] of [["desktop", { width: 1366, height: 768 }], ["phone", { width: 390, height: 844 }]] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    const page = await context.newPage();
    if (username !== "-") {
      await page.goto(baseUrl + "/login");
      await page.fill("#username", username);
      await page.fill("#password", process.env.PASSWORD || "Demo@2023");
      await Promise.all([page.waitForNavigation(), page.click("button[type=submit]")]);
    }
    for (const p of pages) {
      await page.goto(baseUrl + p);
      await page.waitForLoadState("networkidle");
      const file = `tmp/shots/${username}-${p.replace(/[^a-z0-9]+/gi, "_") || "home"}-${label}.png`;
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await context.close();
  }
  await browser.close();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
