import { describe, expect, it } from "vitest";
import {
  ACTION_CONTRACTS,
  type ActionType,
  missingParameters,
  unknownParameters,
} from "../../flows/src/action-contract.js";
import type { FlowContent } from "../../flows/src/flow-types.js";
import { checkFlowStructure } from "../../flows/src/structure-check.js";
import { BLOCKS } from "../../local/connect/blocks/index.js";
import { loadFlow } from "../../local/connect/flow-registry.js";

const types = Object.keys(ACTION_CONTRACTS) as ActionType[];

describe("the action contract", () => {
  it.each(types)(
    "%s: its required error branches are documented errors, and the emulator runs it",
    (type) => {
      const c = ACTION_CONTRACTS[type];
      for (const e of c.requiredErrors) expect([...c.errors, "NoMatchingError"]).toContain(e);
      expect(BLOCKS[type].type).toBe(type);
      expect(c.doc).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/connect\/latest\/APIReference\/.+\.html$/);
    },
  );

  it.each([
    ["Compare", {}, ["missing parameter ComparisonValue"]],
    ["MessageParticipant", {}, ["needs exactly one of Text, SSML, PromptId, Media"]],
    [
      "MessageParticipant",
      { Text: "a", SSML: "<speak>a</speak>" },
      ["needs exactly one of Text, SSML, PromptId, Media"],
    ],
    ["InvokeLambdaFunction", { LambdaFunctionARN: "arn" }, []],
  ] as [ActionType, Record<string, unknown>, string[]][])("%s with %j: %j", (type, params, problems) => {
    expect(missingParameters(type, params)).toEqual(problems);
  });

  it("names parameters it does not know", () => {
    expect(
      unknownParameters("GetParticipantInput", { InputTimeLimitSeconds: "5", InputTerminator: "#" }),
    ).toEqual(["InputTerminator"]);
  });

  const flow: FlowContent = {
    Version: "2019-10-30",
    StartAction: "c",
    Metadata: {},
    Actions: [
      {
        Identifier: "c",
        Type: "Compare",
        Parameters: {},
        Transitions: { NextAction: "bye", Errors: [{ ErrorType: "NoMatchingCondition", NextAction: "bye" }] },
      },
      { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
    ],
  };

  it("makes a missing parameter a load-time error in the emulator", () => {
    expect(() => loadFlow(flow, { key: "t", id: "t", arn: "t", name: "t", type: "CONTACT_FLOW" })).toThrow(
      "Flow t: action c (Compare): missing parameter ComparisonValue",
    );
  });

  it("makes a missing parameter a structure problem", () => {
    expect(checkFlowStructure(flow, { flowType: "CONTACT_FLOW", locales: ["en_US"] })).toContain(
      "c: Compare missing parameter ComparisonValue",
    );
  });
});
