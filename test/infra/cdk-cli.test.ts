import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { PHONE_METADATA_FILE } from "../../fulfillment/src/domain/phone-numbers.js";

const ROOT = join(import.meta.dirname, "..", "..");
const INSTANCE_ARN = "arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555";

function dirSize(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce(
    (sum, e) => sum + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size),
    0,
  );
}

describe("npx cdk synth", () => {
  // One full CLI synth: cdk.json, the pinned CLI, bundling, cdk-nag and CloudFormation schema validation (strict).
  it("synthesizes the whole app offline, without credentials", { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), "orderline-synth-"));
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CDK_DISABLE_CLI_TELEMETRY: "true",
      CDK_DISABLE_VERSION_CHECK: "true",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    };
    const started = Date.now();
    const result = await promisify(execFile)(
      "npx",
      [
        "--no-install",
        "cdk",
        "synth",
        "--quiet",
        "-o",
        out,
        "-c",
        `connectInstanceArn=${INSTANCE_ARN}`,
        "-c",
        "claimPhoneNumber=true",
      ],
      { cwd: ROOT, env, maxBuffer: 16 * 1024 * 1024 },
    );
    const seconds = (Date.now() - started) / 1000;
    const template = JSON.parse(readFileSync(join(out, "Orderline.template.json"), "utf8"));
    const types = Object.values(template.Resources as Record<string, { Type: string }>).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(["AWS::Lex::Bot", "AWS::Connect::ContactFlow"]));
    const report = JSON.parse(readFileSync(join(out, "validation-report.json"), "utf8"));
    expect(report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations)).toEqual([]);
    // Our three bundles (the fourth asset is aws-cdk-lib's custom-resource provider).
    const assets = readdirSync(out).filter(
      (d) => d.startsWith("asset.") && readdirSync(join(out, d)).includes("index.mjs"),
    );
    expect(assets).toHaveLength(3);
    for (const asset of assets) {
      expect(readdirSync(join(out, asset, "locales")).sort()).toEqual(
        expect.arrayContaining(["en_US", "ja_JP"]),
      );
      // The phone-number metadata ships as data read on first use, never as code every cold start parses.
      expect(readdirSync(join(out, asset))).toContain(PHONE_METADATA_FILE);
      expect(readFileSync(join(out, asset, "index.mjs"), "utf8")).not.toMatch(/"?AC"?:\["247"/);
    }
    const sizes = assets.map((a) => `${a.slice(0, 14)} ${(dirSize(join(out, a)) / 1024).toFixed(0)} KiB`);
    console.info(`cdk synth: ${seconds.toFixed(1)} s; assets: ${sizes.join(", ")}`);
    expect(result.stderr).not.toMatch(/AwsSolutions-/);
  });
});
