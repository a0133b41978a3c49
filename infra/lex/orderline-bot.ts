import {
  ArnFormat,
  aws_iam as iam,
  aws_kms as kms,
  type aws_lambda as lambda,
  aws_lex as lex,
  aws_logs as logs,
  RemovalPolicy,
  Stack,
  Validations,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import type { RenderedBot } from "../../bot/types.js";
import { hashBotDefinition, renderCfnBot } from "./render-cfn-bot.js";

/** Lex's fixed id for the test alias (always on the DRAFT version). */
export const TEST_BOT_ALIAS_ID = "TSTALIASID";
export const LIVE_ALIAS_NAME = "live";
/** The Lambda code hook payload version Lex V2 speaks. */
export const CODE_HOOK_INTERFACE_VERSION = "1.0";

export interface OrderlineBotProps {
  /** The rendered bot (definition + locale text) from `renderBot()`. */
  readonly bot: RenderedBot;
  /** The Lex code hook (dialog and fulfillment) for every locale. */
  readonly codeHook: lambda.IFunction;
  /**
   * Ask Amazon Comprehend for the caller's sentiment on every turn.
   * @default false
   */
  readonly detectSentiment?: boolean;
  /**
   * How long Lex conversation text logs are kept (obfuscated slots such as `PhoneLast4` are masked by Lex).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly conversationLogRetention?: logs.RetentionDays;
  /**
   * What the Lex console's test alias (TSTALIASID, DRAFT) runs. Anyone with `lex:RecognizeText` on it can set
   * session attributes, so by default it runs no code hook at all; pass a sandbox Lambda (over its own tables)
   * to try the bot in the console, or the production code hook only in a non-production stack.
   * @default no code hook on the test alias
   */
  readonly testAliasCodeHook?: lambda.IFunction;
}

/**
 * The Orderline Lex V2 bot: `CfnBot` rendered from bot/ and locales/, a version named by the definition's
 * hash (a changed bot gets a new version), and the `live` alias with the code hook per locale.
 */
export class OrderlineBot extends Construct {
  readonly bot: lex.CfnBot;
  readonly version: lex.CfnBotVersion;
  readonly alias: lex.CfnBotAlias;
  /** Hash of the rendered definition; part of the version's description and logical id. */
  readonly definitionHash: string;
  readonly aliasArn: string;
  readonly testAliasArn: string;
  readonly localeIds: string[];
  /** Intent names of the bot (every locale has the same). */
  readonly intentNames: string[];
  /** Lex conversation text logs of both aliases (CloudWatch Logs). */
  readonly conversationLogs: logs.LogGroup;
  /** The customer managed key that encrypts the conversation logs. */
  readonly conversationLogsKey: kms.Key;

  constructor(scope: Construct, id: string, props: OrderlineBotProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const rendered = renderCfnBot(props.bot);
    this.definitionHash = hashBotDefinition(rendered);
    this.localeIds = props.bot.locales.map((l) => l.localeId);
    this.intentNames = props.bot.locales[0]?.intents.map((i) => i.name) ?? [];

    const role = new iam.Role(this, "Role", {
      assumedBy: new iam.ServicePrincipal("lexv2.amazonaws.com"),
      description: "Orderline Lex bot runtime role (speech synthesis, sentiment)",
    });
    // Polly voices and Comprehend have no resource ARNs.
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: ["polly:SynthesizeSpeech", ...(props.detectSentiment ? ["comprehend:DetectSentiment"] : [])],
        resources: ["*"],
      }),
    );
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "polly:SynthesizeSpeech and comprehend:DetectSentiment do not support resource-level permissions.",
    });

    const sentiment = { DetectSentiment: props.detectSentiment ?? false };
    // Text logs only: no audio is stored. Lex writes them with the bot role.
    // Transcripts hold what callers said in their own words (obfuscation masks only slot values), so the log group
    // is encrypted with a customer managed key: reading them needs kms:Decrypt on this key, not only logs:Get*.
    // CloudWatch Logs encrypts and decrypts; Lex needs no KMS permission for text logs.
    this.conversationLogsKey = new kms.Key(this, "ConversationLogsKey", {
      description: `Lex conversation text logs of ${stack.stackName}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // The log group's ARN cannot appear here (the log group refers to the key), so: log groups of this account
    // and Region only.
    this.conversationLogsKey.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.${stack.urlSuffix}`)],
        actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
        resources: ["*"],
        conditions: {
          ArnLike: {
            "kms:EncryptionContext:aws:logs:arn": stack.formatArn({
              service: "logs",
              resource: "log-group",
              resourceName: "*",
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    this.conversationLogs = new logs.LogGroup(this, "ConversationLogs", {
      retention: props.conversationLogRetention ?? logs.RetentionDays.ONE_MONTH,
      encryptionKey: this.conversationLogsKey,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.conversationLogs.grantWrite(role);
    const conversationLogSettings = {
      textLogSettings: [
        {
          enabled: true,
          destination: {
            cloudWatch: { cloudWatchLogGroupArn: this.conversationLogs.logGroupArn, logPrefix: "lex/" },
          },
        },
      ],
    };
    const localeSettings = (fn: lambda.IFunction | undefined) =>
      this.localeIds.map((localeId) => ({
        localeId,
        botAliasLocaleSetting: fn
          ? {
              enabled: true,
              codeHookSpecification: {
                lambdaCodeHook: {
                  lambdaArn: fn.functionArn,
                  codeHookInterfaceVersion: CODE_HOOK_INTERFACE_VERSION,
                },
              },
            }
          : { enabled: false },
      }));
    const codeHookSettings = localeSettings(props.codeHook);

    this.bot = new lex.CfnBot(this, "Bot", {
      // Bot names are unique per account and region: a second stack gets its own bot.
      name: stack.stackName === props.bot.name ? props.bot.name : `${props.bot.name}-${stack.stackName}`,
      roleArn: role.roleArn,
      ...rendered,
      // The Lex console's test window (alias TSTALIASID, DRAFT): no code hook unless one is given.
      testBotAliasSettings: {
        description: props.testAliasCodeHook
          ? "Lex console test alias (DRAFT) with a separate code hook"
          : "Lex console test alias (DRAFT) without a code hook",
        botAliasLocaleSettings: localeSettings(props.testAliasCodeHook),
        sentimentAnalysisSettings: sentiment,
        conversationLogSettings,
      },
    });

    // A new logical id per definition hash makes CloudFormation create a new version and retire the old one.
    this.version = new lex.CfnBotVersion(this, `Version${this.definitionHash.slice(0, 8)}`, {
      botId: this.bot.attrId,
      description: `Orderline bot definition ${this.definitionHash}`,
      botVersionLocaleSpecification: this.localeIds.map((localeId) => ({
        localeId,
        botVersionLocaleDetails: { sourceBotVersion: "DRAFT" },
      })),
    });

    this.alias = new lex.CfnBotAlias(this, "LiveAlias", {
      botId: this.bot.attrId,
      botAliasName: LIVE_ALIAS_NAME,
      botVersion: this.version.attrBotVersion,
      description: `Orderline ${LIVE_ALIAS_NAME} alias (definition ${this.definitionHash})`,
      botAliasLocaleSettings: codeHookSettings,
      sentimentAnalysisSettings: sentiment,
      conversationLogSettings,
    });
    this.aliasArn = this.alias.attrArn;
    this.testAliasArn = stack.formatArn({
      service: "lex",
      resource: "bot-alias",
      resourceName: `${this.bot.attrId}/${TEST_BOT_ALIAS_ID}`,
    });

    // The production code hook answers only the live alias; the test alias only the hook it was given.
    props.codeHook.addPermission("LexLiveAliasInvoke", {
      principal: new iam.ServicePrincipal("lexv2.amazonaws.com"),
      sourceArn: this.aliasArn,
      sourceAccount: stack.account,
    });
    props.testAliasCodeHook?.addPermission("LexTestAliasInvoke", {
      principal: new iam.ServicePrincipal("lexv2.amazonaws.com"),
      sourceArn: this.testAliasArn,
      sourceAccount: stack.account,
    });
  }
}
