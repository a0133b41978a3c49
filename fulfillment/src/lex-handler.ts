import { Logger } from "@aws-lambda-powertools/logger";
import { loadShopConfig, type ShopConfig } from "./config.js";
import { LAMBDA_ENV } from "./contracts/lambda-environment.js";
import { parseLexEvent } from "./lex/event.js";
import type { LexResult } from "./lex/response.js";
import { malformedEventResult, routeLexEvent } from "./lex/router.js";
import {
  lexOutcome,
  observeTexts,
  type TextObserver,
  withOutcomeMetrics,
} from "./observability/outcome-metrics.js";
import { SecurityMetric, securityEvent } from "./observability/security-events.js";
import type { Dependencies } from "./ports.js";
import { redactingReplacer } from "./security/redact.js";
import { openSession, sealSession, sessionSealKey } from "./security/session-seal.js";
import { awsOptionsFromEnvironment, createAwsDependencies } from "./wiring.js";

/** Lambda entry for the Lex V2 code hook (dialog and fulfillment) of every intent. */
// Every log line is redacted: no full phone number, even inside an AWS error text.
const logger = new Logger({ serviceName: "orderline-lex", jsonReplacerFn: redactingReplacer });
let deps: Dependencies | undefined;
let config: ShopConfig | undefined;
let lexHandler: ReturnType<typeof createLexHandler> | undefined;

/** Builds a code-hook handler over injected dependencies (tests, the emulator, benchmarks). */
export function createLexHandler(
  dependencies: Dependencies,
  shopConfig: ShopConfig,
  log: Logger = logger,
  /** HMAC key of the sealed session attributes. @default a random key per handler (one process) */
  sessionKey?: string,
) {
  const seal = sessionSealKey(sessionKey);
  if (seal.ephemeral && sessionKey !== undefined)
    log.warn("session key missing or short: using a random one");
  /** `texts`: set when this request sends a text (outcome metrics; withOutcomeMetrics passes one per call). */
  return async (raw: unknown, texts?: TextObserver): Promise<LexResult> => {
    const event = parseLexEvent(raw);
    if (!event) {
      log.warn("malformed Lex event");
      return malformedEventResult(raw, shopConfig.defaultLocale);
    }
    // Client-writable state: a forged or unsealed identity, number or time is dropped before any intent sees it.
    event.sessionState.sessionAttributes ??= {};
    const forged = openSession(seal.key, event.sessionId, event.sessionState.sessionAttributes);
    if (forged.length > 0) {
      securityEvent(log, SecurityMetric.ForgedSessionState, { attributes: forged.join(","), channel: "lex" });
    }
    const deps = texts ? observeTexts(dependencies, texts) : dependencies;
    const result = await routeLexEvent(event, deps, shopConfig, log);
    const attrs = result.sessionState.sessionAttributes;
    if (attrs) sealSession(seal.key, event.sessionId, attrs);
    return result;
  };
}

// Outcome metrics (EMF) are derived from what the handler returns: fulfillment/src/observability/.
export const handler = withOutcomeMetrics("orderline-lex", lexOutcome, handleLexEvent);

async function handleLexEvent(raw: unknown, texts: TextObserver): Promise<LexResult> {
  try {
    // The only place the Lambda reads its environment (set by infra/functions), once per cold start.
    config ??= loadShopConfig(process.env);
    deps ??= createAwsDependencies(awsOptionsFromEnvironment(process.env));
  } catch (error) {
    // A broken SHOP_CONFIG or environment must not turn into silence on the line.
    logger.error("configuration error", { error: String(error) });
    return malformedEventResult(raw, "en_US");
  }
  // One handler per cold start: the session key is read once (a random key per request would drop every seal).
  lexHandler ??= createLexHandler(deps, config, logger, process.env[LAMBDA_ENV.sessionKey] ?? "");
  return lexHandler(raw, texts);
}
