import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  custom_resources as cr,
  Duration,
  type aws_dynamodb as dynamodb,
  aws_events as events,
  aws_iam as iam,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  RemovalPolicy,
  Stack,
  aws_secretsmanager as secretsmanager,
  aws_events_targets as targets,
  Validations,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import { LAMBDA_ENV } from "../../fulfillment/src/contracts/lambda-environment.js";
import { RECORD_KIND_INDEX } from "../../fulfillment/src/contracts/tables.js";
import { PHONE_METADATA_FILE } from "../../fulfillment/src/domain/phone-numbers.js";

/** Repository root: entry files, lock file and locales/ are resolved from here. */
export const PROJECT_ROOT = join(import.meta.dirname, "..", "..");
export const LEX_HANDLER_ENTRY = "fulfillment/src/lex-handler.ts";
export const CONNECT_HANDLER_ENTRY = "fulfillment/src/connect-handler.ts";
export const SMS_RETRY_HANDLER_ENTRY = "fulfillment/src/sms-retry-handler.ts";
/** How often the confirmation SMS that SNS refused are sent again. */
export const SMS_RETRY_SCHEDULE = Duration.minutes(5);
/** Connect waits at most 8 s for a Lambda block; Lex waits longer, but a caller on the line does not. */
export const CONNECT_HANDLER_TIMEOUT = Duration.seconds(8);
export const LEX_HANDLER_TIMEOUT = Duration.seconds(10);
// ESM bundles have no `require`; some CommonJS dependencies still call it.
const REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export interface OrderlineFunctionsProps {
  readonly ordersTable: dynamodb.ITable;
  readonly ordersIndexNames: string[];
  readonly callbacksTable: dynamodb.ITable;
  /** Locale folders copied into each bundle (`locales/<id>/*.json`). */
  readonly localeIds: string[];
  /** Instance the callback tasks are created in; no Connect permissions without it. */
  readonly connectInstanceArn?: string;
  readonly connectInstanceId?: string;
  /** Flow id the scheduled callback tasks start in (a token when the flow is deployed here). */
  readonly callbackFlowId?: string;
  /** `SHOP_CONFIG` JSON for the fulfillment code. */
  readonly shopConfig?: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The account's SNS SMS settings (account-wide, per region): monthly spend cap in USD and `Transactional` as
   * the default type. `undefined` leaves the account's settings alone (another stack owns them).
   * @default { monthlySpendLimitUsd: 10 }
   */
  readonly smsAccountSettings?: { monthlySpendLimitUsd: number } | null;
}

/**
 * What each Lambda may do: one role per function, with only its own actions. A change and its confirmation text
 * are one TransactWriteItems (an Update on the orders table; a Put and an Update on the records table), which IAM
 * authorizes by those underlying actions on each table, so it needs no action of its own; no ConditionCheck is
 * used, so no ConditionCheckItem either
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
 */
export const FUNCTION_ACTIONS = {
  /** Lex code hook: read and change orders, keep its records, text, book callback tasks. */
  lex: {
    orders: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
    records: [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
    ],
  },
  /** Connect Lambda: the same use cases from the keypad. */
  connect: {
    orders: ["dynamodb:GetItem", "dynamodb:UpdateItem"],
    records: [
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:Query",
    ],
  },
  /** Retry run: reads orders (does a held text's change stand?), settles outbox and callback records. */
  smsRetry: {
    orders: ["dynamodb:GetItem"],
    records: ["dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:Query"],
  },
} as const;
/** The default SNS monthly SMS spend cap (USD) the stack sets; AWS's own default for new accounts is 1. */
export const DEFAULT_SMS_MONTHLY_SPEND_LIMIT_USD = 10;

/**
 * Shell commands for `afterBundling`: copy each locale's JSON files and the phone-number metadata (read on a
 * callback request only, so no cold start parses it as code) next to the bundled handler.
 */
export function copyDataFilesCommands(inputDir: string, outputDir: string, localeIds: string[]): string[] {
  const locales = localeIds.map((id) => {
    if (!/^[a-z]{2}_[A-Z]{2}$/.test(id)) throw new Error(`Invalid locale id: ${id}`);
    const to = `${outputDir}/locales/${id}`;
    return `mkdir -p "${to}" && cp "${inputDir}/locales/${id}/"*.json "${to}/"`;
  });
  const metadata = `cp "${inputDir}/node_modules/libphonenumber-js/metadata.max.json" "${outputDir}/${PHONE_METADATA_FILE}"`;
  return [...locales, metadata];
}

/**
 * Node settings of every fulfillment Lambda (the bench starts its bundles with the same). No
 * `--enable-source-maps`: Node then parses the whole map at import, which `npm run bench` measured at ~0.3x
 * of a one-GetItem Lambda's cold start on the lex handler; the map ships in the package for offline decoding.
 */
export const LAMBDA_NODE_ENVIRONMENT: Record<string, string> = {};

/** How every fulfillment Lambda is bundled (the bench builds its yardstick Lambda with the same options). */
export function lambdaBundling(localeIds: string[]): nodejs.BundlingOptions {
  return {
    format: nodejs.OutputFormat.ESM,
    target: "node22",
    minify: true,
    sourceMap: true,
    // Mappings only: the sources are in the repository, and a smaller map is quicker to decode when needed.
    sourcesContent: false,
    mainFields: ["module", "main"],
    banner: REQUIRE_BANNER,
    // DynamoDB is on every invocation: bundled and tree-shaken it loads in ~half the time of the runtime's SDK
    // (hundreds of files resolved from node_modules). SNS and Connect are used only after a change, so they
    // stay external and come from the Node 22 runtime's AWS SDK on the paths that need them.
    externalModules: ["@aws-sdk/client-sns", "@aws-sdk/client-connect"],
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => copyDataFilesCommands(inputDir, outputDir, localeIds),
    },
  };
}

/** The Lex code hook and the Connect-invoked Lambda, bundled by the local esbuild (no Docker). */
export class OrderlineFunctions extends Construct {
  readonly lexHandler: nodejs.NodejsFunction;
  readonly connectHandler: nodejs.NodejsFunction;
  /** Runs on a schedule: resends the SMS kept for retry. */
  readonly smsRetryHandler: nodejs.NodejsFunction;
  /** One role per Lambda. */
  readonly roles: { lex: iam.Role; connect: iam.Role; smsRetry: iam.Role };
  /** The HMAC key that seals the Lex session attributes Orderline acts on (fulfillment/src/security/). */
  readonly sessionKey: secretsmanager.Secret;

  constructor(scope: Construct, id: string, props: OrderlineFunctionsProps) {
    super(scope, id);
    for (const entry of [LEX_HANDLER_ENTRY, CONNECT_HANDLER_ENTRY, SMS_RETRY_HANDLER_ENTRY]) {
      if (!existsSync(join(PROJECT_ROOT, entry))) throw new Error(`Lambda entry ${entry} does not exist`);
    }
    const role = (name: string, description: string) =>
      new iam.Role(this, name, { assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"), description });
    this.roles = {
      lex: role("LexHandlerRole", "Orderline Lex code hook"),
      connect: role("ConnectHandlerRole", "Orderline Connect Lambda (keypad actions, caller lookup)"),
      smsRetry: role("SmsRetryHandlerRole", "Orderline retry run (SMS outbox, pending callback tasks)"),
    };
    for (const [name, r] of Object.entries(this.roles)) {
      const actions = FUNCTION_ACTIONS[name as keyof typeof FUNCTION_ACTIONS];
      this.grantData(r, props, actions);
      this.grantSms(r);
      if (props.connectInstanceArn && props.connectInstanceId) {
        this.grantCallbackTasks(r, props.connectInstanceArn, props.connectInstanceId);
      }
    }

    // Rotation would only invalidate the Lex sessions open at that moment (their state is dropped, the caller
    // is asked again); the key never leaves the Lambda environment.
    this.sessionKey = new secretsmanager.Secret(this, "SessionKey", {
      description: "Orderline: HMAC key sealing the Lex session attributes the code hook acts on",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    Validations.of(this.sessionKey).acknowledge({
      id: "AwsSolutions-SMG4",
      reason: "A session-sealing key, not a credential: rotating it only re-asks callers in open sessions.",
    });
    if (props.smsAccountSettings !== null) {
      this.setSmsAccountSettings(
        props.smsAccountSettings?.monthlySpendLimitUsd ?? DEFAULT_SMS_MONTHLY_SPEND_LIMIT_USD,
      );
    }

    // The entry files read these once at cold start (fulfillment/src/wiring.ts, config.ts).
    const environment: Record<string, string> = {
      [LAMBDA_ENV.ordersTable]: props.ordersTable.tableName,
      [LAMBDA_ENV.callbacksTable]: props.callbacksTable.tableName,
      [LAMBDA_ENV.connectInstanceId]: props.connectInstanceId ?? "",
      [LAMBDA_ENV.callbackFlowId]: props.callbackFlowId ?? "",
      POWERTOOLS_LOG_LEVEL: "INFO",
      ...LAMBDA_NODE_ENVIRONMENT,
      ...(props.shopConfig ? { [LAMBDA_ENV.shopConfig]: props.shopConfig } : {}),
    };
    const make = (
      name: string,
      entry: string,
      service: string,
      timeout: Duration,
      fnRole: iam.Role,
      extra: Record<string, string> = {},
    ) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      logGroup.grantWrite(fnRole);
      return new nodejs.NodejsFunction(this, name, {
        entry: join(PROJECT_ROOT, entry),
        handler: "handler",
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: join(PROJECT_ROOT, "package-lock.json"),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: 512,
        timeout,
        role: fnRole,
        logGroup,
        environment: { ...environment, ...extra, POWERTOOLS_SERVICE_NAME: service },
        bundling: lambdaBundling(props.localeIds),
      });
    };
    // A dynamic reference: CloudFormation resolves it at deploy time, the template never holds the key.
    this.lexHandler = make(
      "LexHandler",
      LEX_HANDLER_ENTRY,
      "orderline-lex",
      LEX_HANDLER_TIMEOUT,
      this.roles.lex,
      {
        [LAMBDA_ENV.sessionKey]: this.sessionKey.secretValue.unsafeUnwrap(),
      },
    );
    this.connectHandler = make(
      "ConnectHandler",
      CONNECT_HANDLER_ENTRY,
      "orderline-connect",
      CONNECT_HANDLER_TIMEOUT,
      this.roles.connect,
    );

    this.smsRetryHandler = make(
      "SmsRetryHandler",
      SMS_RETRY_HANDLER_ENTRY,
      "orderline-sms-retry",
      Duration.seconds(60),
      this.roles.smsRetry,
    );
    new events.Rule(this, "SmsRetrySchedule", {
      description: "Resend Orderline confirmation SMS that SNS refused",
      schedule: events.Schedule.rate(SMS_RETRY_SCHEDULE),
      targets: [new targets.LambdaFunction(this.smsRetryHandler, { retryAttempts: 0 })],
    });

    for (const fn of [this.lexHandler, this.connectHandler, this.smsRetryHandler]) {
      Validations.of(fn).acknowledge({
        id: "AwsSolutions-L1",
        reason:
          "NODEJS_22_X is pinned on purpose: the code is tested on Node 20/22, not yet on the newest runtime.",
      });
    }
  }

  private grantData(
    role: iam.Role,
    props: OrderlineFunctionsProps,
    actions: (typeof FUNCTION_ACTIONS)[keyof typeof FUNCTION_ACTIONS],
  ): void {
    const orders = props.ordersTable.tableArn;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "OrdersReadAndUpdate",
        actions: [...actions.orders],
        resources: [orders],
      }),
    );
    if (actions.orders.includes("dynamodb:UpdateItem" as never)) {
      role.addToPolicy(
        new iam.PolicyStatement({
          sid: "OrdersByCaller",
          actions: ["dynamodb:Query"],
          resources: props.ordersIndexNames.map((name) => `${orders}/index/${name}`),
        }),
      );
    }
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "CallbackRecords",
        actions: [...actions.records],
        resources: [
          props.callbacksTable.tableArn,
          `${props.callbacksTable.tableArn}/index/${RECORD_KIND_INDEX}`,
        ],
      }),
    );
  }

  private grantSms(role: iam.Role): void {
    // SMS to a phone number has no resource ARN, so Publish needs "*"; the Deny keeps topics and endpoints out.
    role.addToPolicy(
      new iam.PolicyStatement({ sid: "SmsToPhoneNumbers", actions: ["sns:Publish"], resources: ["*"] }),
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "NoTopicOrEndpointPublish",
        effect: iam.Effect.DENY,
        actions: ["sns:Publish"],
        resources: [`arn:${Stack.of(this).partition}:sns:*:*:*`],
      }),
    );
    Validations.of(role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason:
        "sns:Publish to a phone number (SMS) has no resource ARN and requires Resource *; a Deny on arn:aws:sns:*:*:* stops publishing to any topic or endpoint.",
    });
  }

  private grantCallbackTasks(role: iam.Role, instanceArn: string, instanceId: string): void {
    // Task contacts are created under the instance; their ids do not exist until StartTaskContact returns.
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: "CallbackTasks",
        actions: ["connect:StartTaskContact"],
        resources: [instanceArn, `${instanceArn}/*`],
        conditions: { StringEquals: { "connect:InstanceId": instanceId } },
      }),
    );
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${instanceArn}/*]`,
      reason:
        "StartTaskContact authorizes against the contact and flow sub-resources of the one Connect instance; the wildcard stays inside that instance ARN and a connect:InstanceId condition pins it.",
    });
  }

  /**
   * SNS SMS account settings have no CloudFormation resource: a custom resource calls SetSMSAttributes on
   * create and update (a spend cap stops a flood from running up the bill; Transactional by default).
   */
  private setSmsAccountSettings(monthlySpendLimitUsd: number): void {
    const attributes = {
      MonthlySpendLimit: String(monthlySpendLimitUsd),
      DefaultSMSType: "Transactional",
    };
    const call: cr.AwsSdkCall = {
      service: "SNS",
      action: "setSMSAttributes",
      parameters: { attributes },
      physicalResourceId: cr.PhysicalResourceId.of("orderline-sms-settings"),
    };
    const settings = new cr.AwsCustomResource(this, "SmsAccountSettings", {
      onCreate: call,
      onUpdate: call,
      // SetSMSAttributes has no resource ARN.
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
      installLatestAwsSdk: false,
    });
    Validations.of(settings).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: "sns:SetSMSAttributes is account-wide and has no resource ARN.",
    });
    // The provider Lambda is a stack-level singleton that aws-cdk-lib builds for every AwsCustomResource.
    const providerId = `AWS${cr.AwsCustomResource.PROVIDER_FUNCTION_UUID.replace(/-/g, "")}`;
    const provider = Stack.of(this).node.tryFindChild(providerId);
    if (provider) {
      Validations.of(provider).acknowledge({
        id: "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
        reason:
          "The aws-cdk-lib AwsCustomResource provider writes its own logs with the AWS basic execution policy.",
      });
    }
  }
}
