import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser } from "./browser.js";
import { type ConsoleHarness, startConsoleHarness } from "./console-harness.js";
import { dateInZone, phoneIdle, SCENARIO_TIMEOUT_MS, waitForText } from "./page-helpers.js";

const CALLER = "+819012345678"; // 佐藤 花子: one open order (1001, 電気ケトル)

describeInBrowser("web console phone", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsoleHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it("a Japanese caller is greeted by name, fails the bot twice and changes the date on the keypad", async () => {
    const page = await harness.openPage({ locale: "ja-JP" });
    expect(await page.getAttribute("html", "lang")).toBe("ja");
    await page.waitForSelector("#orders tr[data-key='1001']");

    await page.selectOption("#caller-id", CALLER);
    await page.selectOption("#call-locale", "ja_JP");
    await page.click("#dial");
    await phoneIdle(page);
    await waitForText(page, "#call-status", /通話中/);

    // The language-switch prompt times out into the caller-ID greeting.
    await page.click("#silence");
    await waitForText(page, "#call-transcript li.system", /佐藤(?: 花子)?様/);
    await waitForText(page, "#call-transcript li.system", /電気ケトル/);

    // Speaking by typing: two utterances the bot cannot place send the call to the keypad menu.
    for (const nonsense of ["ふにゃふにゃぴよぴよ", "もにょもにょぽよぽよ"]) {
      await phoneIdle(page);
      await page.fill("#say-input", nonsense);
      await page.press("#say-input", "Enter");
      await waitForText(page, "#call-transcript li.caller", new RegExp(nonsense));
    }
    await waitForText(page, "#call-transcript li.system", /お届け日の変更は2/);
    await phoneIdle(page);

    // The flow beside the phone follows the call into the keypad menu.
    await page.waitForSelector("#flow-canvas[data-flow='keypad-menu'][data-current='menu']");
    expect(
      await page.$eval("#flow-select", (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent),
    ).toBe("キーパッドメニュー");
    await waitForText(page, "#flow-list .flow-node.current .node-label", /^お客様の入力を取得$/);
    expect(await page.$$eval("#flow-path li", (items) => items.length)).toBeGreaterThan(10);
    // The bot's failed turns are listed with their intent, in Japanese.
    await waitForText(page, "#lex-turns td span[title='FallbackIntent']", /理解できず/);

    await page.click(".keypad .key[data-key='2']");
    await waitForText(page, "#call-transcript li.system", /8桁/);
    await phoneIdle(page);

    const newDate = dateInZone("Asia/Tokyo", 10);
    for (const key of `${newDate.replaceAll("-", "")}#`) await page.click(`.keypad .key[data-key='${key}']`);
    await waitForText(page, "#call-transcript li.caller", new RegExp(`${newDate.replaceAll("-", "")}#`));
    await waitForText(page, "#call-transcript li.system", /1を押してください|1を/);
    await phoneIdle(page);

    await page.click(".keypad .key[data-key='1']");
    // The order row and the SMS outbox update without a reload.
    await page.waitForSelector(`#orders tr[data-key='1001'] time[datetime='${newDate}']`);
    await waitForText(page, "#sms tr", new RegExp(CALLER.replace("+", "\\+")));
    // The SMS time in Japanese on the shop's clock (Tokyo), not an ISO string.
    await waitForText(page, "#sms time", /^\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2} JST$/);
    await phoneIdle(page);
    await harness.screenshot(page, "phone-ja-keypad-date-change");

    // Ending: "anything else?" → 2 → goodbye, and the call ends.
    await page.click(".keypad .key[data-key='2']");
    await waitForText(page, "#call-status", /通話が終了しました/);
    expect(await page.isDisabled("#say-input")).toBe(true);
  });

  it("any number can call, reach an agent queue the agent view lists, and hang up", async () => {
    const page = await harness.openPage();
    await page.selectOption("#caller-id", "other");
    expect(await page.isVisible("#custom-number")).toBe(true);
    await page.fill("#custom-number", "+15555550100");
    await page.click("#dial");
    // The language key is offered first; the greeting, with its question, is the bot's prompt.
    await waitForText(page, "#call-transcript li.system", /日本語をご希望の方は/);
    await phoneIdle(page);
    await page.click("#silence");
    await waitForText(page, "#call-transcript li.system", /Thank you for calling Orderline.*How can I help/);
    await phoneIdle(page);

    await page.fill("#say-input", "I want to talk to an agent");
    await page.click("#say-send");
    await waitForText(page, "#call-transcript li.event", /Transferred to queue Orderline agents/);
    await waitForText(page, "#call-status", /In the queue/);
    // What an agent would see: the queued contact with the attributes the flow set.
    const row = await waitForText(page, "#contacts tr", /\+15555550100/);
    expect(row).toMatch(/handoffReason=customer_request/);

    await page.click("#hang-up");
    await waitForText(page, "#call-status", /Call ended/);
    await waitForText(page, "#contacts", /Nothing yet/);
  });
});
