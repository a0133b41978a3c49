import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { loadTestCaseSources } from "../../flows/src/test-case-sources.js";
import { parseTestCase } from "../../flows/src/testing-language.js";
import { OrderlineStack } from "../../infra/orderline-stack.js";
import { readSettings } from "../../infra/settings.js";
import { TEST_CASE_TAG } from "../../infra/testing/orderline-test-cases.js";

// biome-ignore lint/suspicious/noExplicitAny: template JSON is read as data.
type Any = any;

const INSTANCE_ARN = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555";
const sources = loadTestCaseSources();
let resources: Record<string, Any>;

/** Renders a (possibly Fn::Join) string with tokens as `<Logical.Attr>`. */
function render(value: Any): string {
  const parts: Any[] = value?.["Fn::Join"] ? value["Fn::Join"][1] : [value];
  return parts
    .map((p) =>
      typeof p === "string"
        ? p
        : p["Fn::GetAtt"]
          ? `<${p["Fn::GetAtt"].join(".")}>`
          : p.Ref
            ? `<Ref:${p.Ref}>`
            : "<token>",
    )
    .join("");
}

beforeAll(() => {
  process.env.CDK_VALIDATION = "false";
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), "orderline-cdk-tc-")),
    context: { deployTestCases: "true" },
  });
  const settings = readSettings((key) => (key === "connectInstanceArn" ? INSTANCE_ARN : undefined));
  const stack = new OrderlineStack(app, "Orderline", { settings });
  resources = Template.fromStack(stack).findResources("AWS::Connect::TestCase");
});

describe("cdk synth -c deployTestCases=true", () => {
  it("creates one published AWS::Connect::TestCase per committed case", () => {
    const all = Object.values(resources);
    expect(all).toHaveLength(sources.length);
    expect(all.map((r) => r.Properties.Name).sort()).toEqual(sources.map((s) => s.Name).sort());
    for (const r of all) {
      expect(r.Properties.Status).toBe("PUBLISHED");
      expect(r.Properties.InstanceArn).toBe(INSTANCE_ARN);
      expect(r.Properties.Tags[0].Key).toBe(TEST_CASE_TAG);
    }
  });

  it.each(sources.map((s) => [s.key]))(
    "%s: every placeholder is a deployed ARN and the content still loads",
    (key) => {
      const r = Object.values(resources).find((x) => x.Properties.Tags[0].Value === key);
      const content = render(r.Properties.Content);
      expect(content).not.toMatch(/\{\{/);
      const doc = parseTestCase(content, { channel: r.Properties.EntryPoint.Type });
      expect(doc.version).toBe("2025-06-21");
      const ep = r.Properties.EntryPoint;
      const flowId = render(ep.VoiceCallEntryPointParameters?.FlowId ?? ep.ChatEntryPointParameters?.FlowId);
      expect(flowId).toMatch(/^<ConnectFlowinbound[A-Z0-9]+\.ContactFlowArn>$/);
      expect(JSON.stringify(r.Properties)).not.toMatch(/\{\{/);
      if (content.includes("ConnectLambdaArn") || content.includes("LambdaFunctionARN"))
        expect(content).toMatch(/"LambdaFunctionARN":"<FunctionsConnectHandler[A-Z0-9]+\.Arn>"/);
    },
  );
});
