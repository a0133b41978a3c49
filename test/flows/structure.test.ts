import { describe, expect, it } from "vitest";
import { FLOW_FILES } from "../../flows/catalog.js";
import { FLOW_PLACEHOLDERS, fillPlaceholders } from "../../flows/placeholders.js";
import { buildFlows } from "../../flows/src/build-flows.js";
import { checkAllFlows } from "../../flows/src/flow-check.js";
import { flowLocaleIds, loadFlowConfig } from "../../flows/src/flow-config.js";
import type { FlowAction, FlowContent } from "../../flows/src/flow-types.js";
import { checkFlowStructure, placeholdersIn } from "../../flows/src/structure-check.js";
import { SUPPORTED_ACTION_TYPES } from "../../local/connect/blocks/index.js";
import { loadFlow } from "../../local/connect/flow-registry.js";
import { loadBotText } from "../../locales/index.js";

const opts = {
  flowType: "CONTACT_FLOW" as const,
  locales: ["en_US", "ja_JP"],
};

function tinyFlow(actions: FlowAction[]): FlowContent {
  return { Version: "2019-10-30", StartAction: actions[0]!.Identifier, Metadata: {}, Actions: actions };
}
const disconnect: FlowAction = {
  Identifier: "bye",
  Type: "DisconnectParticipant",
  Parameters: {},
  Transitions: {},
};
const lambda = (
  p: Record<string, unknown>,
  errors = [{ ErrorType: "NoMatchingError", NextAction: "bye" }],
): FlowAction => ({
  Identifier: "fn",
  Type: "InvokeLambdaFunction",
  Parameters: {
    LambdaFunctionARN: "{{ConnectLambdaArn}}",
    InvocationTimeLimitSeconds: "3",
    ResponseValidation: { ResponseType: "STRING_MAP" },
    ...p,
  },
  Transitions: { NextAction: "bye", Errors: errors },
});

describe("committed flows", () => {
  it("pass every check of npm run flows:check (up to date, structure, locales, diagrams)", () => {
    expect(checkAllFlows()).toEqual([]);
  });

  it("use only documented placeholders, and every documented placeholder is used", () => {
    const used = new Set(buildFlows().flatMap((f) => placeholdersIn(f.content)));
    expect([...used].sort()).toEqual(Object.keys(FLOW_PLACEHOLDERS).sort());
  });

  it("set the voice and language of each locale in the inbound flow, as the locale's bot.json declares them", () => {
    const inbound = buildFlows().find((f) => f.key === "inbound")!.content;
    for (const localeId of flowLocaleIds(loadFlowConfig())) {
      const bot = loadBotText(localeId);
      const l = { voiceId: bot.voice.voiceId, languageCode: bot.languageCode };
      expect(inbound.Actions).toContainEqual(
        expect.objectContaining({
          Type: "UpdateContactTextToSpeechVoice",
          Parameters: expect.objectContaining({ TextToSpeechVoice: l.voiceId, TextToSpeechEngine: "Neural" }),
        }),
      );
      expect(inbound.Actions).toContainEqual(
        expect.objectContaining({ Type: "UpdateContactData", Parameters: { LanguageCode: l.languageCode } }),
      );
    }
  });

  it("never pass the caller's number to the bot on chat", () => {
    const inbound = buildFlows().find((f) => f.key === "inbound")!.content;
    const chatBots = inbound.Actions.filter((a) => a.Identifier.startsWith("bot-chat"));
    expect(chatBots).toHaveLength(2);
    for (const a of chatBots) expect(a.Parameters.LexSessionAttributes).not.toHaveProperty("callerPhone");
  });

  it("load in the emulator with local ARNs", () => {
    for (const f of FLOW_FILES) {
      const content = buildFlows().find((b) => b.key === f.key)!.content;
      const values = Object.fromEntries(Object.keys(FLOW_PLACEHOLDERS).map((k) => [k, `arn:local:${k}`]));
      const text = fillPlaceholders(JSON.stringify(content), values);
      expect(text).not.toMatch(/\{\{/);
      expect(
        loadFlow(
          text,
          { key: f.key, id: f.key, arn: f.key, name: f.name, type: f.type },
          SUPPORTED_ACTION_TYPES,
        ).actions.size,
      ).toBe(content.Actions.length);
    }
  });
});

describe("checkFlowStructure", () => {
  it.each([
    [
      "a dead end",
      [{ Identifier: "a", Type: "UpdateFlowAttributes", Parameters: {}, Transitions: {} }],
      "a: no NextAction and no Conditions (dead end)",
    ],
    [
      "an unknown action type",
      [
        { Identifier: "a", Type: "PlayJingle", Parameters: {}, Transitions: { NextAction: "bye" } },
        disconnect,
      ],
      "a: action type PlayJingle is not supported",
    ],
    [
      "a Lambda without an error branch",
      [lambda({}, []), disconnect],
      "fn: InvokeLambdaFunction needs an NoMatchingError branch",
    ],
    [
      "a Lambda timeout over 8 s",
      [lambda({ InvocationTimeLimitSeconds: 9 }), disconnect],
      "fn: InvocationTimeLimitSeconds must be 1..8",
    ],
    [
      "an unknown placeholder",
      [lambda({ LambdaFunctionARN: "{{Nope}}" }), disconnect],
      "unknown placeholder {{Nope}}",
    ],
    ["an unreachable action", [disconnect, { ...disconnect, Identifier: "orphan" }], "orphan: unreachable"],
    [
      "a transition to nowhere",
      [
        {
          Identifier: "a",
          Type: "UpdateFlowAttributes",
          Parameters: {},
          Transitions: { NextAction: "gone" },
        },
      ],
      "a: transition to unknown action gone",
    ],
    [
      "a terminal action with transitions",
      [{ ...disconnect, Transitions: { NextAction: "bye" } }],
      "bye: terminal DisconnectParticipant must have empty Transitions",
    ],
    [
      "a locale compare missing a locale",
      [
        {
          Identifier: "c",
          Type: "Compare",
          Parameters: { ComparisonValue: "$.Attributes.locale" },
          Transitions: {
            Conditions: [{ NextAction: "bye", Condition: { Operator: "Equals", Operands: ["en_US"] } }],
            Errors: [{ ErrorType: "NoMatchingCondition", NextAction: "bye" }],
          },
        },
        disconnect,
      ],
      "c: no branch for locale ja_JP",
    ],
    [
      "a forbidden identifier character",
      [{ ...disconnect, Identifier: "a:b" }],
      "a:b: Identifier too long or has a forbidden character",
    ],
  ] as [string, FlowAction[], string][])("reports %s", (_name, actions, problem) => {
    expect(checkFlowStructure(tinyFlow(actions), opts)).toContain(problem);
  });

  it("accepts a minimal well-formed flow", () => {
    expect(checkFlowStructure(tinyFlow([lambda({}), disconnect]), opts)).toEqual([]);
  });
});

describe("loadFlow", () => {
  it("names an unknown action type at load time", () => {
    const flow = tinyFlow([{ Identifier: "x", Type: "PlayJingle", Parameters: {}, Transitions: {} }]);
    expect(() =>
      loadFlow(
        flow,
        { key: "t", id: "t", arn: "t", name: "t", type: "CONTACT_FLOW" },
        SUPPORTED_ACTION_TYPES,
      ),
    ).toThrow('Flow t: action x has unknown type "PlayJingle"');
  });
});
