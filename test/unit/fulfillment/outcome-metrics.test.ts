import { afterEach, describe, expect, it, vi } from "vitest";
import {
  connectOutcome,
  emfSink,
  FUNNEL_ATTR,
  lexOutcome,
  type OutcomeRecord,
  observeTexts,
  setOutcomeSink,
  withOutcomeMetrics,
} from "../../../fulfillment/src/observability/outcome-metrics.js";
import type { Dependencies } from "../../../fulfillment/src/ports.js";

const event = (intent: string, attrs: Record<string, string> = {}, confirmationState = "None") => ({
  bot: { localeId: "ja_JP" },
  requestAttributes: { "x-amz-lex:channels:platform": "Connect" },
  sessionState: { intent: { name: intent, confirmationState }, sessionAttributes: attrs },
});
const result = (
  intent: string,
  type: string,
  attrs: Record<string, string>,
  extra: { state?: string; confirmationState?: string } = {},
) => ({
  sessionState: {
    dialogAction: { type },
    intent: {
      name: intent,
      state: extra.state ?? "InProgress",
      confirmationState: extra.confirmationState ?? "None",
    },
    sessionAttributes: { ...attrs },
  },
});

afterEach(() => setOutcomeSink(undefined));

describe("lexOutcome: funnel stages and outcomes from what the code hook returned", () => {
  it.each([
    ["a new request", event("CancelOrder"), result("CancelOrder", "ElicitSlot", {}), ["started"], undefined],
    [
      "a verified order",
      event("CancelOrder", { [FUNNEL_ATTR]: "CancelOrder:0" }),
      result("CancelOrder", "ConfirmIntent", { "ol:order": "{}" }),
      ["identified"],
      undefined,
    ],
    [
      "a confirmed, written change",
      event("CancelOrder", { [FUNNEL_ATTR]: "CancelOrder:1", "ol:order": "{}" }, "Confirmed"),
      result(
        "CancelOrder",
        "Close",
        { "ol:order": "{}", outcome: "done" },
        { state: "Fulfilled", confirmationState: "Confirmed" },
      ),
      ["confirmed", "written"],
      "done",
    ],
    [
      "a caller's own order, straight to a refusal",
      event("ChangeShippingDate"),
      result("ChangeShippingDate", "Close", { "ol:order": "{}", outcome: "refused" }, { state: "Failed" }),
      ["started", "identified"],
      "refused",
    ],
    [
      "the same intent again after it closed",
      event("CancelOrder", { [FUNNEL_ATTR]: "CancelOrder:closed" }),
      result("CancelOrder", "ElicitSlot", {}),
      ["started"],
      undefined,
    ],
  ])("records %s", (_name, e, r, stages, outcome) => {
    const record = lexOutcome(e, r, false)!;
    expect(record.stages).toEqual(stages);
    expect(record.outcome).toBe(outcome);
    expect(record).toMatchObject({ intent: r.sessionState.intent.name, locale: "ja_JP", channel: "Connect" });
  });

  it("counts a handoff with its reason and a text sent after a write", () => {
    const handoff = lexOutcome(
      event("CancelOrder", { [FUNNEL_ATTR]: "CancelOrder:0" }),
      result(
        "CancelOrder",
        "Close",
        { outcome: "handoff", handoffReason: "verification_failed" },
        { state: "Failed" },
      ),
      false,
    );
    expect(handoff).toMatchObject({ outcome: "handoff", handoffReason: "verification_failed" });
    const texted = lexOutcome(
      event("CancelOrder", { [FUNNEL_ATTR]: "CancelOrder:2" }, "Confirmed"),
      result(
        "CancelOrder",
        "Close",
        { outcome: "done" },
        { state: "Fulfilled", confirmationState: "Confirmed" },
      ),
      true,
    );
    expect(texted?.stages).toEqual(["written", "texted"]);
  });

  it("names the intent the bot lost on a fallback, and marks the first call of a session", () => {
    const r = result("FallbackIntent", "ElicitIntent", { outcome: "fallback" });
    const fallback = lexOutcome(event("FallbackIntent", { [FUNNEL_ATTR]: "ChangeShippingDate:1" }), r, false);
    expect(fallback).toMatchObject({ fallbackFrom: "ChangeShippingDate", stages: [] });
    expect(fallback?.conversationStart).toBeUndefined();
    expect(r.sessionState.sessionAttributes[FUNNEL_ATTR]).toBe("ChangeShippingDate:1");
    expect(
      lexOutcome(event("CancelOrder"), result("CancelOrder", "ElicitSlot", {}), false)?.conversationStart,
    ).toBe(true);
  });
});

describe("connectOutcome: keypad writes by their result", () => {
  const contact = (action: string, extra: Record<string, string> = {}) => ({
    Details: {
      Parameters: { action, locale: "en_US", ...extra },
      ContactData: { Channel: "VOICE", Attributes: {} },
    },
  });
  it.each([
    ["cancelOrder", { result: "CANCELLED" }, "done"],
    ["cancelOrder", { result: "NOT_CANCELLABLE" }, "refused"],
    ["changeShippingDate", { result: "CHANGED_BY_OTHER" }, "conflict"],
    ["requestCallback", { result: "ERROR" }, "error"],
    ["cancelOrder", { result: "ERROR", handoffReason: "verification_failed" }, "handoff"],
  ])("%s → %j is %s", (action, res, outcome) => {
    expect(connectOutcome(contact(action), res, false)).toMatchObject({
      outcome,
      channel: "VOICE",
      locale: "en_US",
    });
  });
  it("ignores lookups and dry runs", () => {
    expect(connectOutcome(contact("lookupCaller"), { result: "OK" }, false)).toBeUndefined();
    expect(
      connectOutcome(contact("changeShippingDate", { dryRun: "true" }), { result: "VALID" }, false),
    ).toBeUndefined();
  });
});

describe("withOutcomeMetrics", () => {
  it("hands each record to the sink and returns the handler's answer unchanged", async () => {
    const seen: OutcomeRecord[] = [];
    setOutcomeSink((r) => seen.push(r));
    const answer = result(
      "TransferToAgent",
      "Close",
      { outcome: "handoff", handoffReason: "customer_request" },
      { state: "Fulfilled" },
    );
    const handler = withOutcomeMetrics("test", lexOutcome, async () => answer);
    expect(await handler(event("TransferToAgent"))).toBe(answer);
    expect(seen).toEqual([
      expect.objectContaining({
        intent: "TransferToAgent",
        outcome: "handoff",
        handoffReason: "customer_request",
        stages: ["started"],
      }),
    ]);
  });

  it("counts a text only for the request that sent it, with requests in flight together", async () => {
    const seen: OutcomeRecord[] = [];
    setOutcomeSink((r) => seen.push(r));
    const sent: string[] = [];
    const deps = { sms: { send: async (phone: string) => void sent.push(phone) } } as unknown as Dependencies;
    const written = (attrs: Record<string, string>) =>
      result("CancelOrder", "Close", { ...attrs, outcome: "done" }, { state: "Fulfilled" });
    const handler = withOutcomeMetrics("test", lexOutcome, async (e: ReturnType<typeof event>, texts) => {
      const texting = e.sessionState.sessionAttributes.text === "yes";
      await new Promise((r) => setTimeout(r, texting ? 20 : 5));
      if (texting) await observeTexts(deps, texts).sms.send("+15550100", "cancelled");
      return written(e.sessionState.sessionAttributes);
    });
    const confirmed = (text: string) =>
      event("CancelOrder", { [FUNNEL_ATTR]: "CancelOrder:2", text }, "Confirmed");
    await Promise.all([handler(confirmed("yes")), handler(confirmed("no"))]);
    expect(sent).toEqual(["+15550100"]);
    // In the order they finished: the request without a text first, while the texting one was still running.
    expect(seen.map((r) => r.stages)).toEqual([["written"], ["written", "texted"]]);
  });

  it("never fails a call because of metrics", async () => {
    setOutcomeSink(() => {
      throw new Error("sink down");
    });
    const handler = withOutcomeMetrics("test", lexOutcome, async () =>
      result("CancelOrder", "ElicitSlot", {}),
    );
    await expect(handler(event("CancelOrder"))).resolves.toBeDefined();
  });
});

describe("emfSink", () => {
  it("writes one EMF document per metric in the Orderline namespace, each with its own dimensions", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      emfSink("orderline-lex")({
        at: new Date().toISOString(),
        source: "lex",
        intent: "CancelOrder",
        locale: "ja_JP",
        channel: "Connect",
        outcome: "handoff",
        handoffReason: "verification_failed",
        stages: ["identified"],
      });
    } finally {
      spy.mockRestore();
    }
    const docs = lines.map(
      (l) =>
        JSON.parse(l) as Record<string, unknown> & {
          _aws: {
            CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
          };
        },
    );
    expect(docs.map((d) => d._aws.CloudWatchMetrics[0]!.Metrics[0]!.Name)).toEqual([
      "Outcome",
      "Handoff",
      "FunnelStage",
    ]);
    expect(docs.every((d) => d._aws.CloudWatchMetrics[0]!.Namespace === "Orderline")).toBe(true);
    expect(docs[1]!._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([
      ["service", "reason", "locale", "channel"],
    ]);
    expect(docs[1]).toMatchObject({ reason: "verification_failed", Handoff: 1, service: "orderline-lex" });
  });
});
