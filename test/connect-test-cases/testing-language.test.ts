import { describe, expect, it } from "vitest";
import { canonicalTestCase, parseTestCase, TestCaseContentError } from "../../flows/src/testing-language.js";
import {
  messageMatches,
  messageTokens,
  similarityScore,
} from "../../local/connect-test-cases/message-matching.js";

type Json = Record<string, unknown>;

const msg = (text: string, extra: Json = {}) => ({
  Identifier: "e",
  Type: "MessageReceived",
  Actor: "System",
  Properties: { Text: text, MatchingCriteria: { Type: "Similarity" } },
  ...extra,
});
const dtmf = (value: unknown) => ({
  Identifier: "a",
  Type: "SendInstruction",
  Parameters: {
    ActionType: "SendInstruction",
    Actor: "Customer",
    Instruction: { Type: "DtmfInput", Properties: { Value: value } },
  },
});
const obs = (o: Json = {}) => ({ Identifier: "Welcome", Event: msg("Hello"), Actions: [], ...o });
const doc = (observations: unknown[], extra: Json = {}) => ({
  Version: "2025-06-21",
  Metadata: {},
  Observations: observations,
  ...extra,
});

function problemsOf(content: unknown, channel?: "VOICE_CALL" | "CHAT"): string[] {
  try {
    parseTestCase(content, { channel });
  } catch (err) {
    if (err instanceof TestCaseContentError) return err.problems;
    throw err;
  }
  return [];
}

describe("load-time errors name the observation and the field", () => {
  it.each([
    ["not JSON", "{", /Content is not JSON/],
    [
      "an unknown Version",
      doc([obs()], { Version: "2024-01-01" }),
      /Version must be one of 2025-06-21, 2019-10-30/,
    ],
    ["no observations", doc([]), /Observations must be a non-empty array/],
    [
      "a missing Identifier",
      doc([obs({ Identifier: undefined })]),
      /Observations\[0\]: Identifier is required/,
    ],
    ["a duplicate Identifier", doc([obs(), obs()]), /Observation "Welcome": Identifier is not unique/],
    [
      "an unknown event",
      doc([obs({ Event: { Type: "CallAnswered" } })]),
      /Observation "Welcome": Event.Type must be one of TestInitiated/,
    ],
    [
      "a non-System actor",
      doc([obs({ Event: { ...msg("x"), Actor: "Agent" } })]),
      /Event.Actor must be "System"/,
    ],
    [
      "bad matching criteria",
      doc([obs({ Event: msg("x", { Properties: { Text: "x", MatchingCriteria: { Type: "Fuzzy" } } }) })]),
      /Observation "Welcome": Event.Properties.MatchingCriteria.Type must be "Similarity" or "Inclusion" \(got "Fuzzy"\)/,
    ],
    [
      "a message without text",
      doc([obs({ Event: msg("x", { Properties: {} }) })]),
      /needs one of Text, SSML, PromptId or Media/,
    ],
    [
      "an unknown next observation",
      doc([obs({ Transitions: { NextObservations: ["Nope"] } })]),
      /names unknown observation "Nope"/,
    ],
    [
      "a bad Usage",
      doc([obs({ Usage: { Type: "Sometimes" } })]),
      /Usage.Type must be Exactly, AtLeast, AtMost or Always/,
    ],
    [
      "Usage without Times",
      doc([obs({ Usage: { Type: "AtLeast" } })]),
      /Observation "Welcome": Usage.Times is required for AtLeast/,
    ],
    [
      "bad DTMF",
      doc([obs({ Actions: [dtmf("1a")] })]),
      /action "a" Parameters.Instruction.Properties.Value must be DTMF digits/,
    ],
    [
      "an assertion without operand",
      doc([
        obs({
          Actions: [
            {
              Identifier: "chk",
              Type: "Assert",
              Parameters: { Namespace: "$.Queue.Name", Operator: "Equals" },
            },
          ],
        }),
      ]),
      /Observation "Welcome": action "chk" Parameters.Operand is required for Equals/,
    ],
    [
      "an unknown operator",
      doc([
        obs({
          Actions: [
            {
              Identifier: "chk",
              Type: "Assert",
              Parameters: { Namespace: "$.x", Operator: "Like", Operand: "a" },
            },
          ],
        }),
      ]),
      /action "chk" Parameters.Operator must be one of Equals/,
    ],
    [
      "an override of nothing",
      doc([
        obs({
          Actions: [
            {
              Identifier: "mock",
              Type: "OverrideSystemBehavior",
              Parameters: {
                ActionType: "OverrideSystemBehavior",
                Behavior: {
                  Type: "FlowAction",
                  Properties: {
                    ActionType: "InvokeLambdaFunction",
                    ActionParameters: {},
                    Strategy: { Type: "SubstituteResource", SubstituteArn: "x" },
                  },
                },
              },
            },
          ],
        }),
      ]),
      /action "mock" Parameters.Behavior.Properties.ActionParameters must name the resource to override/,
    ],
    [
      "an error the action cannot raise",
      doc([
        obs({
          Actions: [
            {
              Identifier: "mock",
              Type: "OverrideSystemBehavior",
              Parameters: {
                ActionType: "OverrideSystemBehavior",
                Behavior: {
                  Type: "FlowAction",
                  Properties: {
                    ActionType: "CheckHoursOfOperation",
                    ActionParameters: { HoursOfOperationId: "h" },
                    Strategy: {
                      Type: "MockResponse",
                      Response: { Type: "Error", Error: { Value: "QueueAtCapacity" } },
                    },
                  },
                },
              },
            },
          ],
        }),
      ]),
      /Strategy.Response.Error.Value must be one of NoMatchingError for CheckHoursOfOperation/,
    ],
    [
      "a NextAction cycle",
      doc([
        obs({
          Actions: [
            { ...dtmf("1"), Identifier: "a", Transitions: { NextAction: "b" } },
            { ...dtmf("2"), Identifier: "b", Transitions: { NextAction: "a" } },
          ],
        }),
      ]),
      /Actions NextAction cycle through a, b/,
    ],
    [
      "an unknown TestControl command",
      doc([
        obs({
          Actions: [
            {
              Identifier: "c",
              Type: "TestControl",
              Parameters: { ActionType: "TestControl", Command: { Type: "Pause" } },
            },
          ],
        }),
      ]),
      /action "c" Parameters.Command.Type must be "EndTest" or "LogData"/,
    ],
  ])("rejects %s", (_what, content, problem) => {
    expect(problemsOf(content).join("\n")).toMatch(problem);
  });

  it("rejects DTMF under a chat entry point", () => {
    expect(problemsOf(doc([obs({ Actions: [dtmf("1")] })]), "CHAT")).toEqual([
      'Observation "Welcome": action "a" Parameters.Instruction.Type DtmfInput needs a VOICE_CALL entry point (chat has no keypad)',
    ]);
  });
});

describe("documented variants", () => {
  const utterance = (type: string, props: Json) => ({
    Identifier: "u",
    Type: "SendInstruction",
    Parameters: {
      ActionType: "SendInstruction",
      Actor: "Customer",
      Instruction: { Type: type, Properties: props },
    },
    Transitions: { NextAction: "" },
  });

  it.each([
    ["Version 2019-10-30", doc([obs()], { Version: "2019-10-30" })],
    ["Usage EXACTLY without Times", doc([obs({ Usage: { Type: "EXACTLY" } })])],
    ["Usage ANY", doc([obs({ Usage: { Type: "ANY" } })])],
    [
      "Event-level MatchingCriteria string",
      doc([obs({ Event: { ...msg("Hi", { Properties: { Text: "Hi" } }), MatchingCriteria: "Inclusion" } })]),
    ],
    [
      "TextUtterance with Text",
      doc([obs({ Actions: [utterance("TextUtterance", { Text: "hello", LanguageCode: "en-US" })] })]),
    ],
    ["Utterance with Value", doc([obs({ Actions: [utterance("Utterance", { Value: "hello" })] })])],
    ["a DTMF number", doc([obs({ Actions: [dtmf(12)] })])],
    ["Transitions {} on actions", doc([obs({ Actions: [{ ...dtmf("1"), Transitions: {} }] })])],
    [
      'the DG typo "InvokeLambdaFunction "',
      doc([
        obs({
          Event: {
            Identifier: "x",
            Type: "FlowActionStarted",
            Actor: "System",
            Properties: { ActionType: "InvokeLambdaFunction ", ActionParameters: { LambdaFunctionARN: "f" } },
          },
        }),
      ]),
    ],
  ])("accepts %s", (_what, content) => {
    expect(problemsOf(content)).toEqual([]);
  });

  it("emits the service model's form: Version 2025-06-21, MatchingCriteria object in Properties, Utterance/Value, PascalCase Usage", () => {
    const legacy = doc(
      [
        obs({
          Usage: { Type: "EXACTLY" },
          Event: { ...msg("Hi", { Properties: { Text: "Hi" } }), MatchingCriteria: "Inclusion" },
          Actions: [utterance("TextUtterance", { Text: "hello", LanguageCode: "en-US" })],
        }),
        { ...obs({ Identifier: "Any" }), Usage: { Type: "ANY" } },
      ],
      { Version: "2019-10-30" },
    );
    const out = JSON.parse(canonicalTestCase(legacy));
    expect(out.Version).toBe("2025-06-21");
    expect(out.Observations[0].Usage).toEqual({ Type: "Exactly", Times: 1 });
    expect(out.Observations[1].Usage).toEqual({ Type: "Always" });
    expect(out.Observations[0].Event.MatchingCriteria).toBeUndefined();
    expect(out.Observations[0].Event.Properties).toEqual({
      Text: "Hi",
      MatchingCriteria: { Type: "Inclusion" },
    });
    expect(out.Observations[0].Actions[0].Parameters.Instruction).toEqual({
      Type: "Utterance",
      Properties: { Value: "hello", LanguageCode: "en-US" },
    });
    expect(problemsOf(out)).toEqual([]);
  });
});

describe("message matching (deterministic; not Connect's algorithm)", () => {
  it.each([
    ["Press 1 to be connected to an agent", "Press 1 to be connected to an agent.", 1],
    ["Press 1 to be connected to an agent", "press one to be connected to an agent", 0.875],
    ["Press 1 to be connected to an agent", "Press 2 for billing", 0.167],
    ["ご利用ありがとうございました。", "ご利用ありがとうございました", 1],
  ])("scores %j against %j as %d", (expected, observed, score) => {
    expect(similarityScore(expected, observed)).toBeCloseTo(score, 3);
  });

  it("tokenizes Latin text into words and Japanese into character bigrams", () => {
    expect(messageTokens("Hello, Jane!")).toEqual(["hello", "jane"]);
    expect(messageTokens("ご用件")).toEqual(["ご用", "用件"]);
    expect(messageTokens("ＡＢＣ注文")).toEqual(["abc", "注文"]);
  });

  it("matches Similarity at 0.8 and Inclusion by containment after normalization", () => {
    expect(
      messageMatches(
        "Similarity",
        "Press 1 to be connected to an agent",
        "press one to be connected to an agent",
      ).matched,
    ).toBe(true);
    expect(
      messageMatches(
        "Similarity",
        "Press 1 to be connected to an agent",
        "press one to be connected to an agent",
        0.9,
      ).matched,
    ).toBe(false);
    expect(messageMatches("Inclusion", "HELLO jane", "Hello Jane, thank you for calling.").matched).toBe(
      true,
    );
    expect(messageMatches("Inclusion", "Hello Joe", "Hello Jane, thank you for calling.").matched).toBe(
      false,
    );
  });
});
