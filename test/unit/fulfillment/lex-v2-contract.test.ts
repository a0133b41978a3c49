import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  codeHookResponseProblems,
  type Intent,
  parseLexEvent,
  scalarSlot,
  slotText,
} from "../../../fulfillment/src/contracts/lex-v2.js";
import { lexEvent } from "../../support/fulfillment-harness.js";

const fixture = (name: string): unknown => JSON.parse(readFileSync(`test/fixtures/lex/${name}`, "utf8"));
const intent: Intent = { name: "CancelOrder", slots: {}, state: "InProgress", confirmationState: "None" };
const say = [{ contentType: "PlainText", content: "Anything else?" }];

describe("parseLexEvent", () => {
  it.each(["cancel-order-dtmf.json", "check-order-status-voice.json", "fallback.json"])(
    "reads the %s fixture",
    (file) => {
      expect(parseLexEvent(fixture(file))).not.toBeNull();
    },
  );

  it.each<[string, unknown]>([
    ["the invalid fixture", fixture("invalid.json")],
    ["a string", "CancelOrder"],
    ["an unknown invocation source", { ...lexEvent({ intent: "CancelOrder" }), invocationSource: "Other" }],
    ["an empty session id", lexEvent({ intent: "CancelOrder", sessionId: "" })],
    ["a session id over 100 characters", lexEvent({ intent: "CancelOrder", sessionId: "s".repeat(101) })],
    ["an empty intent name", lexEvent({ intent: "" })],
    ["a number in the session attributes", lexEvent({ intent: "CancelOrder", attrs: { n: 1 as never } })],
  ])("rejects %s", (_label, raw) => {
    expect(parseLexEvent(raw)).toBeNull();
  });

  it("keeps what Orderline reads and drops values outside the contract's enums", () => {
    const raw = lexEvent({ intent: "CancelOrder", slots: { OrderId: "1001" }, inputMode: "DTMF" });
    const weird = {
      ...raw,
      inputMode: "Telepathy",
      sessionState: {
        ...raw.sessionState,
        intent: {
          name: "CancelOrder",
          state: "Pondering",
          confirmationState: "Maybe",
          slots: { OrderId: { shape: "Blob", value: { interpretedValue: "1001" } }, PhoneLast4: "x" },
        },
      },
    };
    const event = parseLexEvent(weird);
    expect(event?.inputMode).toBeUndefined();
    expect(event?.sessionState.intent).toEqual({
      name: "CancelOrder",
      state: undefined,
      confirmationState: undefined,
      slots: {
        OrderId: {
          shape: "Scalar",
          value: { originalValue: undefined, interpretedValue: "1001", resolvedValues: [] },
        },
        PhoneLast4: null,
      },
    });
    expect(slotText(event?.sessionState.intent.slots, "OrderId")).toBe("1001");
    expect(slotText(event?.sessionState.intent.slots, "PhoneLast4")).toBeUndefined();
  });
});

describe("codeHookResponseProblems", () => {
  it.each<[string, unknown]>([
    [
      "a close",
      { sessionState: { dialogAction: { type: "Close" }, intent: { ...intent, state: "Fulfilled" } } },
    ],
    [
      "an elicit slot",
      {
        sessionState: {
          sessionAttributes: { "ol:asked": "OrderId" },
          dialogAction: { type: "ElicitSlot", slotToElicit: "OrderId" },
          intent: { ...intent, slots: { OrderId: null, PhoneLast4: scalarSlot("0123") } },
        },
        messages: [{ contentType: "PlainText", content: "Which order?" }],
      },
    ],
    ["an elicit intent", { sessionState: { dialogAction: { type: "ElicitIntent" } }, messages: say }],
    [
      "a delegate to fulfilment",
      {
        sessionState: {
          dialogAction: { type: "Delegate" },
          intent: { ...intent, state: "ReadyForFulfillment" },
        },
      },
    ],
  ])("accepts %s", (_label, response) => {
    expect(codeHookResponseProblems(response, { strictest: true })).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ["a list", [], "response is not a JSON object"],
    ["no session state", { messages: say }, "sessionState is required"],
    [
      "an unknown dialog action",
      { sessionState: { dialogAction: { type: "Sideways" } } },
      "sessionState.dialogAction.type must be one of Close, ConfirmIntent, Delegate, ElicitIntent, ElicitSlot, None",
    ],
    [
      "an elicit slot without a slot",
      { sessionState: { dialogAction: { type: "ElicitSlot" }, intent } },
      "slotToElicit is required for ElicitSlot",
    ],
    [
      "a close without an intent state",
      { sessionState: { dialogAction: { type: "Close" }, intent: { name: "CancelOrder" } } },
      "intent.state is required for Close",
    ],
    [
      "ReadyForFulfillment with Close",
      {
        sessionState: {
          dialogAction: { type: "Close" },
          intent: { ...intent, state: "ReadyForFulfillment" },
        },
      },
      "intent.state ReadyForFulfillment is only valid with Delegate",
    ],
    [
      "an unknown intent state",
      { sessionState: { dialogAction: { type: "Close" }, intent: { ...intent, state: "Done" } } },
      "intent.state Done is not valid",
    ],
    [
      "a slot value without interpretedValue",
      {
        sessionState: {
          dialogAction: { type: "Close" },
          intent: { ...intent, state: "Failed", slots: { OrderId: { value: { originalValue: "1" } } } },
        },
      },
      "slot OrderId is malformed",
    ],
    [
      "a number in the session attributes",
      {
        sessionState: { dialogAction: { type: "ElicitIntent" }, sessionAttributes: { n: 1 } },
        messages: say,
      },
      "sessionAttributes.n must be a string",
    ],
    [
      "session attributes over 12 KB",
      {
        sessionState: {
          dialogAction: { type: "ElicitIntent" },
          sessionAttributes: { big: "x".repeat(12_000) },
        },
        messages: say,
      },
      "sessionAttributes are 12010 bytes, over 12000",
    ],
    [
      "an elicit intent without messages",
      { sessionState: { dialogAction: { type: "ElicitIntent" } } },
      "messages are required for ElicitIntent",
    ],
    [
      "eleven messages",
      { sessionState: { dialogAction: { type: "ElicitIntent" } }, messages: Array(11).fill(say[0]) },
      "at most 10 messages",
    ],
    [
      "an empty message",
      { sessionState: { dialogAction: { type: "ElicitIntent" } }, messages: [{ contentType: "PlainText" }] },
      "message content must be 1 to 1024 characters",
    ],
    [
      "a message over 1,024 characters",
      {
        sessionState: { dialogAction: { type: "ElicitIntent" } },
        messages: [{ contentType: "SSML", content: "x".repeat(1025) }],
      },
      "message content must be 1 to 1024 characters",
    ],
  ])("rejects %s", (_label, response, problem) => {
    expect(codeHookResponseProblems(response)).toContain(problem);
  });

  // Lex's pages disagree on these; the emulator accepts them, Orderline's own Lambda never relies on them.
  it.each<[string, unknown, string]>([
    [
      "a confirmation without messages (the bot's prompt is used)",
      { sessionState: { dialogAction: { type: "ConfirmIntent" }, intent } },
      "messages are required for ConfirmIntent",
    ],
    [
      "an elicit slot that keeps the session's intent",
      { sessionState: { dialogAction: { type: "ElicitSlot", slotToElicit: "OrderId" } } },
      "intent is required for ElicitSlot",
    ],
    [
      "a delegate with an intent but no state",
      { sessionState: { dialogAction: { type: "Delegate" }, intent: { name: "CancelOrder" } } },
      "intent.state is required for Delegate",
    ],
    [
      "an intent without a name",
      { sessionState: { dialogAction: { type: "Delegate" }, intent: { state: "InProgress" } } },
      "intent.name must be a string",
    ],
  ])("accepts %s unless held to the strictest reading", (_label, response, problem) => {
    expect(codeHookResponseProblems(response, { event: { sessionState: { intent } } })).toEqual([]);
    expect(codeHookResponseProblems(response, { strictest: true })).toContain(problem);
  });
});
