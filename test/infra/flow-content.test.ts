import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack, Token } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import { FLOW_FILES, type FlowFile } from "../../flows/catalog.js";
import {
  placeholdersIn,
  substitutePlaceholders,
  UnknownPlaceholderError,
} from "../../infra/connect/flow-content.js";
import {
  type FlowSource,
  generateFlowSources,
  loadFlowSources,
  orderFlowSources,
} from "../../infra/connect/flow-sources.js";

const flow = (actions: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({ Version: "2019-10-30", StartAction: "a", Metadata: {}, Actions: actions, ...extra });

describe("substitutePlaceholders", () => {
  it("returns plain text when every value is a literal", () => {
    const out = substitutePlaceholders('{"Arn":"{{LexBotAliasArn}}"}', { LexBotAliasArn: "arn:x" }, "t.json");
    expect(out).toBe('{"Arn":"arn:x"}');
  });

  it("joins literal pieces and tokens so the ARN resolves at deploy", () => {
    const stack = new Stack();
    const arn = stack.resolve(
      stack.formatArn({ service: "lambda", resource: "function", resourceName: "f" }),
    );
    const token = Token.asString(arn);
    const out = substitutePlaceholders(
      '{"A":"{{ConnectLambdaArn}}","B":"{{ConnectLambdaArn}}"}',
      { ConnectLambdaArn: token },
      "t",
    );
    expect(Token.isUnresolved(out)).toBe(true);
    const joined = stack.resolve(out)["Fn::Join"];
    expect(joined[0]).toBe("");
    expect(joined[1].filter((p: unknown) => typeof p === "string" && p.includes("{{"))).toEqual([]);
  });

  it("fails with the file and the name of an unknown placeholder", () => {
    const call = () =>
      substitutePlaceholders('{"Q":"{{MysteryQueueArn}}"}', { AgentQueueArn: "q" }, "flows/x.json");
    expect(call).toThrow(UnknownPlaceholderError);
    expect(call).toThrow("flows/x.json: unknown placeholder {{MysteryQueueArn}} (known: AgentQueueArn)");
  });

  it("fails on a malformed placeholder instead of shipping it to Connect", () => {
    expect(() => substitutePlaceholders('{"Q":"{{ Agent Queue }}"}', {}, "flows/x.json")).toThrow(
      "flows/x.json: malformed placeholder",
    );
  });

  it("lists placeholders once, in order of use", () => {
    expect(placeholdersIn("{{B}} {{A}} {{B}}")).toEqual(["B", "A"]);
  });
});

describe("loadFlowSources", () => {
  const catalog: FlowFile[] = [
    { key: "inbound", name: "Orderline inbound", type: "CONTACT_FLOW" },
    {
      key: "customer-queue",
      name: "Orderline customer queue",
      type: "CUSTOMER_QUEUE",
      arnPlaceholder: "CustomerQueueFlowArn",
    },
    {
      key: "keypad-menu",
      name: "Orderline keypad menu",
      type: "CONTACT_FLOW",
      arnPlaceholder: "KeypadMenuFlowArn",
    },
  ];

  it("reads the catalog's flows, skips files not written yet, and keeps their ARN placeholders", () => {
    const dir = mkdtempSync(join(tmpdir(), "flows-"));
    writeFileSync(join(dir, "config.json"), JSON.stringify({ defaultLocale: "en_US" }));
    writeFileSync(
      join(dir, "inbound.json"),
      flow([{ P: "{{KeypadMenuFlowArn}}" }], { Metadata: { description: "In" } }),
    );
    writeFileSync(join(dir, "customer-queue.json"), flow([], { Settings: { InputParameters: [] } }));
    const sources = loadFlowSources(dir, catalog);
    expect(sources.map((s) => [s.name, s.displayName, s.kind, s.type, s.arnPlaceholder])).toEqual([
      ["inbound", "Orderline inbound", "flow", "CONTACT_FLOW", undefined],
      ["customer-queue", "Orderline customer queue", "module", undefined, "CustomerQueueFlowArn"],
    ]);
    expect(sources[0]?.description).toBe("In");
    expect(sources[0]?.placeholders).toEqual(["KeypadMenuFlowArn"]);
  });

  it("refuses a file that is not a flow", () => {
    const dir = mkdtempSync(join(tmpdir(), "flows-"));
    writeFileSync(join(dir, "inbound.json"), "{}");
    expect(() => loadFlowSources(dir, catalog)).toThrow("flows/inbound.json: not a flow");
  });

  it("tolerates a missing or empty flows folder", () => {
    expect(loadFlowSources(join(tmpdir(), "no-such-flows-dir"), catalog)).toEqual([]);
    expect(loadFlowSources(mkdtempSync(join(tmpdir(), "flows-")), catalog)).toEqual([]);
  });

  it("reads the committed flows of this repository", () => {
    const sources = loadFlowSources(join(import.meta.dirname, "..", "..", "flows"));
    expect(sources.map((s) => s.name)).toEqual(
      FLOW_FILES.filter((f) => sources.some((s) => s.name === f.key)).map((f) => f.key),
    );
  });
});

describe("orderFlowSources", () => {
  const source = (name: string, arnPlaceholder: string, placeholders: string[]): FlowSource => ({
    name,
    file: `${name}.json`,
    displayName: name,
    kind: "flow",
    type: "CONTACT_FLOW",
    content: "{}",
    arnPlaceholder,
    placeholders,
  });

  it("puts referenced flows first", () => {
    const ordered = orderFlowSources([
      source("inbound", "InboundFlowArn", ["KeypadMenuFlowArn", "AgentTransferFlowArn"]),
      source("keypad-menu", "KeypadMenuFlowArn", ["AgentTransferFlowArn"]),
      source("agent-transfer", "AgentTransferFlowArn", ["CustomerQueueFlowArn"]),
      source("customer-queue", "CustomerQueueFlowArn", ["AgentQueueArn"]),
    ]);
    expect(ordered.map((s) => s.name)).toEqual([
      "customer-queue",
      "agent-transfer",
      "keypad-menu",
      "inbound",
    ]);
  });

  it("refuses a reference cycle", () => {
    expect(() =>
      orderFlowSources([source("a", "AFlowArn", ["BFlowArn"]), source("b", "BFlowArn", ["AFlowArn"])]),
    ).toThrow("Flow reference cycle: a → b → a");
  });
});

describe("dialed numbers → locale, an input of the flow generator", () => {
  const localeFromNumber = (dialedNumberLocales: Record<string, string>) => {
    const inbound = generateFlowSources({ dialedNumberLocales }).find((s) => s.name === "inbound")!;
    const flow = JSON.parse(inbound.content);
    return flow.Actions.find((a: { Identifier: string }) => a.Identifier === "locale-from-number");
  };

  it("puts exact numbers before the prefix rules", () => {
    const compare = localeFromNumber({ "+815012345678": "en_US" });
    expect(compare.Transitions.Conditions.map((c: { NextAction: string }) => c.NextAction)).toEqual([
      "set-locale-en_US",
      "set-locale-ja_JP",
    ]);
    expect(compare.Transitions.Conditions[0].Condition).toEqual({
      Operator: "Equals",
      Operands: ["+815012345678"],
    });
  });

  it("leaves the flows as committed when no numbers are set", () => {
    const committed = loadFlowSources(join(import.meta.dirname, "..", "..", "flows"));
    expect(generateFlowSources({ dialedNumberLocales: {} }).map((s) => s.content)).toEqual(
      committed.map((s) => s.content),
    );
  });

  it("refuses a locale the flow does not speak", () => {
    expect(() => generateFlowSources({ dialedNumberLocales: { "+4930123456": "de_DE" } })).toThrow(
      "flows/inbound.json: dialedNumberLocales names de_DE, which the flow does not speak",
    );
  });

  it("routes a number to its locale in the generated inbound flow", () => {
    const compare = localeFromNumber({ "+12125550100": "ja_JP" });
    expect(compare.Transitions.Conditions[0].NextAction).toBe("set-locale-ja_JP");
  });
});
