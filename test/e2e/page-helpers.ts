import type { Page } from "playwright-core";

/** Browser scenarios get room for a loaded CI machine (the whole suite shares two cores). */
export const SCENARIO_TIMEOUT_MS = 90_000;

/** Waits until some element matching `selector` has text matching `pattern`; returns that text. */
export async function waitForText(
  page: Page,
  selector: string,
  pattern: RegExp,
  timeout = 20_000,
): Promise<string> {
  const handle = await page.waitForFunction(
    ({ selector, source, flags }) => {
      const re = new RegExp(source, flags);
      const hit = [...document.querySelectorAll(selector)].find((el) => re.test(el.textContent ?? ""));
      return hit?.textContent ?? false;
    },
    { selector, source: pattern.source, flags: pattern.flags },
    { timeout },
  );
  return (await handle.jsonValue()) as string;
}

/** Waits for the phone to finish a step (request answered, panels told). */
export async function phoneIdle(page: Page): Promise<void> {
  await page.waitForSelector("#phone[aria-busy=false]", { timeout: 20_000 });
}

/** Today plus `days` in a time zone, as `YYYY-MM-DD` (the shop's calendar, not the test machine's). */
export function dateInZone(timeZone: string, days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
