import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser } from "./browser.js";
import { type ConsoleHarness, startConsoleHarness } from "./console-harness.js";
import { SCENARIO_TIMEOUT_MS } from "./page-helpers.js";

// Roles a person operates: each needs an accessible name (WCAG 4.1.2).
const CONTROL_ROLES = new Set([
  "button",
  "textbox",
  "combobox",
  "checkbox",
  "radio",
  "spinbutton",
  "searchbox",
  "listbox",
]);

interface AxNode {
  ignored?: boolean;
  role?: { value?: string };
  name?: { value?: string };
}

async function unnamedControls(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = (await cdp.send("Accessibility.getFullAXTree")) as { nodes: AxNode[] };
  await cdp.detach();
  return nodes
    .filter((n) => !n.ignored && CONTROL_ROLES.has(n.role?.value ?? ""))
    .filter((n) => !(n.name?.value ?? "").trim())
    .map((n) => n.role?.value ?? "?");
}

/** Text whose contrast against its effective background is under WCAG AA (4.5:1, 3:1 for large text). */
async function lowContrastText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const parse = (c: string): [number, number, number, number] => {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
    };
    const luminance = ([r, g, b]: number[]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r!) + 0.7152 * lin(g!) + 0.0722 * lin(b!);
    };
    const background = (el: Element | null): [number, number, number, number] => {
      for (let e = el; e; e = e.parentElement) {
        const bg = parse(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0.5) return bg;
      }
      return [255, 255, 255, 1];
    };
    const failures: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>("body *")) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
      if (!ownText || el.getClientRects().length === 0) continue;
      if ((el as HTMLButtonElement).disabled || el.closest("[aria-hidden=true], .skip-link")) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      const fg = luminance(parse(style.color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
      if (ratio < (large ? 3 : 4.5))
        failures.push(
          `${el.tagName}.${el.className} "${el.textContent?.trim().slice(0, 30)}" ${ratio.toFixed(2)}`,
        );
    }
    return failures;
  });
}

describeInBrowser("web console accessibility", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsoleHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it("names every control, sets lang, and passes AA contrast in English and Japanese", async () => {
    const page = await harness.openPage();
    await page.waitForSelector("#orders table");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await unnamedControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);

    await page.click("#lang-toggle");
    await page.waitForFunction(() => document.documentElement.lang === "ja");
    expect(await page.textContent("#phone-heading")).toBe("電話");
    expect(await page.getAttribute("#chat-launcher", "aria-label")).toBe("チャットで問い合わせる");
    await page.click("#chat-launcher");
    await page.waitForSelector("#chat-panel:not([hidden])");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chat-name");
    expect(await unnamedControls(page)).toEqual([]);
    expect(await lowContrastText(page)).toEqual([]);
    await harness.screenshot(page, "console-ja");

    // Escape closes the chat and gives focus back to the launcher (keyboard users are not stranded).
    await page.keyboard.press("Escape");
    expect(await page.isHidden("#chat-panel")).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("chat-launcher");
  });

  it("reaches the phone's controls with Tab in reading order", async () => {
    const page = await harness.openPage();
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press("Tab");
      order.push(
        await page.evaluate(() => document.activeElement?.id || document.activeElement?.className || ""),
      );
    }
    expect(order).toEqual(["skip-link", "lang-toggle", "caller-id", "call-locale", "dial", "read-aloud"]);
  });
});
