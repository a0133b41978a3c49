import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { type RunningEmulator, startEmulator } from "../../local/emulator.js";
import { extraServiceFactories, type ServiceFactory } from "../../local/services.js";
import { createWebService } from "../../local/web/web-service.js";
import { launchChromium } from "./browser.js";

/** Screenshots for people to look at (git-ignored). */
export const SCREENSHOT_DIR = join(process.cwd(), "test-results", "e2e");

/** An in-memory emulator on a free port with the web console, and a Chromium to drive it. */
export interface ConsoleHarness {
  emulator: RunningEmulator;
  browser: Browser;
  /** A fresh page (own context) on the console, loaded and polling; 1400×1000 unless a viewport is given. */
  openPage(options?: { locale?: string; viewport?: { width: number; height: number } }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startConsoleHarness(): Promise<ConsoleHarness> {
  // Chromium first: a missing browser fails fast with the install command, before anything else starts.
  const browser = await launchChromium();
  // The registered services: exactly what `npm start` serves (Connect, the console).
  const services: ServiceFactory[] = extraServiceFactories.includes(createWebService)
    ? extraServiceFactories
    : [...extraServiceFactories, createWebService];
  let emulator: RunningEmulator;
  try {
    emulator = await startEmulator({ port: 0, inMemory: true, services });
  } catch (err) {
    await browser.close();
    throw err;
  }
  const contexts: BrowserContext[] = [];
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    emulator,
    browser,
    async openPage({ locale = "en-US", viewport = { width: 1400, height: 1000 } } = {}) {
      const context = await browser.newContext({ locale, viewport });
      contexts.push(context);
      const page = await context.newPage();
      page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
      await page.goto(`${emulator.url}/`);
      await page.waitForSelector("body[data-ready=true]", { timeout: 15_000 });
      return page;
    },
    async screenshot(page, name) {
      const path = join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    async stop() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await emulator.stop();
    },
  };
}
