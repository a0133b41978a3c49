import { Logger } from "@aws-lambda-powertools/logger";
import { loadShopConfig, type ShopConfig } from "./config.js";
import { parseLexEvent } from "./lex/event.js";
import type { LexResult } from "./lex/response.js";
import { malformedEventResult, routeLexEvent } from "./lex/router.js";
import { lexOutcome, observeTexts, withOutcomeMetrics } from "./observability/outcome-metrics.js";
import type { Dependencies } from "./ports.js";
import { awsOptionsFromEnvironment, createAwsDependencies } from "./wiring.js";

/** Lambda entry for the Lex V2 code hook (dialog and fulfillment) of every intent. */
const logger = new Logger({ serviceName: "orderline-lex" });
let deps: Dependencies | undefined;
let config: ShopConfig | undefined;

/** Builds a code-hook handler over injected dependencies (tests, the emulator, benchmarks). */
export function createLexHandler(dependencies: Dependencies, shopConfig: ShopConfig, log: Logger = logger) {
  return async (raw: unknown): Promise<LexResult> => {
    const event = parseLexEvent(raw);
    if (!event) {
      log.warn("malformed Lex event");
      return malformedEventResult(raw, shopConfig.defaultLocale);
    }
    return routeLexEvent(event, dependencies, shopConfig, log);
  };
}

// Outcome metrics (EMF) are derived from what the handler returns: fulfillment/src/observability/.
export const handler = withOutcomeMetrics("orderline-lex", lexOutcome, handleLexEvent);

async function handleLexEvent(raw: unknown): Promise<LexResult> {
  try {
    // The only place the Lambda reads its environment (set by infra/functions), once per cold start.
    config ??= loadShopConfig(process.env);
    deps ??= observeTexts(createAwsDependencies(awsOptionsFromEnvironment(process.env)));
  } catch (error) {
    // A broken SHOP_CONFIG or environment must not turn into silence on the line.
    logger.error("configuration error", { error: String(error) });
    return malformedEventResult(raw, "en_US");
  }
  return createLexHandler(deps, config)(raw);
}
