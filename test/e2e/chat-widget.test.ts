import { afterAll, beforeAll, expect, it } from "vitest";
import { describeInBrowser } from "./browser.js";
import { type ConsoleHarness, startConsoleHarness } from "./console-harness.js";
import { SCENARIO_TIMEOUT_MS, waitForText } from "./page-helpers.js";

describeInBrowser("web console chat widget", { timeout: SCENARIO_TIMEOUT_MS }, () => {
  let harness: ConsoleHarness;
  beforeAll(async () => {
    harness = await startConsoleHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it("verifies and cancels an order through Connect chat, and the order row updates", async () => {
    const page = await harness.openPage();
    // What goes over the wire: chatjs's websocket frames and any transcript reads over REST.
    const socketUrls: string[] = [];
    const frames: string[] = [];
    let transcriptReads = 0;
    page.on("websocket", (ws) => {
      socketUrls.push(ws.url());
      ws.on("framereceived", (frame) => frames.push(String(frame.payload)));
    });
    page.on("request", (req) => {
      if (new URL(req.url()).pathname === "/participant/transcript") transcriptReads++;
    });
    await waitForText(page, "#orders tr[data-key='2001'] td.status-PLACED", /^Placed$/);

    await page.click("#chat-launcher");
    expect(await page.getAttribute("#chat-launcher", "aria-expanded")).toBe("true");
    await page.fill("#chat-name", "Jane Smith");
    await page.selectOption("#chat-locale", "en_US");
    await page.press("#chat-name", "Enter");

    const bot = "#chat-transcript .bubble.bot";
    await waitForText(page, bot, /How can I help/i);
    const say = async (text: string, reply: RegExp) => {
      await page.fill("#chat-input", text);
      await page.press("#chat-input", "Enter");
      await waitForText(page, "#chat-transcript .bubble.customer", new RegExp(`${text}$`));
      await waitForText(page, bot, reply);
    };
    await say("I want to cancel my order", /order number/i);
    await say("2001", /last four digits/i);
    await say("0123", /Shall I cancel it\?/i);
    await say("yes", /is cancelled/i);

    // The live path: chatjs subscribed on the emulator's websocket and the bot's replies came over it, not
    // from polling the transcript (read once, for what came before the subscription).
    expect(socketUrls.length).toBeGreaterThan(0);
    for (const url of socketUrls)
      expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/connect\/chat\/websocket\?token=/);
    expect(frames).toContain(
      '{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}',
    );
    const pushed = frames
      .map((f) => JSON.parse(f) as { topic?: string; content?: string })
      .filter((f) => f.topic === "aws/chat")
      .map(
        (f) =>
          JSON.parse(f.content ?? "{}") as { ContentType?: string; Content?: string; DisplayName?: string },
      );
    expect(pushed.some((i) => /is cancelled/.test(i.Content ?? ""))).toBe(true);
    expect(pushed).toContainEqual(
      expect.objectContaining({
        ContentType: "application/vnd.amazonaws.connect.event.typing",
        DisplayName: "BOT",
      }),
    );
    expect(await page.getAttribute("#chat-panel", "data-transport")).toBe("websocket");
    expect(await page.textContent("#chat-status")).not.toMatch(/Live connection unavailable/);
    expect(transcriptReads).toBeLessThanOrEqual(2);

    // The customer's name on their bubbles, and the change visible in the live state without a reload.
    expect(await page.textContent("#chat-transcript .bubble.customer .sender")).toBe("Jane Smith");
    // The bot is the shop to the customer, never Connect's "BOT" display name.
    expect(await page.textContent("#chat-transcript .bubble.bot .sender")).toBe("Orderline");
    await waitForText(page, "#orders tr[data-key='2001'] td.status-CANCELLED", /^Cancelled$/);
    await waitForText(page, "#sms tr", /\+12025550123/);
    // The chat runs the inbound flow; its Lex turns show beside the state.
    await waitForText(page, "#lex-turns td span[title='CancelOrder']", /^Cancel order$/);
    // From the emulator's turn log: the resolved slots (the last four digits masked) and a confidence score.
    await waitForText(page, "#lex-turns td.attrs", /OrderId=2001/);
    await waitForText(page, "#lex-turns td.attrs", /PhoneLast4=\*{4}/);
    await waitForText(page, "#lex-turns td", /^(0\.\d\d|1\.00)$/);
    expect(await page.textContent("#lex-turns")).not.toContain("0123");
    // The chat's record is read as its items arrive (over the websocket, quickly): wait for it, don't race it.
    await page.waitForFunction(() => document.querySelectorAll("#flow-path li").length > 5);
    await harness.screenshot(page, "chat-cancel-order");

    await page.click("#chat-end");
    await waitForText(page, "#chat-status", /Chat ended/);
    expect(await page.isVisible("#chat-prechat")).toBe(true);
  });
});
