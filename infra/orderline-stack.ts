import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { renderBot } from "../bot/render.js";
import type { RenderedBot } from "../bot/types.js";
import { listLocaleIds } from "../locales/index.js";
import { ConnectRouting } from "./connect/connect-routing.js";
import { OrderlineConnect } from "./connect/orderline-connect.js";
import { OrderlineTables } from "./data/orderline-tables.js";
import { OrderlineFunctions } from "./functions/orderline-functions.js";
import { OrderlineBot } from "./lex/orderline-bot.js";
import { BotInsights } from "./operations/bot-insights.js";
import { OrderlineMonitoring } from "./operations/orderline-monitoring.js";
import { OrderlineSecurityAlarms } from "./operations/security-alarms.js";
import { type OrderlineSettings, shopConfigJson } from "./settings.js";
import { OrderlineTestCases } from "./testing/orderline-test-cases.js";

export interface OrderlineStackProps extends StackProps {
  readonly settings: OrderlineSettings;
  /**
   * The rendered bot; tests pass a modified one.
   * @default renderBot(settings.locales)
   */
  readonly bot?: RenderedBot;
}

/** Everything Orderline deploys: tables, Lambdas, the Lex bot and, with an instance ARN, the Connect parts. */
export class OrderlineStack extends Stack {
  readonly tables: OrderlineTables;
  readonly functions: OrderlineFunctions;
  readonly bot: OrderlineBot;
  readonly routing?: ConnectRouting;
  readonly connect?: OrderlineConnect;
  /** With `-c deployTestCases=true`: flows/test-cases/ as AWS::Connect::TestCase. */
  readonly testCases?: OrderlineTestCases;
  readonly monitoring: OrderlineMonitoring;
  /** Alarms on verification failures, locks, forged state, SMS and callback volume, degraded answers. */
  readonly securityAlarms: OrderlineSecurityAlarms;

  constructor(scope: Construct, id: string, props: OrderlineStackProps) {
    super(scope, id, {
      description: "Orderline: Amazon Connect + Lex V2 self-service for shops (github.com/orderline)",
      ...props,
    });
    const settings = props.settings;
    const localeIds = settings.locales ?? listLocaleIds();
    const unknown = localeIds.filter((id) => !listLocaleIds().includes(id));
    if (unknown.length > 0) throw new Error(`No locales/<id>/bot.json for: ${unknown.join(", ")}`);
    const rendered = props.bot ?? renderBot(localeIds);

    this.tables = new OrderlineTables(this, "Tables", {
      deletionProtection: settings.deletionProtection,
      retainData: settings.retainData,
    });

    // Queue, hours and the callback-task flow come first: the Lambdas get the flow id in their environment.
    if (settings.connectInstanceArn) {
      this.routing = new ConnectRouting(this, "ConnectRouting", {
        instanceArn: settings.connectInstanceArn,
        existingQueueArn: settings.existingQueueArn,
        existingHoursOfOperationArn: settings.existingHoursOfOperationArn,
        callbackFlowId: settings.callbackFlowId,
        timeZone: hoursTimeZone(settings, rendered),
        businessHours: settings.businessHours,
        namePrefix: this.stackName,
      });
    }

    this.functions = new OrderlineFunctions(this, "Functions", {
      ordersTable: this.tables.orders,
      ordersIndexNames: this.tables.ordersIndexNames,
      callbacksTable: this.tables.callbacks,
      localeIds,
      connectInstanceArn: settings.connectInstanceArn,
      connectInstanceId: settings.connectInstanceId,
      callbackFlowId: this.routing?.callbackFlowId,
      shopConfig: shopConfigJson(settings),
      logRetention: settings.logRetentionDays,
      smsAccountSettings:
        settings.smsMonthlySpendLimitUsd > 0
          ? { monthlySpendLimitUsd: settings.smsMonthlySpendLimitUsd }
          : null,
    });
    // The console's test alias: no code hook by default (anyone with lex:RecognizeText on it sets attributes).
    let testAliasCodeHook: OrderlineFunctions["lexHandler"] | undefined;
    if (settings.testAliasCodeHook === "production") testAliasCodeHook = this.functions.lexHandler;
    if (settings.testAliasCodeHook === "sandbox") {
      const sandbox = new OrderlineTables(this, "SandboxTables", {
        deletionProtection: false,
        retainData: false,
      });
      testAliasCodeHook = new OrderlineFunctions(this, "SandboxFunctions", {
        ordersTable: sandbox.orders,
        ordersIndexNames: sandbox.ordersIndexNames,
        callbacksTable: sandbox.callbacks,
        localeIds,
        shopConfig: shopConfigJson(settings),
        logRetention: settings.logRetentionDays,
        smsAccountSettings: null,
      }).lexHandler;
    }

    this.bot = new OrderlineBot(this, "Lex", {
      bot: rendered,
      codeHook: this.functions.lexHandler,
      testAliasCodeHook,
      detectSentiment: settings.detectSentiment,
    });

    if (settings.connectInstanceArn && this.routing) {
      this.connect = new OrderlineConnect(this, "Connect", {
        settings: { ...settings, connectInstanceArn: settings.connectInstanceArn },
        routing: this.routing,
        botAliasArn: this.bot.aliasArn,
        connectLambda: this.functions.connectHandler,
      });
      if (["true", true].includes(this.node.tryGetContext("deployTestCases"))) {
        this.testCases = new OrderlineTestCases(this, "TestCases", {
          instanceArn: settings.connectInstanceArn,
          connect: this.connect,
          botAliasArn: this.bot.aliasArn,
          connectLambdaArn: this.functions.connectHandler.functionArn,
          agentQueueArn: this.routing.queueArn,
          hoursOfOperationArn: this.routing.hoursOfOperationArn,
        });
      }
    }

    this.monitoring = new OrderlineMonitoring(this, "Monitoring", {
      functions: { LexHandler: this.functions.lexHandler, ConnectHandler: this.functions.connectHandler },
      backgroundFunctions: { SmsRetryHandler: this.functions.smsRetryHandler },
      tables: { Orders: this.tables.orders, Callbacks: this.tables.callbacks },
      alarmTopicArn: settings.alarmTopicArn,
    });
    // Containment, fallback rates, handoff reasons and the fallback alarm from the Lambdas' outcome metrics.
    new BotInsights(this, "BotInsights", {
      dashboard: this.monitoring.dashboard,
      intents: this.bot.intentNames,
      alarmTopicArn: settings.alarmTopicArn,
    });

    this.securityAlarms = new OrderlineSecurityAlarms(this, "SecurityAlarms", {
      services: ["orderline-lex", "orderline-connect", "orderline-sms-retry"],
      alarmTopicArn: settings.alarmTopicArn,
    });

    new CfnOutput(this, "BotId", { value: this.bot.bot.attrId, description: "Lex V2 bot id" });
    new CfnOutput(this, "BotAliasId", { value: this.bot.alias.attrBotAliasId, description: "live alias id" });
    new CfnOutput(this, "BotAliasArn", { value: this.bot.aliasArn, description: "live alias ARN" });
    new CfnOutput(this, "BotVersion", { value: this.bot.version.attrBotVersion });
    new CfnOutput(this, "BotDefinitionHash", { value: this.bot.definitionHash });
    new CfnOutput(this, "OrdersTableName", { value: this.tables.orders.tableName });
    new CfnOutput(this, "CallbacksTableName", { value: this.tables.callbacks.tableName });
    new CfnOutput(this, "LexHandlerName", { value: this.functions.lexHandler.functionName });
    new CfnOutput(this, "ConnectHandlerArn", { value: this.functions.connectHandler.functionArn });
  }
}

/** The agents' time zone: of `shopConfig.defaultLocale` (else the first locale), from `timeZones` or bot.json. */
export function hoursTimeZone(settings: OrderlineSettings, bot: RenderedBot): string {
  const preferred = settings.shopConfig.defaultLocale;
  const home = bot.locales.find((l) => l.localeId === preferred) ?? bot.locales[0];
  if (!home) return "UTC";
  return settings.timeZones[home.localeId] ?? home.timeZone;
}
