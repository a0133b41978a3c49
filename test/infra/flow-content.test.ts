import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack, Token } from "aws-cdk-lib";
import { describe, expect, it } from "vitest";
import {
  placeholdersIn,
  substitutePlaceholders,
  UnknownPlaceholderError,
} from "../../infra/connect/flow-content.js";
import { type FlowSource, loadFlowSources, orderFlowSources } from "../../infra/connect/flow-sources.js";

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
  it("reads flows and modules, skips other JSON, and names their ARN placeholders", () => {
    const dir = mkdtempSync(join(tmpdir(), "flows-"));
    writeFileSync(join(dir, "config.json"), JSON.stringify({ defaultLocale: "en_US" }));
    writeFileSync(join(dir, "inbound.json"), flow([], { Metadata: { description: "Inbound" } }));
    writeFileSync(join(dir, "customer-queue.json"), flow([]));
    writeFileSync(join(dir, "keypad-menu-flow.json"), flow([{ P: "{{AgentTransferFlowArn}}" }]));
    writeFileSync(join(dir, "lookup-module.json"), flow([], { Settings: { InputParameters: [] } }));
    const sources = loadFlowSources(dir);
    expect(sources.map((s) => [s.name, s.kind, s.type, s.arnPlaceholder])).toEqual([
      ["customer-queue", "flow", "CUSTOMER_QUEUE", "CustomerQueueFlowArn"],
      ["inbound", "flow", "CONTACT_FLOW", "InboundFlowArn"],
      ["keypad-menu-flow", "flow", "CONTACT_FLOW", "KeypadMenuFlowArn"],
      ["lookup-module", "module", undefined, "LookupModuleArn"],
    ]);
    expect(sources.find((s) => s.name === "inbound")?.description).toBe("Inbound");
    expect(sources.find((s) => s.name === "keypad-menu-flow")?.placeholders).toEqual([
      "AgentTransferFlowArn",
    ]);
  });

  it("tolerates a missing or empty flows folder", () => {
    expect(loadFlowSources(join(tmpdir(), "no-such-flows-dir"))).toEqual([]);
    expect(loadFlowSources(mkdtempSync(join(tmpdir(), "flows-")))).toEqual([]);
  });
});

describe("orderFlowSources", () => {
  const source = (name: string, arnPlaceholder: string, placeholders: string[]): FlowSource => ({
    name,
    file: `${name}.json`,
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
