import { Logger } from "@aws-lambda-powertools/logger";
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

/** Builds the retry run over injected dependencies (the emulator's timer and `POST /_local/sms/retry`). */
export function createSmsRetryHandler(dependencies: Dependencies, log: Logger = logger) {
  return async (): Promise<SmsRetryCounts> => {
    const counts = await resendFailedSms(dependencies, log);
    // Callbacks recorded whose task was not confirmed: started again with the same ClientToken.
    const callbacks = await completePendingCallbacks(dependencies, log);
    if (callbacks.booked + callbacks.failed > 0) log.info("callback retry run", callbacks);
    if (counts.sent + counts.failed > 0) log.info("sms retry run", counts);
    return counts;
  };
}

export async function handler(): Promise<SmsRetryCounts> {
  // The only place the Lambda reads its environment (set by infra/functions), once per cold start.
  deps ??= createAwsDependencies(awsOptionsFromEnvironment(process.env));
  return createSmsRetryHandler(deps)();
}
