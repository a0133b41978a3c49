import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RecognizeTextCommand } from "@aws-sdk/client-lex-runtime-v2";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createWebService } from "../../local/web/web-service.js";
import { describeInBrowser, launchChromium } from "../e2e/browser.js";
import { SEEDED, seedDay } from "./seeded-day.js";
import { ALIAS_ID, BOT_ID, startModelsEmulator } from "./support.js";

/** Where the screenshot of the Insights view is kept (named in the closing note). */
export const INSIGHTS_SCREENSHOT = join(
  import.meta.dirname,
  "..",
  "..",
  "test-results",
  "insights",
  "insights-view.png",
);

describeInBrowser("web console: Insights view", { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "orderline-insights-view-"));
  let env: Awaited<ReturnType<typeof startModelsEmulator>>;
  let browser: Browser;

  beforeAll(async () => {
    seedDay(dataDir, new Date());
    env = await startModelsEmulator({
      dataDir,
      webService: (ctx) => createWebService(ctx, { cacheDir: join(dataDir, "web") }),
    });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await env?.cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("draws the day's figures with Chart.js and updates live when a conversation happens", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(env.emu.url);
    const panel = page.locator("#insights");
    await expect
      .poll(() => panel.getAttribute("data-conversations"), { timeout: 30_000 })
      .toBe(String(SEEDED.conversations));
    await expect
      .poll(() => panel.locator("[data-tile=containment] .insights-value").textContent())
      .toBe("66.7%");
    expect(await page.locator("#insights canvas").count()).toBe(4);
    expect(await page.locator("#insights-missed li").allTextContents()).toEqual(
      expect.arrayContaining(SEEDED.missedUtterances.map((u) => `1× [en_US] ${u}`)),
    );
    // Chart.js came with the console bundle, not from a CDN.
    const scripts = await page
      .locator("script[src]")
      .evaluateAll((s) => s.map((x) => (x as HTMLScriptElement).src));
    expect(scripts.every((src) => src.startsWith(env.emu.url))).toBe(true);

    await env.runtime.send(
      new RecognizeTextCommand({
        botId: BOT_ID,
        botAliasId: ALIAS_ID,
        localeId: "en_US",
        sessionId: "live-1",
        text: "flibbertigibbet",
      }),
    );
    await expect
      .poll(() => panel.getAttribute("data-conversations"), { timeout: 15_000 })
      .toBe(String(SEEDED.conversations + 1));
    mkdirSync(join(INSIGHTS_SCREENSHOT, ".."), { recursive: true });
    await panel.scrollIntoViewIfNeeded();
    await panel.screenshot({ path: INSIGHTS_SCREENSHOT });
    await page.close();
  });
});
