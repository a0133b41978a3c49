import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type AxeViolation, axeScan, blocking, countByImpact, type ImpactCounts } from "./axe-scan.js";
import { describeInBrowser } from "./browser.js";
import { type ConsoleHarness, SCREENSHOT_DIR, startConsoleHarness } from "./console-harness.js";
import { phoneIdle, waitForText } from "./page-helpers.js";

const PHONE = { width: 390, height: 844 };
const LANGUAGES = [
  ["English", "en-US"],
  ["Japanese", "ja-JP"],
] as const;

/** Sends a DynamoDB call to the emulator like any client would (the shape is checked, not the signature). */
async function dynamo(url: string, operation: string, body: object): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      "x-amz-target": `DynamoDB_20120810.${operation}`,
      "content-type": "application/x-amz-json-1.0",
      authorization:
        "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0",
      "x-amz-date": "20200101T000000Z",
    },
    body: JSON.stringify(body),
  });
}

/** A caller waiting in the agent queue, so the queued-contacts table has a row with attributes. */
async function queueACaller(url: string, from: string): Promise<string> {
  const post = async (path: string, body: object) =>
    (await (await fetch(`${url}${path}`, { method: "POST", body: JSON.stringify(body) })).json()) as {
      callId: string;
      state: string;
    };
  const call = await post("/_local/calls", { from, locale: "en_US" });
  await post(`/_local/calls/${call.callId}`, { silence: true });
  const step = await post(`/_local/calls/${call.callId}`, { say: "I want to talk to an agent" });
  expect(step.state).toBe("queued");
  return call.callId;
}

describeInBrowser("web console views", { timeout: 180_000 }, () => {
  let harness: ConsoleHarness;
  const report: Record<string, ImpactCounts & { rules: string[] }> = {};
  beforeAll(async () => {
    harness = await startConsoleHarness();
  });
  afterAll(async () => {
    writeFileSync(join(SCREENSHOT_DIR, "accessibility.json"), `${JSON.stringify(report, null, 2)}\n`);
    await harness?.stop();
  });

  /** Scans the page, records the counts under `view`, and returns the blocking violations. */
  const scan = async (page: Page, view: string): Promise<string[]> => {
    const violations: AxeViolation[] = await axeScan(page);
    report[view] = { ...countByImpact(violations), rules: violations.map((v) => `${v.impact} ${v.id}`) };
    return blocking(violations);
  };

  it("draws the flow, follows a call into the keypad menu and the queue, zooms, and clears the queue", async () => {
    const page = await harness.openPage();
    const canvas = "#flow-canvas";
    await page.waitForSelector(`${canvas}[data-flow='inbound'] canvas`);
    expect(Number(await page.getAttribute(canvas, "data-nodes"))).toBeGreaterThan(30);
    expect(
      await page.$eval("#flow-select", (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent),
    ).toBe("Inbound (entry)");
    const zoom = async () => Number(await page.getAttribute(canvas, "data-zoom"));
    const before = await zoom();
    await page.click("#flow-zoom-in");
    await page.waitForFunction(
      (z) => Number(document.querySelector("#flow-canvas")?.getAttribute("data-zoom")) > z,
      before,
    );
    await page.click("#flow-fit");

    await page.selectOption("#caller-id", "+12025550188");
    await page.click("#dial");
    // The language key is offered first; the greeting, with its question, is the bot's prompt.
    await waitForText(page, "#call-transcript li.system", /日本語をご希望の方は/);
    await phoneIdle(page);
    await page.waitForSelector(`${canvas}[data-flow='inbound'][data-current='language-switch']`);
    await page.click("#silence");
    await waitForText(page, "#call-transcript li.system", /Hello John, .*Are you calling about your/);
    for (const nonsense of ["blorp zibble wug", "quux frobnicate glorp"]) {
      await phoneIdle(page);
      await page.fill("#say-input", nonsense);
      await page.press("#say-input", "Enter");
      await waitForText(page, "#call-transcript li.caller", new RegExp(nonsense));
    }
    await waitForText(page, "#call-transcript li.system", /press 0/);
    await phoneIdle(page);
    // The diagram switched flows by itself and shows where the call is, in the flow's own name.
    await page.waitForSelector(`${canvas}[data-flow='keypad-menu'][data-current='menu']`);
    expect(
      await page.$eval("#flow-select", (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent),
    ).toBe("Keypad menu");
    expect(await page.getAttribute(canvas, "aria-label")).toMatch(/Current block: Get customer input\./);
    await page.click("#flow-follow");
    await page.click(".flow-list-details summary");
    await waitForText(page, "#flow-list .flow-node.current .node-detail", /To cancel an order, press 1/);
    await harness.screenshot(page, "diagram-keypad-menu-en");

    await page.click(".keypad .key[data-key='0']");
    await waitForText(page, "#call-status", /In the queue/);
    await page.waitForSelector(`${canvas}:not([data-flow='keypad-menu'])`);
    expect(await page.$eval("#flow-path", (el) => el.textContent)).toMatch(
      /Agent transfer: Transfer to queue/,
    );

    // Queued contacts can be cleared from the console (each one hung up, as its caller would).
    await waitForText(page, "#contacts td", /\+12025550188/);
    await page.click("#clear-queue");
    await waitForText(page, "#state-message", /Hung up 1 queued contacts/);
    await waitForText(page, "#contacts", /Nothing yet/);
    await waitForText(page, "#call-status", /Call ended|In the queue/);
  });

  it("restores the demo orders with the console's button", async () => {
    const page = await harness.openPage();
    const row =
      "#orders tr[data-key='2002'] td.status-PLACED, #orders tr[data-key='2002'] td.status-CANCELLED";
    await waitForText(page, row, /^Placed$/);
    const update = await dynamo(harness.emulator.url, "UpdateItem", {
      TableName: "Orders",
      Key: { orderId: { S: "2002" } },
      UpdateExpression: "SET #s = :c",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":c": { S: "CANCELLED" } },
    });
    expect(update.status).toBe(200);
    await waitForText(page, row, /^Cancelled$/);
    await page.click("#reset-demo");
    await waitForText(page, "#state-message", /Demo orders restored \(9 orders\)/);
    await waitForText(page, row, /^Placed$/);
  });

  it("explains a caller number it cannot use, in words, and reads national formats", async () => {
    const page = await harness.openPage({ locale: "ja-JP" });
    await page.selectOption("#caller-id", "other");
    await page.selectOption("#call-locale", "ja_JP");
    await page.fill("#custom-number", "090-1111");
    await page.click("#dial");
    await waitForText(page, "#custom-number-error", /090-1111 は日本の電話番号ではありません/);
    expect(await page.getAttribute("#custom-number", "aria-invalid")).toBe("true");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("custom-number");
    await page.fill("#custom-number", "+44 20 7946 0958");
    await page.click("#dial");
    await waitForText(page, "#custom-number-error", /発信できるのは日本またはアメリカ合衆国の番号だけです/);
    await page.fill("#custom-number", "090-1111-2222");
    expect(await page.isHidden("#custom-number-error")).toBe(true);
    await waitForText(page, "#custom-number-hint", /\+819011112222 から発信します/);
    await page.click("#dial");
    await waitForText(page, "#call-transcript li.system", /オーダーライン/);
    await phoneIdle(page);
    await page.click("#hang-up");
    await waitForText(page, "#call-status", /通話が終了しました/);
  });

  it.each(LANGUAGES)(
    "is usable at 390 px in %s: nothing wider than the screen, chat reachable",
    async (_, locale) => {
      const callId = await queueACaller(harness.emulator.url, "+12025550142");
      const page = await harness.openPage({ locale, viewport: PHONE });
      await page.waitForSelector("#orders table");
      await page.waitForSelector("#contacts td.attrs");
      // The page itself never scrolls sideways; wide tables scroll inside their panels.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
        PHONE.width,
      );
      expect(
        await page.$eval("#orders", (el) => ({
          inside: el.scrollWidth > el.clientWidth,
          width: el.clientWidth,
        })),
      ).toMatchObject({ inside: true });
      // The chat launcher is on screen and opens the chat.
      const launcher = await page.$eval("#chat-launcher", (el) => el.getBoundingClientRect().toJSON());
      expect(launcher.right).toBeLessThanOrEqual(PHONE.width);
      expect(launcher.bottom).toBeLessThanOrEqual(PHONE.height);
      // The language button stays on one line, and no cell wraps one character per line.
      const toggle = await page.$eval("#lang-toggle", (el) => {
        const style = getComputedStyle(el);
        return { height: el.getBoundingClientRect().height, line: Number.parseFloat(style.lineHeight) || 24 };
      });
      expect(toggle.height).toBeLessThan(toggle.line * 2 + 16);
      const narrowCells = await page.$$eval("td", (cells) =>
        cells
          .filter((td) => (td.textContent ?? "").trim().length > 3)
          .filter(
            (td) => td.getBoundingClientRect().width < 2.5 * Number.parseFloat(getComputedStyle(td).fontSize),
          )
          .map((td) => td.textContent),
      );
      expect(narrowCells).toEqual([]);
      await harness.screenshot(page, `console-390px-${locale}`);
      expect(await scan(page, `390px ${locale} state`)).toEqual([]);

      await page.click("#chat-launcher");
      await page.waitForSelector("#chat-panel:not([hidden])");
      const panel = await page.$eval("#chat-panel", (el) => el.getBoundingClientRect().toJSON());
      expect(panel.left).toBeGreaterThanOrEqual(0);
      expect(panel.right).toBeLessThanOrEqual(PHONE.width);
      await harness.screenshot(page, `chat-390px-${locale}`);
      expect(await scan(page, `390px ${locale} chat open`)).toEqual([]);
      await fetch(`${harness.emulator.url}/_local/calls/${callId}`, {
        method: "POST",
        body: JSON.stringify({ hangup: true }),
      });
    },
  );

  it.each(LANGUAGES)(
    "has no serious or critical accessibility violations in any view in %s",
    async (_, locale) => {
      const page = await harness.openPage({ locale });
      const ja = locale === "ja-JP";
      await page.waitForSelector("#orders table");
      await page.waitForSelector("#flow-canvas canvas");
      if (ja) {
        // Everything in Japanese: statuses, block texts, flow names, labels.
        expect(await page.textContent("#orders td.status-PLACED")).toBe("受付済み");
        expect(await page.textContent("#orders")).not.toMatch(
          /PLACED|SHIPPED|DELIVERED|CANCELLED|ja_JP|en_US/,
        );
        const options = await page.$$eval("#flow-select option", (o) => o.map((x) => x.textContent ?? ""));
        expect(options).toEqual([
          "着信（入口）",
          "キーパッドメニュー",
          "担当者への転送",
          "待ち行列（保留中）",
        ]);
        const labels = await page.$$eval("#flow-list .node-label", (l) => l.map((x) => x.textContent ?? ""));
        expect(labels.filter((l) => /[A-Za-z]{4,}/.test(l) && !/Lex|Lambda/.test(l))).toEqual([]);
        expect(await page.textContent("#flow-list")).toMatch(/オーダーラインにお電話いただき/);
      }
      await harness.screenshot(page, `console-desktop-${locale}`);
      expect(await scan(page, `desktop ${locale} start`)).toEqual([]);

      // In a call: transcript, live keypad, the diagram with a current block, the block list open.
      await page.selectOption("#caller-id", ja ? "+819012345678" : "+12025550123");
      await page.click("#dial");
      await phoneIdle(page);
      await page.waitForSelector("#flow-canvas[data-current]:not([data-current=''])");
      await page.click(".flow-list-details summary");
      await harness.screenshot(page, `console-in-call-${locale}`);
      expect(await scan(page, `desktop ${locale} in a call`)).toEqual([]);
      await page.click("#hang-up");
      await phoneIdle(page);

      // A caller number the console cannot use, with its explanation.
      await page.selectOption("#caller-id", "other");
      await page.fill("#custom-number", "12");
      await page.click("#dial");
      await page.waitForSelector("#custom-number-error:not([hidden])");
      expect(await scan(page, `desktop ${locale} number error`)).toEqual([]);

      // The chat widget open, before and after starting a chat.
      await page.click("#chat-launcher");
      await page.waitForSelector("#chat-panel:not([hidden])");
      expect(await scan(page, `desktop ${locale} chat open`)).toEqual([]);
      await page.fill("#chat-name", ja ? "佐藤 花子" : "Jane Smith");
      await page.selectOption("#chat-locale", ja ? "ja_JP" : "en_US");
      await page.press("#chat-name", "Enter");
      await page.waitForSelector("#chat-transcript .bubble.bot");
      expect(await page.textContent("#chat-transcript .bubble.bot .sender")).toBe(
        ja ? "オーダーライン" : "Orderline",
      );
      await harness.screenshot(page, `console-chat-${locale}`);
      expect(await scan(page, `desktop ${locale} chatting`)).toEqual([]);
      await page.click("#chat-end");
    },
  );
});
