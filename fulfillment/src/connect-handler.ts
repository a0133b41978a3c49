import { Logger } from "@aws-lambda-powertools/logger";
import { loadShopConfig, type ShopConfig } from "./config.js";
import {
  type ActionContext,
  cancelOrderAction,
  changeShippingDateAction,
  createActionContext,
  describeOrder,
  lookupCaller,
  requestCallbackAction,
  type StringMap,
} from "./connect/actions.js";
import { localeOf, parseContactFlowEvent } from "./connect/event.js";
import { OrderlineError } from "./errors.js";
import { Messages } from "./messages.js";
import {
  connectOutcome,
  observeTexts,
  type TextObserver,
  withOutcomeMetrics,
} from "./observability/outcome-metrics.js";
import { SecurityMetric, securityEvent } from "./observability/security-events.js";
import type { Dependencies } from "./ports.js";
import { redactingReplacer } from "./security/redact.js";
import { awsOptionsFromEnvironment, createAwsDependencies } from "./wiring.js";

/** Lambda entry invoked by Connect flows: caller-ID lookup and the keypad menu's actions. */
const logger = new Logger({ serviceName: "orderline-connect", jsonReplacerFn: redactingReplacer });
let deps: Dependencies | undefined;
let config: ShopConfig | undefined;

const actions: Record<string, (ctx: ActionContext) => Promise<StringMap>> = {
  lookupCaller,
  describeOrder,
  cancelOrder: cancelOrderAction,
  changeShippingDate: changeShippingDateAction,
  requestCallback: requestCallbackAction,
};

/** Builds the Connect handler over injected dependencies. Never throws: errors become `result: ERROR`. */
export function createConnectHandler(
  dependencies: Dependencies,
  shopConfig: ShopConfig,
  log: Logger = logger,
) {
  /** `texts`: set when this request sends a text (outcome metrics; withOutcomeMetrics passes one per call). */
  return async (raw: unknown, texts?: TextObserver): Promise<StringMap> => {
    const event = parseContactFlowEvent(raw);
    if (!event) {
      log.warn("malformed ContactFlowEvent");
      return { result: "ERROR", message: new Messages(shopConfig.defaultLocale).t("error.malformed") };
    }
    const localeId = localeOf(event, shopConfig.defaultLocale);
    const deps = texts ? observeTexts(dependencies, texts) : dependencies;
    const ctx = createActionContext(event, localeId, deps, shopConfig, log);
    const name = ctx.params.action ?? "";
    const action = actions[name];
    if (!action) {
      log.warn("unknown action", { action: name.slice(0, 40) });
      return { result: "ERROR", message: ctx.msg.t("error.malformed") };
    }
    try {
      return await action(ctx);
    } catch (error) {
      const code = error instanceof OrderlineError ? error.code : "UNEXPECTED";
      log.error("connect action failed", {
        action: name,
        code,
        error: error instanceof Error ? error.message : String(error),
      });
      securityEvent(log, SecurityMetric.HandlerDegraded, { action: name, code, channel: "connect" });
      return { result: "ERROR", message: ctx.msg.t("error.dependency") };
    }
  };
}

// Outcome metrics (EMF) are derived from what the handler returns: fulfillment/src/observability/.
export const handler = withOutcomeMetrics("orderline-connect", connectOutcome, handleContactFlowEvent);

async function handleContactFlowEvent(raw: unknown, texts: TextObserver): Promise<StringMap> {
  try {
    // The only place the Lambda reads its environment (set by infra/functions), once per cold start.
    config ??= loadShopConfig(process.env);
    deps ??= createAwsDependencies(awsOptionsFromEnvironment(process.env));
  } catch (error) {
    // A broken SHOP_CONFIG or environment must not turn into silence on the line.
    logger.error("configuration error", { error: String(error) });
    return { result: "ERROR", message: new Messages("en_US").t("error.dependency") };
  }
  return createConnectHandler(deps, config)(raw, texts);
}
