import { describe, expect, it } from "vitest";
import type { FlowAction, FlowContent } from "../../flows/src/flow-types.js";
import { SUPPORTED_ACTION_TYPES } from "../../local/connect/blocks/index.js";
import { Contact } from "../../local/connect/contact.js";
import type { ConnectLambdaHandler, FlowEnvironment } from "../../local/connect/environment.js";
import { lookupReference, newFlowData, resolveText } from "../../local/connect/flow-data.js";
import { FlowRegistry, loadFlow } from "../../local/connect/flow-registry.js";
import { conditionHolds, runContact } from "../../local/connect/interpreter.js";
import type { LexRuntime } from "../../local/connect/lex-runtime.js";

const noLex: LexRuntime = { recognizeText: async () => ({}) };

function setup(actions: FlowAction[], handler?: ConnectLambdaHandler, lex: LexRuntime = noLex) {
  const content: FlowContent = {
    Version: "2019-10-30",
    StartAction: actions[0]!.Identifier,
    Metadata: {},
    Actions: actions,
  };
  const flows = new FlowRegistry();
  const flow = loadFlow(
    content,
    { key: "t", id: "t", arn: "arn:t", name: "t", type: "CONTACT_FLOW" },
    SUPPORTED_ACTION_TYPES,
  );
  flows.add(flow);
  const env: FlowEnvironment = {
    flows,
    lambda: async (arn) => (arn === "fn" ? handler : undefined),
    lex,
    hoursOpen: () => true,
    queue: () => undefined,
    queueAtCapacity: () => false,
    region: "us-east-1",
    defaultLocaleId: "en_US",
    lambdaRetryBudgetMs: 2_000,
  };
  const contact = new Contact(
    "c-1",
    newFlowData({
      contactId: "c-1",
      channel: "VOICE",
      instanceArn: "arn:i",
      customerAddress: "+819012345678",
    }),
  );
  return { run: () => runContact(contact, flow, env), contact };
}

const say = (id: string, text: string, next: string): FlowAction => ({
  Identifier: id,
  Type: "MessageParticipant",
  Parameters: { Text: text },
  Transitions: { NextAction: next, Errors: [{ ErrorType: "NoMatchingError", NextAction: next }] },
});
const bye: FlowAction = { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };
const invoke = (timeout: string | number, responseType = "STRING_MAP"): FlowAction => ({
  Identifier: "fn",
  Type: "InvokeLambdaFunction",
  Parameters: {
    LambdaFunctionARN: "fn",
    InvocationTimeLimitSeconds: timeout,
    ResponseValidation: { ResponseType: responseType },
    LambdaInvocationAttributes: { action: "x", who: "$.CustomerEndpoint.Address" },
  },
  Transitions: { NextAction: "ok", Errors: [{ ErrorType: "NoMatchingError", NextAction: "failed" }] },
});
const lambdaFlow = (timeout: string | number = "1", responseType?: string) => [
  invoke(timeout, responseType),
  say("ok", "ok $.External.name", "bye"),
  say("failed", "failed", "bye"),
  bye,
];
const prompts = (c: Contact) =>
  c
    .drainEvents()
    .filter((e) => e.type === "prompt")
    .map((e) => (e as { text: string }).text);

describe("references", () => {
  const data = {
    ...newFlowData({ contactId: "c", channel: "VOICE", instanceArn: "i", customerAddress: "+1" }),
    External: { a: { b: "deep" }, n: "5" },
  };
  it.each([
    ["$.CustomerEndpoint.Address", "+1"],
    ["$.External.a.b", "deep"],
    ["$.['External'].n", "5"],
    ["Order $.External.n.", "Order 5."],
    ["$.Attributes.missing", ""],
    ["田中$.External.n様", "田中5様"],
  ])("resolves %s", (value, expected) => {
    expect(resolveText(data, value)).toBe(expected);
  });
  it("returns undefined for a missing path", () => {
    expect(lookupReference(data, "$.External.a.c.d")).toBeUndefined();
  });
});

describe("conditions", () => {
  it.each([
    ["Equals", "1", "1", true],
    ["Equals", "1", "01", false],
    ["TextStartsWith", "+81", "+8190", true],
    ["NumberGreaterThan", "2", "10", true],
    ["NumberLessThan", "2", "abc", false],
    ["TextContains", "ケトル", "電気ケトル", true],
  ])("%s %s against %s is %s", (op, operand, value, expected) => {
    expect(conditionHolds({ Operator: op, Operands: [operand] }, value)).toBe(expected);
  });
});

describe("InvokeLambdaFunction", () => {
  it("passes a real ContactFlowEvent and exposes the response as $.External", async () => {
    let seen: unknown;
    const { run, contact } = setup(lambdaFlow(), async (event) => {
      seen = event;
      return { name: "Hanako", count: 2 };
    });
    await run();
    expect(prompts(contact)).toEqual(["ok Hanako"]);
    expect(seen).toMatchObject({
      Name: "ContactFlowEvent",
      Details: {
        Parameters: { action: "x", who: "+819012345678" },
        ContactData: { Channel: "VOICE", CustomerEndpoint: { Address: "+819012345678" } },
      },
    });
    expect(contact.data.External).toEqual({ name: "Hanako", count: "2" });
  });

  it("takes the Error branch when the handler outlives the block's time limit (numbers or strings)", async () => {
    const { run, contact } = setup(lambdaFlow(1), () => new Promise((r) => setTimeout(() => r({}), 1_500)));
    await run();
    expect(prompts(contact)).toEqual(["failed"]);
    expect(contact.lambda[0]!.error).toMatch(/timed out after 1000 ms/);
  });

  it("rejects a nested STRING_MAP response but accepts it as JSON", async () => {
    const nested = async () => ({ name: { first: "H" } });
    const a = setup(lambdaFlow("1", "STRING_MAP"), nested);
    await a.run();
    expect(prompts(a.contact)).toEqual(["failed"]);
    const b = setup(lambdaFlow("1", "JSON"), nested);
    await b.run();
    expect(prompts(b.contact)).toEqual(['ok {"first":"H"}']);
  });

  it("retries throttling up to three times, but not a function error", async () => {
    let calls = 0;
    const throttled = async () => {
      calls++;
      if (calls <= 3) throw Object.assign(new Error("Rate exceeded"), { name: "TooManyRequestsException" });
      return { name: "late" };
    };
    const a = setup(lambdaFlow(), throttled);
    await a.run();
    expect(prompts(a.contact)).toEqual(["ok late"]);
    expect(a.contact.lambda[0]!.attempts).toBe(4);
    calls = 0;
    const b = setup(lambdaFlow(), async () => {
      calls++;
      throw new Error("boom");
    });
    await b.run();
    expect(prompts(b.contact)).toEqual(["failed"]);
    expect(calls).toBe(1);
  });
});

describe("ConnectParticipantWithLexBot", () => {
  it("runs turns until the bot closes, then branches on the intent and sets $.Lex", async () => {
    const requests: unknown[] = [];
    const lex: LexRuntime = {
      recognizeText: async (input) => {
        requests.push(input);
        return requests.length === 1
          ? {
              messages: [{ contentType: "PlainText", content: "Which order?" }],
              sessionState: {
                dialogAction: { type: "ElicitSlot" },
                intent: { name: "CancelOrder", state: "InProgress" },
              },
            }
          : {
              messages: [{ contentType: "SSML", content: "<speak>Done.</speak>" }],
              sessionState: {
                dialogAction: { type: "Close" },
                intent: {
                  name: "CancelOrder",
                  state: "Fulfilled",
                  slots: { OrderId: { value: { originalValue: "1001", interpretedValue: "1001" } } },
                },
                sessionAttributes: { orderId: "1001" },
              },
            };
      },
    };
    const bot: FlowAction = {
      Identifier: "bot",
      Type: "ConnectParticipantWithLexBot",
      Parameters: {
        Text: "How can I help?",
        LexV2Bot: { AliasArn: "arn:aws:lex:us-east-1:000000000000:bot-alias/BOT1/ALIAS1" },
        LexSessionAttributes: { callerPhone: "$.CustomerEndpoint.Address" },
      },
      Transitions: {
        Conditions: [
          { NextAction: "cancelled", Condition: { Operator: "Equals", Operands: ["CancelOrder"] } },
        ],
        Errors: ["NoMatchingCondition", "InputTimeLimitExceeded", "NoMatchingError"].map((ErrorType) => ({
          ErrorType,
          NextAction: "failed",
        })),
      },
    };
    const { run, contact } = setup(
      [bot, say("cancelled", "slot $.Lex.Slots.OrderId", "bye"), say("failed", "failed", "bye"), bye],
      undefined,
      lex,
    );
    const done = run();
    await contact.settled();
    contact.provideInput({ say: "cancel my order" });
    await contact.settled();
    contact.provideInput({ dtmf: "1001#" });
    await done;
    expect(prompts(contact)).toEqual(["How can I help?", "Which order?", "Done.", "slot 1001"]);
    expect(requests[0]).toMatchObject({
      botId: "BOT1",
      botAliasId: "ALIAS1",
      sessionId: "c-1",
      localeId: "en_US",
      sessionAttributes: { callerPhone: "+819012345678" },
      requestAttributes: { "x-amz-lex:channels:platform": "Connect" },
    });
    expect(requests[1]).toMatchObject({
      text: "1001",
      requestAttributes: { "x-amz-lex:dtmf-transcript": "1001" },
    });
    expect(contact.data.Lex).toMatchObject({
      IntentName: "CancelOrder",
      DialogState: "Fulfilled",
      SessionAttributes: { orderId: "1001" },
    });
  });

  it.each([
    ["allows", {}, ["yes"]],
    ["allows", { "x-amz-lex:allow-interrupt:*:*": "true" }, ["yes"]],
    ["refuses", { "x-amz-lex:allow-interrupt:*:*": "false" }, ["after"]],
  ])("hears words said over its prompt when Lex %s barge-in (%j)", async (_what, attributes, heard) => {
    const texts: string[] = [];
    const lex: LexRuntime = {
      recognizeText: async (input) => {
        texts.push(input.text);
        return {
          messages: [{ contentType: "PlainText", content: "Done." }],
          sessionState: { dialogAction: { type: "Close" }, intent: { name: "Affirm", state: "Fulfilled" } },
        };
      },
    };
    const bot: FlowAction = {
      Identifier: "bot",
      Type: "ConnectParticipantWithLexBot",
      Parameters: {
        Text: "Are you calling about your kettle?",
        LexV2Bot: { AliasArn: "arn:aws:lex:us-east-1:000000000000:bot-alias/BOT1/ALIAS1" },
        LexSessionAttributes: attributes,
      },
      Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingError", NextAction: "bye" }] },
    };
    const { run, contact } = setup([bot, bye], undefined, lex);
    const done = run();
    await contact.settled();
    contact.provideInput({ say: "yes", bargeIn: true });
    await contact.settled();
    if (contact.state === "waiting") contact.provideInput({ say: "after" });
    await done;
    expect(texts).toEqual(heard);
  });

  it("takes InputTimeLimitExceeded on silence", async () => {
    const bot: FlowAction = {
      Identifier: "bot",
      Type: "ConnectParticipantWithLexBot",
      Parameters: { LexV2Bot: { AliasArn: "arn:aws:lex:us-east-1:000000000000:bot-alias/BOT1/ALIAS1" } },
      Transitions: {
        Errors: [
          { ErrorType: "InputTimeLimitExceeded", NextAction: "timeout" },
          { ErrorType: "NoMatchingError", NextAction: "bye" },
        ],
      },
    };
    const { run, contact } = setup([bot, say("timeout", "timeout", "bye"), bye]);
    const done = run();
    await contact.settled();
    contact.provideInput({ silence: true });
    await done;
    expect(prompts(contact)).toEqual(["timeout"]);
  });
});

describe("Loop and dead ends", () => {
  it("continues LoopCount times, then is done", async () => {
    const loop: FlowAction = {
      Identifier: "loop",
      Type: "Loop",
      Parameters: { LoopCount: 2 },
      Transitions: {
        Conditions: [
          { NextAction: "again", Condition: { Operator: "Equals", Operands: ["ContinueLooping"] } },
          { NextAction: "bye", Condition: { Operator: "Equals", Operands: ["DoneLooping"] } },
        ],
      },
    };
    const { run, contact } = setup([loop, say("again", "again", "loop"), bye]);
    await run();
    expect(prompts(contact)).toEqual(["again", "again"]);
  });

  it("records a failure when a block has no branch for its outcome", async () => {
    const { run, contact } = setup([
      {
        Identifier: "fn",
        Type: "InvokeLambdaFunction",
        Parameters: { LambdaFunctionARN: "none" },
        Transitions: { NextAction: "bye" },
      },
      bye,
    ]);
    await run();
    expect(contact.failure).toMatch(/fn: no branch for error NoMatchingError/);
    expect(contact.state).toBe("ended");
  });
});
