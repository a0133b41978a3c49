import { Logger } from "@aws-lambda-powertools/logger";
import { loadShopConfig, type ShopConfig } from "./config.js";
import type { Dependencies } from "./ports.js";
import { redactingReplacer } from "./security/redact.js";
import { resendFailedSms } from "./services/sms-confirmations.js";
import { completePendingCallbacks } from "./use-cases/schedule-callback.js";
import { awsOptionsFromEnvironment, createAwsDependencies } from "./wiring.js";

/** What one retry run did. */
export interface SmsRetryCounts {
  sent: number;
  failed: number;
  skipped: number;
}

/** Lambda entry run on a schedule (EventBridge): resends the confirmation SMS that SNS refused earlier. */
const logger = new Logger({ serviceName: "orderline-sms-retry", jsonReplacerFn: redactingReplacer });
let deps: Dependencies | undefined;
let config: ShopConfig | undefined;

/** Builds the retry run over injected dependencies (the emulator's timer and `POST /_local/sms/retry`). */
export function createSmsRetryHandler(
  dependencies: Dependencies,
  shopConfig: ShopConfig,
  log: Logger = logger,
) {
  return async (): Promise<SmsRetryCounts> => {
    const counts = await resendFailedSms(dependencies, log);
    // Callbacks recorded whose task or records were not confirmed: the task started again with the same
    // ClientToken, then the mark, the record and the text written as the request would have.
    const callbacks = await completePendingCallbacks(dependencies, shopConfig, log);
    if (callbacks.booked + callbacks.failed > 0) log.info("callback retry run", callbacks);
    if (counts.sent + counts.failed > 0) log.info("sms retry run", counts);
    return counts;
  };
}

export async function handler(): Promise<SmsRetryCounts> {
  // The only place the Lambda reads its environment (set by infra/functions), once per cold start.
  config ??= loadShopConfig(process.env);
  deps ??= createAwsDependencies(awsOptionsFromEnvironment(process.env));
  return createSmsRetryHandler(deps, config)();
}
