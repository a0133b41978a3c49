import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { beforeAll, describe, expect, it } from "vitest";
import { METRICS_NAMESPACE } from "../../fulfillment/src/observability/outcome-metrics.js";
import { FALLBACK_RATE_ALARM_THRESHOLD } from "../../infra/operations/bot-insights.js";
import { OrderlineStack } from "../../infra/orderline-stack.js";
import { readSettings } from "../../infra/settings.js";

let template: Template;

beforeAll(() => {
  process.env.CDK_VALIDATION = "false";
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), "orderline-insights-cdk-")) });
  template = Template.fromStack(
    new OrderlineStack(app, "OrderlineInsights", { settings: readSettings(() => undefined) }),
  );
});

describe("bot life after deploy: conversation logs, outcome metrics, dashboard, alarm", () => {
  it("turns on Lex conversation text logs for the live and the test alias, into a log group with retention", () => {
    const logGroup = { "Fn::GetAtt": [Match.stringLikeRegexp("^LexConversationLogs"), "Arn"] };
    const textLogs = {
      TextLogSettings: [
        {
          Enabled: true,
          Destination: { CloudWatch: { CloudWatchLogGroupArn: logGroup, LogPrefix: "lex/" } },
        },
      ],
    };
    template.hasResourceProperties("AWS::Lex::BotAlias", { ConversationLogSettings: textLogs });
    template.hasResourceProperties("AWS::Lex::Bot", {
      TestBotAliasSettings: { ConversationLogSettings: textLogs },
    });
    const groups = template.findResources("AWS::Logs::LogGroup");
    const conversation = Object.entries(groups).find(([id]) => id.startsWith("LexConversationLogs"));
    expect(conversation?.[1].Properties.RetentionInDays).toBe(30);
    // Encrypted with a customer managed key (cdk-nag AwsSolutions-LEX4) that rotates and that CloudWatch Logs
    // may use for this account's log groups.
    const keyArn = conversation?.[1].Properties.KmsKeyId["Fn::GetAtt"];
    expect(keyArn?.[1]).toBe("Arn");
    const key = template.toJSON().Resources[keyArn[0]];
    expect(key).toMatchObject({ Type: "AWS::KMS::Key", Properties: { EnableKeyRotation: true } });
    expect(key.Properties.KeyPolicy.Statement).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Principal: {
            Service: { "Fn::Join": ["", ["logs.", { Ref: "AWS::Region" }, ".", { Ref: "AWS::URLSuffix" }]] },
          },
          Action: expect.arrayContaining(["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"]),
          Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": expect.anything() } },
        }),
      ]),
    );
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(["logs:PutLogEvents"]), Resource: logGroup }),
        ]),
      },
    });
  });

  it("keeps the caller's digits out of the logs: PhoneLast4 is obfuscated in every locale", () => {
    const bot = Object.values(template.findResources("AWS::Lex::Bot"))[0]!;
    const slots = bot.Properties.BotLocales.flatMap((l: { Intents: { Slots?: unknown[] }[] }) =>
      l.Intents.flatMap((i) => i.Slots ?? []),
    ) as { Name: string; ObfuscationSetting?: { ObfuscationSettingType: string } }[];
    const last4 = slots.filter((s) => s.Name === "PhoneLast4");
    expect(last4.length).toBeGreaterThan(0);
    for (const s of last4) expect(s.ObfuscationSetting?.ObfuscationSettingType).toBe("DefaultObfuscation");
  });

  it("adds containment, fallback per intent and handoff-reason widgets over the Orderline metrics namespace", () => {
    const dashboard = Object.values(template.findResources("AWS::CloudWatch::Dashboard"))[0]!;
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    expect(body).toContain(
      `{${METRICS_NAMESPACE},channel,locale,reason,service} MetricName=\\\\\\"Handoff\\\\\\"`,
    );
    expect(body).toContain("Containment (conversations without an agent)");
    expect(body).toContain("Fallback rate per intent");
    expect(body).toContain("CancelOrder fallback %");
    expect(body).toContain("Handoff reasons");
  });

  it("alarms on the fallback rate", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Threshold: FALLBACK_RATE_ALARM_THRESHOLD,
      ComparisonOperator: "GreaterThanThreshold",
      Metrics: Match.arrayWith([
        Match.objectLike({
          Expression: Match.stringLikeRegexp(
            `SEARCH\\('\\{${METRICS_NAMESPACE},fromIntent,locale,service\\} MetricName="Fallback"`,
          ),
        }),
      ]),
    });
  });
});
